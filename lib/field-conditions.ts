/**
 * The plan-time renderer of the per-field rules (handler/field-rules.ts): each rule becomes one variable
 * `validation` condition, on the variable that feeds the field and on every entry of prefix_settings, with the
 * rule's own message. The HCL text comes from lib/hcl.ts alone.
 */
import { FIELD_RULES, type FieldRule, rulesOf, type SettingsField } from "../handler/field-rules";
import { and, call, contains, eq, every, type Expr, gte, isJsonObject, length, list, lte, matches, not, nullOr, or, paren, startswith, str, attr } from "./hcl";

/** A validation block of a variable: its condition over the variable reference, and the message after its name. */
export type Validation = readonly [condition: (v: Expr) => Expr, message: string];

/** True when `v` (not null) keeps `rule`: the HCL twin of field-rules.ts `offenders`. */
export function ruleCondition(rule: FieldRule, v: Expr): Expr {
  switch (rule.kind) {
    case "one-of":
      return contains(list(rule.values), v);
    case "pattern":
      return matches(rule.pattern, v);
    case "each-pattern":
      return every("f", v, matches(rule.pattern, "f"));
    case "json-object":
      return isJsonObject(v);
    case "length":
      return and(gte(length(v), rule.min), lte(length(v), rule.max));
    case "tag-count":
      return lte(length(v), rule.max);
    case "tag-key-length":
      return every("k, t", v, and(gte(length("k"), rule.min), lte(length("k"), rule.max)));
    case "tag-key-prefix":
      return every("k, t", v, not(startswith(call("lower", "k"), str(rule.prefix))));
    case "tag-key-reserved":
      return every("k, t", v, not(contains(list(rule.keys), "k")));
    case "tag-value-length":
      return every("k, t", v, lte(length("t"), rule.max));
    case "tag-characters":
      return every("k, t", v, and(matches(rule.pattern, "k"), matches(rule.pattern, "t")));
  }
}

/** The rules of `field` that the construct checks on the catch-all value (null passes: the variable's nullability decides). */
export const variableValidations = (field: SettingsField, rules: readonly FieldRule[] = rulesOf(field)): Validation[] =>
  rules
    .filter((rule) => rule.construct !== "prefix-only")
    .map((rule): Validation => [(v) => nullOr(v, ruleCondition(rule, v)), rule.message]);

/** One prefix override's value of the rule's field keeps it: null inherits and the field's "none" value turns it off. */
export function prefixCondition(rule: FieldRule, x: Expr): Expr {
  const none = rule.field.prefixNone;
  return nullOr(x, none === undefined ? ruleCondition(rule, x) : or(eq(x, str(none)), paren(ruleCondition(rule, x))));
}

/**
 * Every rule, on every entry of a prefix_settings map: a `.tfvars` one (snake_case keys, "tfvars") or the
 * construct's prefixSettings fed by a Terraform value (camelCase keys, "construct").
 */
export const prefixSettingsValidations = (keys: "tfvars" | "construct" = "tfvars"): Validation[] =>
  FIELD_RULES.map((rule): Validation => {
    const key = keys === "tfvars" ? rule.field.prefixKey : rule.field.setting;
    return [(v) => every("s", call("values", v), prefixCondition(rule, attr("s", key))), `${key}: ${rule.message}`];
  });
