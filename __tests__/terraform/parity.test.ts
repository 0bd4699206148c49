/**
 * One verdict everywhere: each input goes through synth (literals), `terraform plan` (the same values in a `.tfvars`
 * of the Paradigm-variables stack, and as construct props fed by a user's own unvalidated `TerraformVariable`s) and
 * the function's own settings parser (on the environment plan computed, or on the literal one when plan refuses).
 * All must accept or all refuse. Where they accept, the function built from the planned zip and environment starts
 * and creates a repository, and every planned name fits AWS's limit.
 */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError as HandlerConfigError } from "../../handler/errors";
import { loadLogSettings, loadSettings } from "../../handler/settings";
import { ConfigError, type EcrCreateOnPushConfig } from "../../lib";
import { resolveDefaults } from "../../lib/config";
import { literalEnvironment } from "../../lib/environment-checks";
import { VARIABLES } from "../../lib/variables";
import { FIELD_RULES } from "../../handler/field-rules";
import { variableFedStack } from "../support/variable-stack";
import { INPUT_RULES } from "../../lib/input-checks";
import { offlineCopy } from "../../scripts/terraform";
import { moduleOf, type PlannedInstance, plannedResources } from "../support/state";
import { BAD, KEY, manyTags } from "../fixtures/bad-configs";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, FUNCTION_NAME, pushEvent, REGION } from "../support/handler-fixtures";
import { invokePlanned, plannedVariables, unpackPlannedFunction } from "../support/lambda-zip";
import { fullSynth, synthMain, synthStack } from "../support/synth";
import { refusedCalls } from "../support/plan-diagnostics";

const DEFAULT_ENVIRONMENT = literalEnvironment(resolveDefaults({}));

type Verdict = "accept" | "refuse";
const policyOf = (length: number) => {
  const base = JSON.stringify({ rules: [], pad: "" });
  return JSON.stringify({ rules: [], pad: "x".repeat(length - base.length) });
};
const prefixTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`prefix-${i}`, "v"]));
const filters = (n: number) => Array.from({ length: n }, (_, i) => `keep-${i}*`);

/** Construct inputs no Terraform variable feeds: literals that decide which resources exist. */
const TS_ONLY = ["mode", "native", "deadLetterQueue", "alarms", "provider"];

/** The rows the issue named (each passed plan and then stopped the function), then limits on both sides. */
const ROWS: [name: string, expected: Verdict, config: EcrCreateOnPushConfig][] = [
  ["a KMS key with AES256", "refuse", { kmsKey: KEY }],
  ["IMMUTABLE_WITH_EXCLUSION without filters", "refuse", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }],
  ["exclusion filters with MUTABLE", "refuse", { imageTagMutabilityExclusionFilters: ["v*"] }],
  ["a 300-character prefix", "refuse", { managedRepoPrefixes: ["a".repeat(300)] }],
  ["the prefix backend", "accept", { managedRepoPrefixes: ["backend"] }],
  ["the string prefix app-", "refuse", { managedRepoPrefixes: ["app-"] }],
  ["a prefix with IMMUTABLE_WITH_EXCLUSION and no filters", "refuse", { prefixSettings: { team: { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" } } }],
  ["a prefix's filters under an inherited MUTABLE", "refuse", { prefixSettings: { team: { imageTagMutabilityExclusionFilters: ["v*"] } } }],
  ["a prefix's key under an inherited AES256", "refuse", { prefixSettings: { team: { kmsKey: KEY } } }],
  ["a prefix's key with its own KMS", "accept", { prefixSettings: { team: { encryptionType: "KMS", kmsKey: KEY } } }],
  ["a prefix that inherits filters", "accept", { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["v*"], prefixSettings: { team: { scanOnPush: false } } }],
  ["a 254-character prefix", "accept", { managedRepoPrefixes: ["a".repeat(254)] }],
  ["a 255-character prefix", "refuse", { managedRepoPrefixes: ["a".repeat(255)] }],
  ["a 256-character prefix", "refuse", { managedRepoPrefixes: ["a".repeat(256)] }],
  ["5 exclusion filters", "accept", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: filters(5) }],
  ["6 exclusion filters", "refuse", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: filters(6) }],
  ["48 repository tags", "accept", { repoTags: manyTags(48) }],
  ["49 repository tags", "refuse", { repoTags: manyTags(49) }],
  ["a 128-character tag key", "accept", { repoTags: { ["k".repeat(128)]: "v" } }],
  ["a 256-character tag value", "accept", { repoTags: { k: "v".repeat(256) } }],
  ["a 100-character lifecycle policy", "accept", { repoLifecyclePolicy: policyOf(100) }],
  ["a 99-character lifecycle policy", "refuse", { repoLifecyclePolicy: policyOf(99) }],
  ["a 10240-character repository policy", "accept", { repoPolicy: policyOf(10_240) }],
  ["a 10241-character repository policy", "refuse", { repoPolicy: policyOf(10_241) }],
  ["a 900 s timeout", "accept", { lambdaTimeout: 900 }],
  ["10240 MB", "accept", { memorySize: 10_240 }],
  ["10241 MB", "refuse", { memorySize: 10_241 }],
  ["60 s event age", "accept", { maximumEventAgeInSeconds: 60 }],
  ["59 s event age", "refuse", { maximumEventAgeInSeconds: 59 }],
  ["created-by in repoTags, dropped", "accept", { repoTags: { "created-by": "me", team: "a" } }],
  // The rule name "ecr-repo-404-on-push-for-<name>-<region>" fills EventBridge's 64 characters in eu-west-1 at 29.
  // A prefix's tags merge over the catch-all's: 30 of those and 18 (or 19) of its own make 48 (or 49).
  ["prefix tags that fit once merged", "accept", { repoTags: manyTags(30), prefixSettings: { team: { tags: prefixTags(18) } } }],
  ["prefix tags over the limit once merged", "refuse", { repoTags: manyTags(30), prefixSettings: { team: { tags: prefixTags(19) } } }],
  ["a 29-character name", "accept", { name: "n".repeat(29) }],
  ["a 30-character name", "refuse", { name: "n".repeat(30) }],
  // Each per-field rule (handler/field-rules.ts) near its limits, on the catch-all settings and under a prefix.
  ["a 30720-character lifecycle policy", "accept", { repoLifecyclePolicy: policyOf(30_720) }],
  ["a 30721-character lifecycle policy", "refuse", { repoLifecyclePolicy: policyOf(30_721) }],
  ["a 2-character repository policy", "accept", { repoPolicy: "{}" }],
  ["a 128-character exclusion filter", "accept", { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["x".repeat(128)] }],
  ["a 129-character exclusion filter", "refuse", { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["x".repeat(129)] }],
  ["a KMS alias ARN", "refuse", { encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:111122223333:alias/ecr" }],
  ["a 129-character repository tag key", "refuse", { repoTags: { ["k".repeat(129)]: "v" } }],
  ["an empty repository tag key", "refuse", { repoTags: { "": "v" } }],
  ["an AWS: repository tag key, in capitals", "refuse", { repoTags: { "AWS:team": "x" } }],
  ["a prefix's exclusion filter that is no wildcard", "refuse", { prefixSettings: { team: { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["a b"] } } }],
  ["a prefix's 128-character exclusion filter", "accept", { prefixSettings: { team: { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["x".repeat(128)] } } }],
  ["a prefix's unknown encryption", "refuse", { prefixSettings: { team: { encryptionType: "SSE" as never } } }],
  ["a prefix's KMS alias", "refuse", { prefixSettings: { team: { encryptionType: "KMS", kmsKey: "alias/ecr" } } }],
  ["a prefix's 99-character lifecycle policy", "refuse", { prefixSettings: { team: { lifecyclePolicy: policyOf(99) } } }],
  ["a prefix's 100-character lifecycle policy", "accept", { prefixSettings: { team: { lifecyclePolicy: policyOf(100) } } }],
  ["a prefix's 10241-character repository policy", "refuse", { prefixSettings: { team: { repositoryPolicy: policyOf(10_241) } } }],
  ["a prefix's repository policy that is a list", "refuse", { prefixSettings: { team: { repositoryPolicy: "[]" } } }],
  ['a prefix\'s "" policies, for none', "accept", { prefixSettings: { team: { lifecyclePolicy: "", repositoryPolicy: "" } } }],
  ["48 tags under a prefix", "accept", { prefixSettings: { team: { tags: manyTags(48) } } }],
  ["49 tags under a prefix", "refuse", { prefixSettings: { team: { tags: manyTags(49) } } }],
  ["a prefix's 128-character tag key and 256-character value", "accept", { prefixSettings: { team: { tags: { ["k".repeat(128)]: "v".repeat(256) } } } }],
  ["a prefix's 129-character tag key", "refuse", { prefixSettings: { team: { tags: { ["k".repeat(129)]: "v" } } } }],
  ["a prefix's 257-character tag value", "refuse", { prefixSettings: { team: { tags: { k: "v".repeat(257) } } } }],
  ["a prefix's aws: tag key", "refuse", { prefixSettings: { team: { tags: { "aws:team": "x" } } } }],
  ["created-for in a prefix's tags", "refuse", { prefixSettings: { team: { tags: { "created-for": "me" } } } }],
  // Issue 18: the inputs accounts with SCPs need, log levels, the metrics namespace (checked by the function too) and ok_actions.
  ["a boundary, a role path and both customer keys", "accept", { rolePermissionsBoundary: "arn:aws:iam::111122223333:policy/org/boundary", rolePath: "/platform/ecr/", deadLetterQueueKmsKeyArn: KEY, environmentKmsKeyArn: KEY }],
  ["an AWS managed policy as the boundary", "accept", { rolePermissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAccess" }],
  ["a 512-character role path", "accept", { rolePath: `/${"p".repeat(510)}/` }],
  ["a 513-character role path", "refuse", { rolePath: `/${"p".repeat(511)}/` }],
  ["TRACE and DEBUG log levels", "accept", { applicationLogLevel: "TRACE", systemLogLevel: "DEBUG" }],
  ["a namespace with spaces, : and # inside", "accept", { metricsNamespace: "Platform: ECR/create #1" }],
  ["a 255-character namespace", "accept", { metricsNamespace: "n".repeat(255) }],
  ["a 256-character namespace", "refuse", { metricsNamespace: "n".repeat(256) }],
  ["a namespace starting with :", "refuse", { metricsNamespace: ":ecr" }],
  ["5 ok actions", "accept", { okActions: Array.from({ length: 5 }, (_, i) => `arn:aws:sns:eu-west-1:111122223333:ok-${i}`) }],
  // Issue 20: AWS's quotas, with the inputs that say an account's were raised, and tag characters per service
  // (the same limits for all three stacks: quota-parity.test.ts).
  ["an event-pattern quota of 4096", "accept", { eventPatternQuota: 4096 }],
  ["an event-pattern quota of 4097", "refuse", { eventPatternQuota: 4097 }],
  ["a reserved concurrency of 900 under the default quota", "accept", { lambdaConcurrency: 900 }],
  ["a reserved concurrency of 901 under the default quota", "refuse", { lambdaConcurrency: 901 }],
  ["a reserved concurrency of 1901 under a raised quota of 2000", "refuse", { lambdaConcurrency: 1901, accountConcurrencyQuota: 2000 }],
  ["an account concurrency quota of 0", "refuse", { accountConcurrencyQuota: 0 }],
  ["stack tags of every allowed kind of character", "accept", { tags: { "cost-centre/ü": "Zürich 12 +=.:_@-" } }],
  ["a stack tag value with &", "refuse", { tags: { team: "R&D" } }],
  ["a repository tag value with ,", "refuse", { repoTags: { team: "platform, core" } }],
  ["a prefix's tag key with '", "refuse", { prefixSettings: { team: { tags: { "team's": "ops" } } } }],
  // Inputs that decide which resources exist have no Terraform variable (TS_ONLY): those rows stay in the unit tests.
  ...BAD.filter(([, config]) => !Object.keys(config).some((input) => TS_ONLY.includes(input))).map(([name, config]): [string, Verdict, EcrCreateOnPushConfig] => [`bad ${name}`, "refuse", config]),
];

/** Every bad example of every per-field rule, on the catch-all inputs and under a prefix: one row per prop and rule. */
const RULE_ROWS: [string, Verdict, EcrCreateOnPushConfig][] = FIELD_RULES.flatMap((rule) =>
  rule.examples.bad.flatMap((bad, i): [string, Verdict, EcrCreateOnPushConfig][] => [
    ...(rule.construct === "prefix-only" ? [] : [rule.field.input, ...(rule.field.input === "repoTags" ? ["tags"] : [])].map((input): [string, Verdict, EcrCreateOnPushConfig] => [`rule ${rule.code} bad example ${i} in ${input}`, "refuse", { [input]: bad }])),
    [`rule ${rule.code} bad example ${i} under a prefix`, "refuse", { prefixSettings: { team: { [rule.field.setting]: bad } } }],
  ]),
);
const ALL_ROWS = [...ROWS, ...RULE_ROWS];

/**
 * The `.tfvars` rows reach the Paradigm-variables stack, whose prefixes are plain string prefixes as in the Paradigm
 * module (prefixMatch "string"); synth and the function then judge with that meaning too. Where a row's verdict
 * differs there, it is here.
 */
const STRING_MEANING: EcrCreateOnPushConfig = { prefixMatch: "string" };
const STRING_VERDICTS: Readonly<Record<string, Verdict>> = { "the string prefix app-": "accept", "bad prefix dash": "accept", "a 255-character prefix": "accept" };

/**
 * Inputs whose resource attribute the AWS provider validates itself (the rule's and role's name characters, the log
 * group's retention, the role path's length): from a user's variable, its message may come first, as Terraform validates before it evaluates
 * preconditions. The provider refuses every bad retention itself, so no row can show our words for it.
 */
const PROVIDER_FIRST = ["name", "logRetentionDays", "rolePath"];
const PROVIDER_ONLY = ["logRetentionDays"];

/** How a row reaches plan: a `.tfvars` of the Paradigm-variables stack, or construct props fed by plain variables. */
type Flavour = "tfvars" | "variables";
const FLAVOURS: readonly Flavour[] = ["tfvars", "variables"];
/**
 * Every (flavour, row) pair, numbered: case k is a module call of its own. The per-rule rows reach the `.tfvars`
 * variables' validation blocks in field-rules.test.ts already, so only props fed by plain variables take them here.
 */
const CASES = FLAVOURS.flatMap((flavour) => (flavour === "tfvars" ? ROWS : ALL_ROWS).map((_, row) => ({ flavour, row })));

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
    const env = { ...environment, AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME, AWS_REGION: REGION };
    loadSettings(env);
    loadLogSettings(env);
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

/** A case's module arguments: the `.tfvars` values, or the props themselves under the variables named after them. */
const argumentsOf = (k: number): Record<string, unknown> => {
  const { flavour, row } = CASES[k]!;
  const config = ALL_ROWS[row]![2];
  return flavour === "tfvars" ? tfvars(config) : { ...config };
};

/** A root module with one call per case, each of its own copy of its stack folder: all plan at once, one init. */
function writeRoot(dir: string, cases: readonly number[]): void {
  const module = Object.fromEntries(cases.map((k) => [`row_${k}`, { source: `./stack_${k}`, ...argumentsOf(k) }]));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module }, null, 2));
}

/**
 * Every row's plan verdict. Terraform stops before preconditions once a variable's validation fails anywhere, so
 * the refused calls are dropped and the rest planned again, until a plan passes: its calls are the accepted rows.
 */
async function planVerdicts(stackDirs: Readonly<Record<Flavour, string>>): Promise<{ refused: Map<number, string>; accepted: PlannedInstance[]; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "ecop-parity-"));
  CASES.forEach(({ flavour }, k) => cpSync(stackDirs[flavour], join(dir, `stack_${k}`), { recursive: true }));
  let pending = CASES.map((_, k) => k);
  writeRoot(dir, pending);
  const root = offlineCopy(dir, REGION);
  await root.init();
  const refused = new Map<number, string>();
  for (;;) {
    writeRoot(root.dir, pending);
    const out = await root.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-json", "-out=parity.tfplan"]).then(
      (r) => ({ ok: true, stdout: r.stdout }),
      (e: { stdout?: string; stderr?: string }) => ({ ok: false, stdout: `${e.stdout ?? ""}\n${e.stderr ?? ""}` }),
    );
    if (out.ok) {
      const { stdout } = await root.terraform(["show", "-json", "parity.tfplan"]);
      return { refused, accepted: plannedResources(JSON.parse(stdout)), dir: root.dir };
    }
    const found = refusedCalls(out.stdout, "row");
    if (found.size === 0) throw new Error(`the plan failed on no row's module call:\n${out.stdout.slice(-4000)}`);
    for (const [i, error] of found) refused.set(i, error);
    pending = pending.filter((i) => !found.has(i));
  }
}

describe("one verdict in synth, plan and the function", () => {
  let plans: Awaited<ReturnType<typeof planVerdicts>>;
  let server: EcrServer;

  beforeAll(async () => {
    const { stacks } = await synthMain();
    plans = await planVerdicts({ tfvars: stacks["ecr-create-on-push"], variables: fullSynth((app) => variableFedStack(app, "variables")) });
    // Started once the plans are done: the server closes itself after its lifetime, which a loaded machine's plans outlast.
    server = await startEcrServer({ account: ACCOUNT, region: REGION });
  }, 600_000);
  afterAll(() => server?.close());

  const expectedOf = (name: string, flavour: Flavour, verdict: Verdict): Verdict => (flavour === "tfvars" ? (STRING_VERDICTS[name] ?? verdict) : verdict);
  it.each(CASES.map(({ flavour, row }, k) => [ALL_ROWS[row]![0], flavour, expectedOf(ALL_ROWS[row]![0], flavour, ALL_ROWS[row]![1]), k] as const))("%s (%s): synth, plan and the function all %s", async (_name, flavour, expected, k) => {
    // Arrange
    const config = { ...ALL_ROWS[CASES[k]!.row]![2], ...(flavour === "tfvars" ? STRING_MEANING : {}) };
    const error = plans.refused.get(k);
    const resources = plans.accepted.filter((r) => moduleOf(r) === `module.row_${k}`);
    const plan = { verdict: error === undefined ? "accept" : "refuse", error: error ?? "", resources, stackDir: plans.dir };

    // Act
    const synth = synthVerdict(config);
    const fn = plan.resources.find((r) => r.type === "aws_lambda_function");
    const environment = fn ? plannedVariables(fn) : literalEnvironment(resolveDefaults(config));
    // Inputs the function never reads (timeout, memory, resource tags) give it nothing to judge.
    const defaults = flavour === "tfvars" ? literalEnvironment(resolveDefaults(STRING_MEANING)) : DEFAULT_ENVIRONMENT;
    const handler = environment && JSON.stringify(environment) !== JSON.stringify(defaults) ? handlerVerdict(environment) : expected;

    // Assert
    expect({ synth, plan: plan.verdict, handler, planError: plan.error }).toMatchObject({ synth: expected, plan: expected, handler: expected });
    // Props from a user's variables have no validation blocks: the construct's own preconditions refuse them, but
    // for an attribute the AWS provider validates itself, during validation, which comes before any precondition.
    const providerFirst = flavour === "variables" && Object.keys(config).every((input) => PROVIDER_FIRST.includes(input));
    if (plan.verdict === "refuse") expect(plan.error).toMatch(flavour === "tfvars" ? /Invalid value for (input )?variable|precondition failed/ : providerFirst ? /expected|doesn't comply|precondition failed/ : /precondition failed/);
    if (plan.verdict !== "accept") return;
    for (const r of plan.resources) {
      const limit = NAME_LIMITS[r.type];
      if (limit) expect(String(r.values[limit[0]]).length, `${r.address} ${limit[0]}`).toBeLessThanOrEqual(limit[1]);
    }
    const prefix = config.managedRepoPrefixes?.[0] ?? "team";
    // Within ECR's 256 characters even under the longest allowed prefix.
    const tail = prefix.length > 240 ? flavour[0] : `app-${k}`;
    // A string prefix is followed directly ("app-" + "app-5"), a namespace after its "/".
    const name = flavour === "tfvars" ? `${prefix}${/[a-z0-9]$/.test(prefix) && prefix.length <= 240 ? "-" : ""}${tail}` : `${prefix}/${tail}`;
    const code = unpackPlannedFunction(plan.stackDir, plan.resources);
    const outcome = await invokePlanned(code, pushEvent(name), { region: REGION, account: ACCOUNT, endpoint: server.url });
    expect(outcome).toMatchObject({ decision: "created", repository: name });
    // "backend" covers "backend-api" only as a string prefix (the Paradigm stack), not as a namespace.
    if (prefix !== "backend") return;
    const sibling = await invokePlanned(code, pushEvent(`backend-api-${k}`), { region: REGION, account: ACCOUNT, endpoint: server.url });
    expect(sibling).toMatchObject(flavour === "tfvars" ? { decision: "created", repository: `backend-api-${k}` } : { decision: "skipped", reason: "outside-allowed-prefixes" });
  });

  it("refuses every rule of every prop fed by a user's variable in some row, with the rule's own words", () => {
    // Arrange
    const errors = CASES.flatMap(({ flavour }, k) => (flavour === "variables" && plans.refused.has(k) ? [plans.refused.get(k)!.replace(/\s+/g, " ")] : []));

    // Act
    const unseen = INPUT_RULES.filter(([input]) => !PROVIDER_ONLY.includes(input))
      .flatMap(([input, rules]) => rules.map(([, message]) => `${input}: ${message}.`))
      .filter((message) => !errors.some((e) => e.includes(message)));

    // Assert
    expect(errors.length).toBeGreaterThan(50);
    expect(unseen).toEqual([]);
  });
});
