/**
 * Values derived from the configuration are defined once as two halves (lib/tokens.ts `Derivation`): one computes
 * at synth, the other hands the computation to Terraform. Both halves run here on the same literal input; the
 * Terraform half is applied as outputs of an otherwise empty stack, and each must equal the literal half.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { TerraformOutput, TerraformStack, Token } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import type { Construct } from "constructs";
import { WITHOUT_FUNCTION_TAGS } from "../../lib/config";
import { STORED_VALUE } from "../../lib/environment";
import { EVENT_PATTERN, PUSHER_FILTERED, RULE_STATE } from "../../lib/event-pattern";
import { fromTemplateText } from "../../lib/hcl";
import { APPLIED_FOR } from "../../lib/native";
import { TEMPLATE_SETTINGS } from "../../lib/native-templates";
import { ACTIONS_WHEN, ANY_PREFIX_HAS, ARNS_PER_POLICY, JOINED, KMS_KEYS, POLICY_DOCUMENT, REPOSITORY_ARNS } from "../../lib/iam-policy";
import type { Derivation } from "../../lib/tokens";
import { terraformEnv } from "../../scripts/terraform";
import { fullSynth } from "../support/synth";

const run = promisify(execFile);
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY = "arn:aws:kms:eu-west-1:111122223333:key/9999abcd-12ab-34cd-56ef-1234567890ab";
const REFS = { partition: "aws", region: "eu-west-1", account: "111122223333" };
const pattern = (managedRepoPrefixes: string[], eventPatternQuota = 2048) => ({ eventNames: ["InitiateLayerUpload"], allowedPusherAccounts: [], managedRepoPrefixes, eventPatternQuota });
/** Enough prefixes that only their first segments fit an event pattern. */
const MANY = Array.from({ length: 200 }, (_, i) => `dept-${String(i % 20).padStart(2, "0")}/team-${String(i).padStart(4, "0")}`);
const DEFAULTS = {
  imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
  imageTagMutabilityExclusionFilters: ["dev-*"],
  scanOnPush: true,
  encryptionType: "KMS",
  kmsKey: KEY,
  lifecyclePolicy: '{"rules":[]}',
  repositoryPolicy: null,
  tags: { team: "platform" },
};
const statement = (Sid: string) => ({ Sid, Effect: "Allow" as const, Action: [`ecr:${Sid}`], Resource: ["*"] });

interface Case {
  readonly derivation: Derivation<never, unknown>;
  /** The arguments, or a function of the stack for a derivation that keeps values in locals of a scope. */
  readonly args: readonly unknown[] | ((scope: Construct | undefined) => readonly unknown[]);
  /** How to compare: JSON text is compared as data; a stored environment value after decoding it. */
  readonly json?: boolean | "stored";
}

const DETAIL = { eventSource: ["ecr.amazonaws.com"], errorCode: ["RepositoryNotFoundException"], requestParameters: { repositoryName: [{ prefix: "team/" }] } };
/** Long enough to be stored gzipped; with quotes, "${" and "%{", which must arrive as text. */
const LONG_SETTINGS = { tags: { note: "100%{x} and ${not-a-variable}", quote: 'say "hi"' }, policy: JSON.stringify({ Statement: Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: "Allow" })) }) };

const CASES: Record<string, Case> = {
  "repository ARNs of prefixes": { derivation: REPOSITORY_ARNS as never, args: [["team-a", "team-b/"], REFS] },
  "repository ARNs of prefixes, one namespace given twice, unsorted": { derivation: REPOSITORY_ARNS as never, args: [["team-b/", "team/", "team-a", "team"], REFS] },
  "repository ARNs without prefixes": { derivation: REPOSITORY_ARNS as never, args: [[], REFS] },
  "repository ARNs of string prefixes, one given twice, unsorted": { derivation: REPOSITORY_ARNS as never, args: [["backend", "app-", "backend/", "app-"], REFS, "string"] },
  "KMS keys of the catch-all and of prefixes": {
    derivation: KMS_KEYS as never,
    args: [{ encryptionType: "KMS", kmsKey: KEY, prefixSettings: { a: { encryptionType: "AES256" }, b: { kmsKey: OTHER_KEY }, c: {} } }],
  },
  "KMS keys when only a prefix uses KMS, with the AWS managed key": { derivation: KMS_KEYS as never, args: [{ encryptionType: "AES256", kmsKey: null, prefixSettings: { x: { encryptionType: "KMS" } } }] },
  "no KMS keys": { derivation: KMS_KEYS as never, args: [{ encryptionType: "AES256", kmsKey: null, prefixSettings: {} }] },
  "a prefix with a lifecycle policy ('' is none)": { derivation: ANY_PREFIX_HAS as never, args: [{ a: { lifecyclePolicy: "" }, b: { repositoryPolicy: "{}" } }, "lifecyclePolicy"] },
  "a prefix with a repository policy": { derivation: ANY_PREFIX_HAS as never, args: [{ a: { lifecyclePolicy: "" }, b: { repositoryPolicy: "{}" } }, "repositoryPolicy"] },
  "ARNs per managed policy": { derivation: ARNS_PER_POLICY as never, args: [["team", "a-much-longer-prefix/with-a-service"]] },
  "ARNs per managed policy without prefixes": { derivation: ARNS_PER_POLICY as never, args: [[]] },
  "actions of the groups that apply": { derivation: ACTIONS_WHEN as never, args: [[[true, ["ecr:A"]], [false, ["ecr:B"]], [true, ["ecr:C", "ecr:D"]]]] },
  "an event pattern on the prefixes": { derivation: EVENT_PATTERN as never, args: [pattern(["team-a", "team-b/"])], json: true },
  "an event pattern without prefixes": { derivation: EVENT_PATTERN as never, args: [pattern([])], json: true },
  "an event pattern on string prefixes": { derivation: EVENT_PATTERN as never, args: [{ ...pattern(["backend", "app-", "team-b/"]), prefixMatch: "string" }], json: true },
  "an event pattern on string prefixes' first segments": { derivation: EVENT_PATTERN as never, args: [{ ...pattern(MANY.map((p) => `${p}-`)), prefixMatch: "string" }], json: true },
  "an event pattern on the first segments of many prefixes": { derivation: EVENT_PATTERN as never, args: [pattern(MANY)], json: true },
  "an event pattern on no name, past the default quota": { derivation: EVENT_PATTERN as never, args: [pattern(MANY.map((p) => p.replace("/", "-")))], json: true },
  "an event pattern on many prefixes under a raised quota": { derivation: EVENT_PATTERN as never, args: [pattern(MANY.slice(0, 100), 4096)], json: true },
  "the rule state for write calls only": { derivation: RULE_STATE as never, args: [["InitiateLayerUpload"]] },
  // In sorted order: the Terraform half lists them sorted (it iterates a set), the literal half in the order given.
  "the rule state with read-only calls": { derivation: RULE_STATE as never, args: [["InitiateLayerUpload", "BatchCheckLayerAvailability", "GetDownloadUrlForLayer"]] },
  "template settings that inherit everything": { derivation: TEMPLATE_SETTINGS as never, args: [DEFAULTS, {}] },
  "template settings whose override drops what its mutability and encryption do not use": {
    derivation: TEMPLATE_SETTINGS as never,
    args: [DEFAULTS, { imageTagMutability: "MUTABLE", encryptionType: "AES256", lifecyclePolicy: "", repositoryPolicy: '{"Statement":[]}', tags: { app: "api" } }],
  },
  "appliedFor with CREATE_ON_PUSH added once": { derivation: APPLIED_FOR as never, args: [["REPLICATION", "CREATE_ON_PUSH", "PULL_THROUGH_CACHE"]] },
  "appliedFor of create on push only": { derivation: APPLIED_FOR as never, args: [[]] },
  "a detail filtered on the pusher's account": { derivation: PUSHER_FILTERED as never, args: [["111122223333"], DETAIL] },
  "a detail of any pusher": { derivation: PUSHER_FILTERED as never, args: [["111122223333", "*"], DETAIL] },
  "repository tags without the ones the function sets": { derivation: WITHOUT_FUNCTION_TAGS as never, args: [{ "created-by": "me", team: "platform", "created-for": "x", app: "api" }] },
  "repository tags with none to drop": { derivation: WITHOUT_FUNCTION_TAGS as never, args: [{}] },
  "a short environment value, stored as JSON": { derivation: STORED_VALUE as never, args: (scope) => [scope, "SHORT", { prefixes: ["team/"], quote: 'a "b" ${c}' }], json: "stored" },
  "a long environment value, stored gzipped": { derivation: STORED_VALUE as never, args: (scope) => [scope, "LONG", LONG_SETTINGS], json: "stored" },
  "parts joined": { derivation: JOINED as never, args: [".", ["ecr", "eu-west-1", "amazonaws.com"]] },
  "a policy document of the statements that apply": {
    derivation: POLICY_DOCUMENT as never,
    args: [[{ statement: statement("One"), when: true }, { statement: statement("Two"), when: false }, { statement: statement("Three"), when: true }]],
    json: true,
  },
};

/** Every value pair declared in lib/ (`const X: Derivation<`); an Alternative builds resources, tested by plans. */
function declaredDerivations(): string[] {
  const lib = resolve(__dirname, "../../lib");
  return readdirSync(lib)
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => [...readFileSync(join(lib, f), "utf8").matchAll(/const (\w+): Derivation</g)].map((m) => m[1]!));
}
const DERIVATIONS: Record<string, unknown> = {
  ACTIONS_WHEN,
  ANY_PREFIX_HAS,
  APPLIED_FOR,
  ARNS_PER_POLICY,
  EVENT_PATTERN,
  JOINED,
  KMS_KEYS,
  POLICY_DOCUMENT,
  PUSHER_FILTERED,
  REPOSITORY_ARNS,
  RULE_STATE,
  STORED_VALUE,
  TEMPLATE_SETTINGS,
  WITHOUT_FUNCTION_TAGS,
};

const apply = (c: Case, half: "literal" | "terraform", scope?: Construct) =>
  (c.derivation[half] as (...args: readonly unknown[]) => unknown)(...(typeof c.args === "function" ? c.args(scope) : c.args));
/** cdktf cannot write a JavaScript null inside an output's object; Terraform's null is the same value. */
const forOutput = (value: unknown): unknown =>
  value === null ? Token.nullValue() : Array.isArray(value) ? value.map(forOutput) : typeof value === "object" && !Token.isUnresolved(value) ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, forOutput(v)])) : value;
const decodeStored = (text: string) => JSON.parse(text.startsWith("H4sI") ? gunzipSync(Buffer.from(text, "base64")).toString("utf8") : fromTemplateText(text));
const comparable = (c: Case, value: unknown) => (c.json === "stored" ? decodeStored(value as string) : c.json ? JSON.parse(value as string) : value);

describe("each derived value's two halves, on the same literal input", () => {
  let outputs: Record<string, { value: unknown }>;

  beforeAll(async () => {
    // Arrange
    const names = Object.keys(CASES);
    const dir = fullSynth((app) => {
      const stack = new TerraformStack(app, "derived");
      names.forEach((name, i) => new TerraformOutput(stack, `case_${i}`, { value: forOutput(apply(CASES[name]!, "terraform", stack)) }));
      return stack;
    });
    const env = terraformEnv(dir);

    // Act: no resources, so apply only evaluates the outputs, into a local state in the folder.
    await run("terraform", ["init", "-backend=false"], { cwd: dir, env });
    await run("terraform", ["apply", "-auto-approve", "-refresh=false", `-state=${dir}/derived.tfstate`], { cwd: dir, env });
    const { stdout } = await run("terraform", ["output", "-json", `-state=${dir}/derived.tfstate`], { cwd: dir, env });
    const raw = JSON.parse(stdout) as Record<string, { value: unknown }>;
    outputs = Object.fromEntries(names.map((name, i) => [name, raw[`case_${i}`]!]));
  }, 120_000);

  it("evaluates every case", () => {
    // Assert
    expect(Object.values(outputs).filter(Boolean)).toHaveLength(Object.keys(CASES).length);
  });

  it("has a case for every Derivation declared in lib/", () => {
    // Act
    const used = new Set(Object.values(CASES).map((c) => c.derivation as unknown));

    // Assert
    expect(Object.keys(DERIVATIONS).sort()).toEqual(declaredDerivations().sort());
    expect(Object.entries(DERIVATIONS).filter(([, d]) => !used.has(d)).map(([name]) => name)).toEqual([]);
  });

  it("has a case of each way an environment value is stored", () => {
    // Assert: otherwise the two stored cases could both take the same path.
    expect(apply(CASES["a long environment value, stored gzipped"]!, "literal")).toMatch(/^H4sI/);
    expect(apply(CASES["a short environment value, stored as JSON"]!, "literal")).toMatch(/^\{/);
  });

  it.each(Object.keys(CASES))("%s", (name) => {
    // Arrange
    const c = CASES[name]!;

    // Act
    const literal = comparable(c, apply(c, "literal"));

    // Assert
    expect(comparable(c, outputs[name]!.value)).toEqual(literal);
  });
});
