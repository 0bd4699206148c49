/**
 * Issue 20: every quota and character set the planned requests must meet, at and just past each limit, for all
 * three stacks (the Paradigm-variables stack, the AWS-sample stack and the native stack), each from a `.tfvars`.
 * Synth (literal props) and plan must agree, and so must the function where a value reaches it; every plan that
 * passes is measured against AWS's limits (quota-limits.ts), so a row is either refused at plan or planned within them.
 */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError as HandlerConfigError } from "../../handler/errors";
import { loadSettings } from "../../handler/settings";
import type { EcrCreateOnPushConfig } from "../../lib";
import { resolveDefaults } from "../../lib/config";
import { literalEnvironment } from "../../lib/environment-checks";
import { offlineCopy } from "../../scripts/terraform";
import { moduleOf, type PlannedInstance, plannedResources } from "../support/state";
import { FUNCTION_NAME, REGION } from "../support/handler-fixtures";
import { plannedVariables } from "../support/lambda-zip";
import { swapFor5100 } from "../support/native-swap";
import { limitBreaches } from "../support/quota-limits";
import { type Expected, QUOTA_ROWS as ROWS, type Verdict } from "../fixtures/quota-rows";
import { defaultsOf, type Stack, STACKS, synthAccepts, tfvarsOf } from "../support/stack-inputs";
import { synthMain } from "../support/synth";
import { refusedCalls } from "../support/plan-diagnostics";

const verdictFor = (expected: Expected, stack: Stack): Verdict => (typeof expected === "string" ? expected : stack === "native" ? expected.native : expected.lambda);

const synthVerdict = (stack: Stack, config: EcrCreateOnPushConfig): Verdict => (synthAccepts(stack, config) ? "accept" : "refuse");

function handlerVerdict(environment: Record<string, string>): Verdict {
  try {
    loadSettings({ ...environment, AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME, AWS_REGION: REGION });
    return "accept";
  } catch (error) {
    if (error instanceof HandlerConfigError) return "refuse";
    throw error;
  }
}

const CASES = STACKS.flatMap((stack) => ROWS.map((_, row) => ({ stack, row })));

/** Every case's plan verdict: refused calls are dropped and the rest planned again until a plan passes. */
async function planCases(stackDirs: Readonly<Record<Stack, string>>): Promise<{ refused: Map<number, string>; accepted: PlannedInstance[] }> {
  const dir = mkdtempSync(join(tmpdir(), "ecop-quota-parity-"));
  CASES.forEach(({ stack }, k) => cpSync(stackDirs[stack], join(dir, `stack_${k}`), { recursive: true }));
  const writeRoot = (cases: readonly number[]) =>
    writeFileSync(join(root.dir, "main.tf.json"), JSON.stringify({ module: Object.fromEntries(cases.map((k) => [`case_${k}`, { source: `./stack_${k}`, ...tfvarsOf(CASES[k]!.stack, ROWS[CASES[k]!.row]![2]) }])) }));
  let pending = CASES.map((_, k) => k);
  const root = offlineCopy(dir, REGION);
  writeRoot(pending);
  await root.init();
  const refused = new Map<number, string>();
  for (;;) {
    writeRoot(pending);
    const out = await root.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-json", "-out=cases.tfplan"]).then(
      () => ({ ok: true, stdout: "" }),
      (e: { stdout?: string; stderr?: string }) => ({ ok: false, stdout: `${e.stdout ?? ""}\n${e.stderr ?? ""}` }),
    );
    if (out.ok) {
      const { stdout } = await root.terraform(["show", "-json", "cases.tfplan"]);
      return { refused, accepted: plannedResources(JSON.parse(stdout)) };
    }
    const found = refusedCalls(out.stdout, "case");
    if (found.size === 0) throw new Error(`the plan failed on no case's module call:\n${out.stdout.slice(-4000)}`);
    for (const [k, error] of found) refused.set(k, error);
    pending = pending.filter((k) => !found.has(k));
  }
}

describe("AWS's quotas and character sets: one verdict in synth, plan and the function, for all three stacks", () => {
  let plans: Awaited<ReturnType<typeof planCases>>;

  beforeAll(async () => {
    const { stacks } = await synthMain();
    const native = swapFor5100(stacks["ecr-create-on-push-native"]!).dir;
    plans = await planCases({ paradigm: stacks["ecr-create-on-push"]!, sample: stacks["ecr-create-on-push-aws-sample"]!, native });
  }, 900_000);

  it.each(CASES.map(({ stack, row }, k) => [ROWS[row]![0], stack, verdictFor(ROWS[row]![1], stack), k] as const))("%s (%s stack): refused, or planned within AWS's limits (%s)", (_name, stack, expected, k) => {
    // Arrange
    const config = ROWS[CASES[k]!.row]![2];
    const error = plans.refused.get(k);
    const resources = plans.accepted.filter((r) => moduleOf(r) === `module.case_${k}`);

    // Act
    const synth = synthVerdict(stack, config);
    const plan: Verdict = error === undefined ? "accept" : "refuse";
    const fn = resources.find((r) => r.type === "aws_lambda_function");
    const reachesFunction = stack !== "native" && ("repoTags" in config || "prefixSettings" in config);
    const environment = (fn ? plannedVariables(fn) : undefined) ?? literalEnvironment(resolveDefaults({ ...defaultsOf(stack), ...config }));
    const handler = reachesFunction && environment ? handlerVerdict(environment) : expected;

    // Assert
    expect({ synth, plan, handler, planError: error ?? "" }).toMatchObject({ synth: expected, plan: expected, handler: expected });
    if (plan === "accept") expect(limitBreaches(resources, resolveDefaults(config))).toEqual([]);
  });

  it("names the limit and the numbers when it refuses at plan", () => {
    // Arrange
    const errorOf = (name: string, stack: Stack) => plans.refused.get(CASES.findIndex((c) => c.stack === stack && ROWS[c.row]![0] === name)) ?? "";

    // Assert
    expect(errorOf("a reserved concurrency of 901 under the default quota", "paradigm")).toMatch(/lambda_concurrency: 901 reserves more than the account's concurrency quota of 1000 allows: Lambda keeps 100 unreserved, so use at most 900/);
    expect(errorOf("event names past the default quota", "sample")).toMatch(/the rule's event pattern needs \d+ characters even without a name filter, over the account's event-pattern quota of 2048/);
    expect(errorOf("a stack tag value with &", "native")).toMatch(/IAM \(CreateRole, CreatePolicy\) allows only letters, digits, spaces and _ \. : \/ = \+ - @ in tag keys and values/);
    expect(errorOf("a repository tag value with ( )", "paradigm")).toMatch(/ECR \(CreateRepository, CreateRepositoryCreationTemplate\) allows only/);
    for (const stack of ["paradigm", "sample"] as const) expect(errorOf("200 prefixes of 60 characters", stack)).toMatch(/exceeds Lambda's 4096-byte environment limit even compressed/);
    expect(errorOf("one prefix more, needing 11 managed policies", "native")).toMatch(/more than IAM's 10 managed policies of 6144 characters per role/);
  });
});
