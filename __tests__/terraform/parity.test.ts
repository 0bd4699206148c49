/**
 * One verdict everywhere: each input goes through synth (literals), `terraform plan` (the same values in a `.tfvars`
 * of the Paradigm-variables stack) and the function's own settings parser (on the environment plan computed, or on
 * the literal one when plan refuses). All three must accept or all refuse. Where they accept, the function built
 * from the planned zip and environment starts and creates a repository, and every planned name fits AWS's limit.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError as HandlerConfigError } from "../../handler/errors";
import { loadSettings } from "../../handler/settings";
import { ConfigError, type EcrCreateOnPushConfig } from "../../lib";
import { resolveDefaults } from "../../lib/config";
import { literalEnvironment } from "../../lib/environment";
import { VARIABLES } from "../../lib/variables";
import { offlineCopy, type OfflineStack, planOffline, type PlannedResource } from "../../scripts/terraform";
import { BAD, KEY, manyTags } from "../fixtures/bad-configs";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { pushEvent } from "../support/handler-fixtures";
import { invokePlanned, plannedVariables, unpackPlannedFunction } from "../support/lambda-zip";
import { synthMain, synthStack } from "../support/synth";

type Verdict = "accept" | "refuse";
const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
const policyOf = (length: number) => {
  const base = JSON.stringify({ rules: [], pad: "" });
  return JSON.stringify({ rules: [], pad: "x".repeat(length - base.length) });
};
const filters = (n: number) => Array.from({ length: n }, (_, i) => `keep-${i}*`);

/** The rows the issue named (each passed plan and then stopped the function), then limits on both sides. */
const ROWS: [string, EcrCreateOnPushConfig, Verdict][] = [
  ["a KMS key with AES256", { kmsKey: KEY }, "refuse"],
  ["IMMUTABLE_WITH_EXCLUSION without filters", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }, "refuse"],
  ["exclusion filters with MUTABLE", { imageTagMutabilityExclusionFilters: ["v*"] }, "refuse"],
  ["a 300-character prefix", { managedRepoPrefixes: ["a".repeat(300)] }, "refuse"],
  ["a prefix with IMMUTABLE_WITH_EXCLUSION and no filters", { prefixSettings: { team: { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" } } }, "refuse"],
  ["a prefix's filters under an inherited MUTABLE", { prefixSettings: { team: { imageTagMutabilityExclusionFilters: ["v*"] } } }, "refuse"],
  ["a prefix's key under an inherited AES256", { prefixSettings: { team: { kmsKey: KEY } } }, "refuse"],
  ["a prefix's key with its own KMS", { prefixSettings: { team: { encryptionType: "KMS", kmsKey: KEY } } }, "accept"],
  ["a prefix that inherits filters", { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["v*"], prefixSettings: { team: { scanOnPush: false } } }, "accept"],
  ["a 254-character prefix", { managedRepoPrefixes: ["a".repeat(254)] }, "accept"],
  ["a 255-character prefix", { managedRepoPrefixes: ["a".repeat(255)] }, "refuse"],
  ["5 exclusion filters", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: filters(5) }, "accept"],
  ["6 exclusion filters", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: filters(6) }, "refuse"],
  ["48 repository tags", { repoTags: manyTags(48) }, "accept"],
  ["49 repository tags", { repoTags: manyTags(49) }, "refuse"],
  ["a 128-character tag key", { repoTags: { ["k".repeat(128)]: "v" } }, "accept"],
  ["a 256-character tag value", { repoTags: { k: "v".repeat(256) } }, "accept"],
  ["a 100-character lifecycle policy", { repoLifecyclePolicy: policyOf(100) }, "accept"],
  ["a 99-character lifecycle policy", { repoLifecyclePolicy: policyOf(99) }, "refuse"],
  ["a 10240-character repository policy", { repoPolicy: policyOf(10_240) }, "accept"],
  ["a 10241-character repository policy", { repoPolicy: policyOf(10_241) }, "refuse"],
  ["a 900 s timeout", { lambdaTimeout: 900 }, "accept"],
  ["10240 MB", { memorySize: 10_240 }, "accept"],
  ["10241 MB", { memorySize: 10_241 }, "refuse"],
  ["60 s event age", { maximumEventAgeInSeconds: 60 }, "accept"],
  ["59 s event age", { maximumEventAgeInSeconds: 59 }, "refuse"],
  ["created-by in repoTags, dropped", { repoTags: { "created-by": "me", team: "a" } }, "accept"],
  ...BAD.map(([name, config]): [string, EcrCreateOnPushConfig, Verdict] => [`bad ${name}`, config, "refuse"]),
];

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const TFVAR = Object.fromEntries(Object.entries(VARIABLES).map(([tfvar, spec]) => [spec.input, tfvar]));

/** The same values as a `.tfvars.json` of the Paradigm-variables stack. */
function tfvars(config: EcrCreateOnPushConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([input, value]) => {
      const tfvar = TFVAR[input];
      if (!tfvar) throw new Error(`no Terraform variable feeds ${input}`);
      if (input !== "prefixSettings") return [tfvar, value];
      const settings = value as Record<string, Record<string, unknown>>;
      return [tfvar, Object.fromEntries(Object.entries(settings).map(([k, s]) => [k, Object.fromEntries(Object.entries(s).map(([f, v]) => [snake(f), v]))]))];
    }),
  );
}

function synthVerdict(config: EcrCreateOnPushConfig): Verdict {
  try {
    synthStack(config);
    return "accept";
  } catch (error) {
    if (error instanceof ConfigError) return "refuse";
    throw error;
  }
}

function handlerVerdict(environment: Record<string, string>): Verdict {
  try {
    loadSettings({ ...environment, AWS_LAMBDA_FUNCTION_NAME: `create-ecr-repo-${REGION}`, AWS_REGION: REGION });
    return "accept";
  } catch (error) {
    if (error instanceof HandlerConfigError) return "refuse";
    throw error;
  }
}

/** AWS's name limits for what the stack creates (IAM, Lambda, EventBridge, SQS, CloudWatch Logs). */
const NAME_LIMITS: Record<string, [attribute: string, max: number]> = {
  aws_lambda_function: ["function_name", 64],
  aws_iam_role: ["name", 64],
  aws_iam_policy: ["name", 128],
  aws_iam_role_policy: ["name", 128],
  aws_cloudwatch_event_rule: ["name", 64],
  aws_cloudwatch_event_target: ["target_id", 64],
  aws_sqs_queue: ["name", 80],
  aws_cloudwatch_log_group: ["name", 512],
};

describe("one verdict in synth, plan and the function", () => {
  let stack: OfflineStack;
  let server: EcrServer;

  beforeAll(async () => {
    const { stacks } = await synthMain();
    stack = offlineCopy(stacks["ecr-create-on-push"], REGION);
    await stack.init();
    server = await startEcrServer({ account: ACCOUNT, region: REGION });
  });
  afterAll(() => server?.close());

  it.concurrent.each(ROWS.map((row, i) => [...row, i] as const))("%s: every layer says %s", async (_case, config, expected, i) => {
    // Arrange
    const varFile = join(stack.dir, `parity-${i}.tfvars.json`);
    writeFileSync(varFile, JSON.stringify(tfvars(config)));

    // Act
    const synth = synthVerdict(config);
    let plan: Verdict;
    let resources: PlannedResource[] = [];
    let planError = "";
    try {
      resources = (await planOffline(stack, [`-var-file=${varFile}`, "-refresh=false"])).planned_values.root_module.resources ?? [];
      plan = "accept";
    } catch (error) {
      planError = String((error as { stderr?: string }).stderr ?? error);
      plan = "refuse";
    }
    const fn = resources.find((r) => r.type === "aws_lambda_function");
    const environment = fn ? plannedVariables(fn) : literalEnvironment(resolveDefaults(config));
    const defaults = literalEnvironment(resolveDefaults({}));
    // Inputs the function never reads (timeout, memory, resource tags) give it nothing to judge.
    const handler = environment && JSON.stringify(environment) !== JSON.stringify(defaults) ? handlerVerdict(environment) : expected;

    // Assert
    expect({ synth, plan, handler }).toEqual({ synth: expected, plan: expected, handler: expected });
    if (plan === "refuse") expect(planError).toMatch(/Invalid value for (input )?variable|precondition failed/);
    if (plan === "accept") {
      for (const r of resources) {
        const limit = NAME_LIMITS[r.type];
        if (limit) expect(String(r.values[limit[0]]).length, `${r.address} ${limit[0]}`).toBeLessThanOrEqual(limit[1]);
      }
      const prefix = config.managedRepoPrefixes?.[0] ?? "team";
      const code = unpackPlannedFunction(stack.dir, resources);
      // Within ECR's 256 characters even under the longest allowed prefix.
      const name = `${prefix}/${prefix.length > 240 ? "a" : `app-${i}`}`;
      const outcome = await invokePlanned(code, pushEvent(name), { region: REGION, account: ACCOUNT, endpoint: server.url });
      expect(outcome).toMatchObject({ decision: "created", repository: name });
    }
  });
});
