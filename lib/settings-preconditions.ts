import { TerraformLocal } from "./framework";
import type { Construct } from "constructs";
import { TAG_COUNT_RULE as TAG_COUNT } from "../handler/field-rules";
import type { PrefixSettings } from "../handler/function-config";
import { CHECKED_FIELDS, type CheckedField, type CheckedSettings, checkedFields, COMBINATION_RULES, type CombinationRule, INHERITED_ONLY_WHEN, type RuleCondition } from "../handler/rules";
import { catchAllSettings, type ResolvedConfig } from "./config";
import type { Precondition } from "./errors";
import { and, attr, call, cond, every, type Expr, forList, forMap, gte, interpolate, isNull, json, length, local, lte, ne, not, object, or, orEmpty, paren, str, eq } from "./hcl";
import { type Alternative, asText, derive, isValidated, keysOf, nestable } from "./tokens";

/** An HCL expression for each field the rules read. */
type Fields = Readonly<Record<CheckedField, Expr>>;

function conditionHcl(condition: RuleCondition, fields: Fields): string {
  const value = fields[condition.field];
  return "endsWith" in condition ? call("endswith", value, str(condition.endsWith)) : eq(value, json(condition.equals));
}

/** True when `rule` holds for `fields`; the plan-time twin of rules.ts `violates`. */
export function ruleHcl(rule: CombinationRule, fields: Fields): string {
  const when = conditionHcl(rule.when, fields);
  const value = fields[rule.field];
  // A conditional evaluates only the branch it picks, so length() never sees the null.
  const size = paren(cond(isNull(value), "0", length(value)));
  return rule.kind === "count-when" ? paren(or(not(paren(when)), paren(and(gte(size, String(rule.min)), lte(size, String(rule.max)))))) : paren(or(when, eq(size, "0")));
}

/** rules.ts `prefixView` in HCL: `o` one override object, `d` the catch-all settings. */
export function prefixViewHcl(o: string, d: Fields): Fields {
  const own = (field: CheckedField) => call("lookup", o, str(field), "null");
  const orDefault = (field: CheckedField) => paren(cond(isNull(own(field)), d[field], own(field)));
  const merged = { ...d, imageTagMutability: orDefault("imageTagMutability"), encryptionType: orDefault("encryptionType") };
  const inherit = (field: keyof typeof INHERITED_ONLY_WHEN, none: string) =>
    paren(cond(ne(own(field), "null"), own(field), paren(cond(conditionHcl(INHERITED_ONLY_WHEN[field], merged), d[field], none))));
  return { ...merged, imageTagMutabilityExclusionFilters: inherit("imageTagMutabilityExclusionFilters", "[]"), kmsKey: inherit("kmsKey", "null") };
}

/**
 * Preconditions that refuse at plan time what the function would refuse at cold start, for settings that come from
 * Terraform variables: every rule across fields, on the catch-all settings and on each prefix's view of them. Empty
 * when every value is literal (synth has checked them). The values are held in locals of `scope`. A prefix's tags
 * are also counted once merged over the catch-all tags, as the function counts them (settings.ts checkMergedTags).
 */
export function settingsPreconditions(scope: Construct, config: ResolvedConfig): Precondition[] {
  const settings = catchAllSettings(config);
  // A stack's `.tfvars` user knows its variables' names; a library user the construct's inputs.
  const named = (input: keyof ResolvedConfig, tfvar: string) => (isValidated(config[input]) ? tfvar : input);
  const names: Names = {
    field: (rule) => named(rule.field, rule.tfvar),
    prefixSettings: named("prefixSettings", "prefix_settings"),
    repoTags: named("repoTags", TAG_COUNT.field.tfvar),
  };
  return derive(SETTINGS_PRECONDITIONS, scope, { ...checkedFields(settings), tags: settings.tags }, config.prefixSettings, names);
}

/** How the messages name the inputs. */
interface Names {
  readonly field: (rule: CombinationRule) => string;
  readonly prefixSettings: string;
  readonly repoTags: string;
}

/** The catch-all settings the preconditions read: the rules' fields, and the tags a prefix's tags merge over. */
type PlanChecked = CheckedSettings & { readonly tags: Readonly<Record<string, string>> };

const SETTINGS_PRECONDITIONS: Alternative<[scope: Construct, defaults: PlanChecked, prefixSettings: Readonly<Record<string, PrefixSettings>>, names: Names], Precondition[]> = {
  inputs: (_scope, defaults, prefixSettings) => [defaults, prefixSettings],
  literal: () => [],
  terraform: (scope, defaults, prefixSettings, names) => {
    const d = new TerraformLocal(scope, "checked-settings", { ...Object.fromEntries(CHECKED_FIELDS.map((f) => [f, nestable(defaults[f])])), tags: asText(nestable(defaults.tags)) });
    const p = new TerraformLocal(scope, "checked-prefix-settings", derive(CHECKED_OVERRIDES, prefixSettings));
    const dFields = Object.fromEntries(CHECKED_FIELDS.map((f) => [f, attr(local(d.friendlyUniqueId), f)])) as Fields;
    const view = prefixViewHcl("o", dFields);
    const views = new TerraformLocal(scope, "checked-prefix-views", interpolate(forMap("k, o", local(p.friendlyUniqueId), "k", object(Object.fromEntries(CHECKED_FIELDS.map((f) => [f, view[f]]))))));
    const vFields = Object.fromEntries(CHECKED_FIELDS.map((f) => [f, attr("v", f)])) as Fields;
    const each = local(views.friendlyUniqueId);
    const tagsFit = lte(length(call("merge", attr(local(d.friendlyUniqueId), "tags"), paren(orEmpty(call("lookup", "o", str("tags"), "null"), "{}")))), TAG_COUNT.max);
    return [
      ...COMBINATION_RULES.flatMap((rule) => [
        { condition: interpolate(ruleHcl(rule, dFields)), errorMessage: `${names.field(rule)}: ${rule.message}.` },
        {
          condition: interpolate(every("k, v", each, ruleHcl(rule, vFields))),
          errorMessage: `${names.prefixSettings} ${interpolate(call("jsonencode", forList("k, v", each, "k", not(ruleHcl(rule, vFields)))))}: ${names.prefixSettings === "prefix_settings" ? rule.tfvar : rule.field}: ${rule.message}.`,
        },
      ]),
      {
        condition: interpolate(every("k, o", local(p.friendlyUniqueId), tagsFit)),
        errorMessage: `${names.prefixSettings} ${interpolate(call("jsonencode", forList("k, o", local(p.friendlyUniqueId), "k", not(paren(tagsFit)))))} (merged over ${names.repoTags}): tags: ${TAG_COUNT.message}.`,
      },
    ];
  },
};

/**
 * Each override with only the fields the rules read and its tags (kept as text), when its keys are literal: a
 * literal policy's "${" would otherwise be read as a template in the local. A map from a variable as it is.
 */
const CHECKED_OVERRIDES: Alternative<[prefixSettings: Readonly<Record<string, PrefixSettings>>], unknown> = {
  inputs: (prefixSettings) => keysOf(prefixSettings),
  literal: (prefixSettings) =>
    Object.fromEntries(Object.entries(prefixSettings).map(([k, o]) => [k, { ...Object.fromEntries(CHECKED_FIELDS.map((f) => [f, nestable(o[f] ?? null)])), tags: asText(nestable(o.tags ?? null)) }])),
  terraform: (prefixSettings) => nestable(prefixSettings),
};
