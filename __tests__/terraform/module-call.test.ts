/**
 * Every stack folder called as a child module, the way Paradigm's users call theirs: from a root module of the
 * user's, with an aliased provider in another Region passed through `providers`, default_tags, and a for_each call.
 * The folders carry no provider block, so the caller's provider (region, credentials, default_tags) is the one
 * used, and the zip is found through path.module from the caller's directory.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_PROVIDER, offlineCopy, type OfflineStack, type TerraformPlan } from "../../scripts/terraform";
import { planWithSummary } from "../support/deployed";
import { swapFor5100 } from "../support/native-swap";
import { moduleOf, type PlannedInstance, plannedResources } from "../support/state";
import { synthMain } from "../support/synth";
import { ALARM_SPECS } from "../../lib/alarms";

const CALLER_REGION = "us-west-2";
const DEFAULT_TAGS = { team: "platform", "cost-center": "42" };
const LAMBDA_CALLS = ['module.paradigm', 'module.sample', 'module.teams["a"]', 'module.teams["b"]'];
/** An account whose SCPs demand a boundary and a path on every role, and customer keys (issue 18). */
const BOUNDARY = "arn:aws:iam::111122223333:policy/org/developer-boundary";
const QUEUE_KEY = `arn:aws:kms:${CALLER_REGION}:111122223333:key/11111111-aaaa-4bbb-8ccc-dddddddddddd`;
const ENVIRONMENT_KEY = `arn:aws:kms:${CALLER_REGION}:111122223333:key/22222222-aaaa-4bbb-8ccc-dddddddddddd`;
const GUARDRAILS = {
  role_permissions_boundary: BOUNDARY,
  role_path: "/platform/ecr/",
  dead_letter_queue_kms_key_arn: QUEUE_KEY,
  kms_key_arn: ENVIRONMENT_KEY,
  application_log_level: "DEBUG",
  metrics_namespace: "Platform/ECR",
  ok_actions: [`arn:aws:sns:${CALLER_REGION}:111122223333:recoveries`],
};
const GUARDED_LAMBDA_CALLS = ["module.guarded", "module.guarded_sample"];
/** Tags of the root's default (unaliased) provider, which a call without `providers` inherits. */
const INHERITED_TAGS = { "inherited-from": "default-provider" };

let root: OfflineStack;
let planned: PlannedInstance[];
let result: { summary: string; plan: TerraformPlan; output: string };

beforeAll(async () => {
  const { stacks } = await synthMain();
  const dir = mkdtempSync(join(tmpdir(), "ecop-module-call-"));
  for (const name of ["ecr-create-on-push", "ecr-create-on-push-aws-sample"]) cpSync(stacks[name], join(dir, "modules", name), { recursive: true });
  // The native stack needs provider 6.28; its 5.100 copy (native-swap.ts) stands in, without the copy's provider override.
  const native = swapFor5100(stacks["ecr-create-on-push-native"]);
  rmSync(join(native.dir, "zz_offline_override.tf.json"));
  cpSync(native.dir, join(dir, "modules", "ecr-create-on-push-native"), { recursive: true });
  const west = { aws: "aws.west" };
  writeFileSync(
    join(dir, "main.tf.json"),
    JSON.stringify(
      {
        provider: {
          aws: [
            { ...OFFLINE_PROVIDER, alias: "west", region: CALLER_REGION, default_tags: [{ tags: DEFAULT_TAGS }] },
            { default_tags: [{ tags: INHERITED_TAGS }] },
          ],
        },
        module: {
          // The call of the Paradigm README: no providers argument, the root's default provider is inherited.
          implicit: { source: "./modules/ecr-create-on-push", name: "implicit", managed_repo_prefixes: ["backend/"] },
          paradigm: { source: "./modules/ecr-create-on-push", providers: west, managed_repo_prefixes: ["backend/", "frontend/"] },
          sample: { source: "./modules/ecr-create-on-push-aws-sample", providers: west, managed_repo_prefixes: ["legacy/"] },
          teams: { source: "./modules/ecr-create-on-push", for_each: { a: "team-a", b: "team-b" }, providers: west, name: "ecr-${each.key}", managed_repo_prefixes: ["${each.value}"] },
          native: { source: "./modules/ecr-create-on-push-native", providers: west, managed_repo_prefixes: ["backend/"] },
          // Both .tfvars stacks and the native one, with the inputs of an account with SCPs.
          guarded: { source: "./modules/ecr-create-on-push", providers: west, name: "guarded", managed_repo_prefixes: ["secure"], ...GUARDRAILS },
          guarded_sample: { source: "./modules/ecr-create-on-push-aws-sample", providers: west, name: "guarded-sample", managed_repo_prefixes: ["secure-sample/"], ...GUARDRAILS },
          guarded_native: { source: "./modules/ecr-create-on-push-native", providers: west, name: "guarded-native", managed_repo_prefixes: ["secure-native/"], ...GUARDRAILS },
        },
      },
      null,
      2,
    ),
  );
  // The copy's override completes the default provider offline (eu-west-1); only `implicit` may use it.
  root = offlineCopy(dir);
  result = await planWithSummary(root);
  planned = plannedResources(result.plan);
  console.log(`root module calling every stack folder (aliased provider in ${CALLER_REGION}, default_tags, for_each): ${result.summary}`);
}, 180_000);

const inCall = (call: string) => planned.filter((r) => moduleOf(r) === call);

describe("stack folders called as child modules with the caller's providers", () => {
  it("plans every call without a warning (no redundant provider block, no ignored backend, moved blocks with nothing to move)", () => {
    // Assert (every call sets prefixes: an empty list warns on purpose)
    expect(result.output).not.toMatch(/Warning:/);
    expect(result.summary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
  });

  it.each(LAMBDA_CALLS)("names %s's resources after the caller's Region, not the environment's", (call) => {
    // Act
    const fn = inCall(call).find((r) => r.type === "aws_lambda_function")!;
    const names = inCall(call).map((r) => r.values.name ?? r.values.function_name).filter((n): n is string => typeof n === "string");

    // Assert
    expect(fn.values.function_name).toMatch(new RegExp(`-${CALLER_REGION}$`));
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect(name).not.toContain(OFFLINE_PROVIDER.region);
  });

  it("gives the for_each instances their own names", () => {
    // Act
    const functions = LAMBDA_CALLS.map((call) => inCall(call).find((r) => r.type === "aws_lambda_function")?.values.function_name);

    // Assert
    expect(functions).toEqual([`create-ecr-repo-${CALLER_REGION}`, `dynamic-create-ecr-repo-${CALLER_REGION}`, `ecr-a-${CALLER_REGION}`, `ecr-b-${CALLER_REGION}`]);
  });

  it("carries the caller's default_tags in tags_all of every taggable resource", () => {
    // Act
    const taggable = planned.filter((r) => "tags_all" in r.values && moduleOf(r) !== "module.implicit");

    // Assert
    expect(taggable.length).toBeGreaterThan(20);
    for (const r of taggable) expect({ address: r.address, tags_all: r.values.tags_all }).toMatchObject({ address: r.address, tags_all: DEFAULT_TAGS });
  });

  it("gives a call without `providers` the root's default provider, default_tags included", () => {
    // Act
    const taggable = inCall("module.implicit").filter((r) => "tags_all" in r.values);

    // Assert
    expect(inCall("module.implicit").find((r) => r.type === "aws_lambda_function")?.values.function_name).toBe(`implicit-${OFFLINE_PROVIDER.region}`);
    expect(taggable.length).toBeGreaterThan(4);
    for (const r of taggable) expect({ address: r.address, tags_all: r.values.tags_all }).toMatchObject({ address: r.address, tags_all: INHERITED_TAGS });
  });

  it.each(LAMBDA_CALLS)("points %s's function at a zip that exists where Terraform reads it, from the caller's directory", (call) => {
    // Act
    const filename = String(inCall(call).find((r) => r.type === "aws_lambda_function")?.values.filename);
    const zip = join(root.dir, filename);

    // Assert
    expect(filename).toMatch(/^modules\/ecr-create-on-push(-aws-sample)?\/assets\/.+\/handler\.zip$/);
    expect(existsSync(zip)).toBe(true);
    expect(readFileSync(zip).subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  });

  it("plans the native stack as a module too, its template and role in the caller's Region", () => {
    // Act
    const native = inCall("module.native");

    // Assert
    expect(native.map((r) => r.type).sort()).toEqual(["aws_ecr_repository_creation_template", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy_attachment"]);
    expect(native.find((r) => r.type === "aws_iam_role")?.values.name).toBe(`create-ecr-repo-templates-${CALLER_REGION}`);
  });
});

describe("stack folders called with a permissions boundary, a role path and customer keys", () => {
  const ofType = (call: string, type: string) => inCall(call).filter((r) => r.type === type);

  it.each([...GUARDED_LAMBDA_CALLS, "module.guarded_native"])("puts the boundary and path on %s's role", (call) => {
    // Act
    const roles = ofType(call, "aws_iam_role");

    // Assert
    expect(roles).toHaveLength(1);
    expect(roles[0]!.values).toMatchObject({ permissions_boundary: BOUNDARY, path: "/platform/ecr/" });
  });

  it.each(GUARDED_LAMBDA_CALLS)("encrypts %s's dead-letter queue with the queue key instead of SQS-managed keys", (call) => {
    // Act
    const [queue] = ofType(call, "aws_sqs_queue");
    const [plain] = ofType("module.paradigm", "aws_sqs_queue");

    // Assert
    expect(queue!.values.kms_master_key_id).toBe(QUEUE_KEY);
    expect(queue!.values.sqs_managed_sse_enabled).not.toBe(true);
    expect(plain!.values).toMatchObject({ sqs_managed_sse_enabled: true });
    expect(plain!.values.kms_master_key_id ?? null).toBeNull();
  });

  it.each(GUARDED_LAMBDA_CALLS)("encrypts %s's environment with the environment key", (call) => {
    // Act
    const [fn] = ofType(call, "aws_lambda_function");

    // Assert
    expect(fn!.values.kms_key_arn).toBe(ENVIRONMENT_KEY);
  });

  it.each(GUARDED_LAMBDA_CALLS)("lets %s's role use the queue key through SQS, and no key for the environment", (call) => {
    // Act
    const policy = JSON.parse(String(ofType(call, "aws_iam_role_policy")[0]!.values.policy)) as { Statement: { Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }[] };
    const kms = policy.Statement.filter((s) => s.Action.some((a) => a.startsWith("kms:")));
    const viaEcr = { StringEquals: { "kms:ViaService": `ecr.${CALLER_REGION}.amazonaws.com` } };

    // Assert (the sample stack's repositories use the AWS managed ECR key: those statements act only through ECR)
    expect(kms.filter((s) => s.Sid !== "EncryptFailuresForDeadLetterQueue")).toEqual(kms.filter((s) => JSON.stringify(s.Condition).includes(JSON.stringify(viaEcr).slice(1, -1))));
    expect(kms.filter((s) => s.Resource.includes(QUEUE_KEY))).toEqual([
      { Sid: "EncryptFailuresForDeadLetterQueue", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [QUEUE_KEY], Condition: { StringEquals: { "kms:ViaService": `sqs.${CALLER_REGION}.amazonaws.com` } } },
    ]);
    expect(JSON.stringify(policy)).not.toContain(ENVIRONMENT_KEY);
  });

  it.each(GUARDED_LAMBDA_CALLS)("gives %s's function the log level and METRICS_NAMESPACE, which a call without metrics_namespace lacks", (call) => {
    // Act
    const [fn] = ofType(call, "aws_lambda_function");
    const [plain] = ofType("module.paradigm", "aws_lambda_function");
    const variables = (r: PlannedInstance) => (r.values.environment as { variables: Record<string, string> }[])[0]!.variables;

    // Assert
    expect(fn!.values.logging_config).toEqual([expect.objectContaining({ log_format: "JSON", application_log_level: "DEBUG", system_log_level: "WARN" })]);
    expect(variables(fn!).METRICS_NAMESPACE).toBe("Platform/ECR");
    expect(Object.keys(variables(plain!))).not.toContain("METRICS_NAMESPACE");
  });

  it.each(GUARDED_LAMBDA_CALLS)("points %s's alarms at ok_actions", (call) => {
    // Act
    const alarms = ofType(call, "aws_cloudwatch_metric_alarm");

    // Assert
    expect(alarms.length).toBe(ALARM_SPECS.length);
    for (const alarm of alarms) expect(alarm.values.ok_actions).toEqual(GUARDRAILS.ok_actions);
  });
});
