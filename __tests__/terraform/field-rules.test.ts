/**
 * handler/field-rules.ts is the only place a per-field rule is written: each of its three renderers (the function's
 * settings parser, the synth-time validator, the variables' validation blocks as Terraform evaluates them) refuses
 * every bad example of every rule, with the rule's own message, and accepts every good one, on the catch-all
 * settings and on a prefix's overrides.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIELD_RULES, type FieldRule, SETTINGS_FIELDS, STACK_TAG_RULES } from "../../handler/field-rules";
import { checkPrefixSettings, checkRepositorySettings } from "../../handler/settings-schema";
import type { EcrCreateOnPushConfig } from "../../lib";
import { resolveDefaults } from "../../lib/config";
import * as H from "../../lib/hcl";
import { validateConfig } from "../../lib/validate";
import { VARIABLES } from "../../lib/variables";
import { evaluateHcl } from "../../scripts/terraform";
import { DEFAULT_SETTINGS } from "../support/handler-fixtures";

type Verdict = "accept" | "refuse";
type Level = "catch-all" | "prefix";
const verdict = (refused: boolean): Verdict => (refused ? "refuse" : "accept");
/** Whether a message is the rule's: every renderer ends it with the rule's words (then a "." at plan). */
const says = (rule: FieldRule) => (message: string) => message.replace(/\.$/, "").endsWith(`: ${rule.message}`);

/** Every example of every rule, at both levels, with the verdict the table gives it. */
const CASES = FIELD_RULES.flatMap((rule, r) =>
  (["catch-all", "prefix"] as const).flatMap((level) =>
    (["bad", "good"] as const).flatMap((kind) =>
      rule.examples[kind].map((value, i) => ({ name: `${rule.code} (${rule.kind}) ${kind} example ${i} at ${level}`, rule, r, level, value, expected: verdict(kind === "bad") })),
    ),
  ),
);

function handlerVerdict(rule: FieldRule, level: Level, value: unknown): Verdict {
  const issues: string[] = [];
  if (level === "catch-all") checkRepositorySettings({ ...DEFAULT_SETTINGS, [rule.field.setting]: value }, "settings", issues);
  else checkPrefixSettings({ [rule.field.setting]: value }, "team", issues);
  return verdict(issues.some(says(rule)));
}

/** Where the construct reads a case: a config for synth and the variable, message and value for plan. */
interface Target {
  readonly config: EcrCreateOnPushConfig;
  readonly variable: string;
  readonly message: string;
  readonly value: unknown;
}
const TFVAR = Object.fromEntries(Object.entries(VARIABLES).map(([tfvar, spec]) => [spec.input, tfvar]));

function targetsOf({ rule, level, value }: (typeof CASES)[number]): Target[] {
  const { field } = rule;
  if (level === "prefix") {
    // Terraform gives an override's unset attributes null; the console sees only what is written.
    const entry = Object.fromEntries(Object.values(SETTINGS_FIELDS).map((f) => [f.prefixKey, f === field ? value : null]));
    return [{ config: { prefixSettings: { team: { [field.setting]: value } } }, variable: "prefix_settings", message: `${field.prefixKey}: ${rule.message}`, value: { team: entry } }];
  }
  // The construct drops the function's own tags from the catch-all ones, so it has nothing to refuse there.
  if (rule.construct === "prefix-only") return [];
  // The stack's own resource tags follow the repositories' tag rules too, but their services' characters (below).
  const inputs = [field.input, ...(STACK_TAG_RULES.includes(rule) ? ["tags"] : [])];
  return inputs.map((input) => ({ config: { [input]: value }, variable: TFVAR[input]!, message: rule.message, value }));
}

const synthVerdict = (rule: FieldRule, config: EcrCreateOnPushConfig): Verdict =>
  verdict(validateConfig(resolveDefaults(config)).some((issue) => issue.code === rule.code && says(rule)(issue.message)));

/** The condition variables.ts writes on `variable` with `message`, over `value`. */
function validationOf(variable: string, message: string, value: H.Expr): H.Expr {
  const found = VARIABLES[variable]?.rules?.find(([, m]) => m === message);
  if (!found) throw new Error(`${variable} has no validation "${message}"`);
  return found[0](value);
}

describe("the per-field rules, rendered three times", () => {
  let planned: boolean[][];

  beforeAll(() => {
    // Arrange: the values go into a configuration's locals, so no console line holds a 30 KB policy.
    const dir = mkdtempSync(join(tmpdir(), "ecop-field-rules-"));
    const targets = CASES.map((c, i) => targetsOf(c).map((t, j) => ({ ...t, local: `case_${i}_${j}` })));
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: Object.fromEntries(targets.flat().map((t) => [t.local, t.value])) }));
    const checks = targets.map((ts) => H.tuple(ts.map((t) => validationOf(t.variable, t.message, H.local(t.local)))));

    // Act
    planned = evaluateHcl(dir, H.tuple(checks)) as boolean[][];
  });

  it("names each field as the variables and prefix_settings do", () => {
    // Assert
    for (const field of Object.values(SETTINGS_FIELDS)) {
      expect(VARIABLES[field.tfvar]?.input).toBe(field.input);
      expect(VARIABLES.prefix_settings!.type).toContain(` ${field.prefixKey} = optional(`);
    }
  });

  it("gives every rule a bad and a good example", () => {
    // Assert
    for (const rule of FIELD_RULES) expect([rule.code, rule.examples.bad.length > 0 && rule.examples.good.length > 0]).toEqual([rule.code, true]);
  });

  it.each(CASES.map((c, i) => [c.name, c.expected, i] as const))("%s: the function, synth and plan all %s", (_name, expected, i) => {
    // Arrange
    const { rule, level, value } = CASES[i]!;
    const targets = targetsOf(CASES[i]!);

    // Act
    const handler = handlerVerdict(rule, level, value);
    const synth = targets.map((t) => synthVerdict(rule, t.config));
    const plan = planned[i]!.map((kept) => verdict(!kept));

    // Assert
    expect({ handler, synth, plan }).toEqual({ handler: expected, synth: targets.map(() => expected), plan: targets.map(() => expected) });
  });
});

/** The stack's own tags reach IAM, CloudWatch Logs, Lambda, SQS, EventBridge and CloudWatch, not ECR or the function. */
const STACK_ONLY = STACK_TAG_RULES.filter((rule) => !FIELD_RULES.includes(rule));
const STACK_CASES = STACK_ONLY.flatMap((rule) =>
  (["bad", "good"] as const).flatMap((kind) => rule.examples[kind].map((value, i) => ({ name: `${rule.code} for ${rule.kind === "tag-characters" ? rule.service : rule.kind} ${kind} example ${i} in tags`, rule, value, expected: verdict(kind === "bad") }))),
);

describe("the stack's own tag rules, rendered twice (synth and plan)", () => {
  let planned: boolean[];

  beforeAll(() => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), "ecop-stack-tags-"));
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: Object.fromEntries(STACK_CASES.map((c, i) => [`case_${i}`, c.value])) }));

    // Act
    planned = evaluateHcl(dir, H.tuple(STACK_CASES.map((c, i) => validationOf("tags", c.rule.message, H.local(`case_${i}`))))) as boolean[];
  });

  it("has a character rule for each service whose model sets one", () => {
    // Assert
    expect(STACK_ONLY.map((rule) => rule.kind === "tag-characters" && rule.service)).toEqual(["IAM", "CloudWatch Logs"]);
  });

  it.each(STACK_CASES.map((c, i) => [c.name, c.expected, i] as const))("%s: synth and plan all %s", (_name, expected, i) => {
    // Arrange
    const { rule, value } = STACK_CASES[i]!;

    // Act
    const synth = synthVerdict(rule, { tags: value as Record<string, string> });
    const plan = verdict(!planned[i]);

    // Assert
    expect({ synth, plan }).toEqual({ synth: expected, plan: expected });
  });
});
