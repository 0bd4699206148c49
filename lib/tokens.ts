import { Fn, Op, Token } from "./framework";
import { asTemplateText, json } from "./hcl";

/**
 * Every input may be a Terraform token. These helpers compute at synth when a value is literal (readable JSON in
 * cdk.tf.json) and hand the same computation to Terraform when it is not (so a `.tfvars` value takes effect).
 */

/**
 * True when `value` holds no token anywhere, so it can be inspected and computed on at synth. Called only here and
 * in the synth-time checks (lib/validate.ts, lib/*-checks.ts), which can only look at what synth knows; a builder
 * derives instead (`derive` and the helpers below), so both halves build the same thing
 * (__tests__/unit/lib/literal-branches.test.ts).
 */
export function isLiteral(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Token.isUnresolved(value)) return false;
  if (Array.isArray(value)) return value.every(isLiteral);
  if (typeof value === "object") return Object.entries(value).every(([k, v]) => !Token.isUnresolved(k) && isLiteral(v));
  return true;
}

/**
 * A value derived from configuration inputs, defined once as two halves: `literal` computes it at synth (readable
 * in cdk.tf.json), `terraform` hands the same computation to Terraform. `derive` chooses, so no builder asks
 * which inputs are literal; __tests__/terraform/derived.test.ts evaluates both halves on the same literal input.
 */
export interface Derivation<A extends readonly unknown[], T> {
  /** What the value depends on: when all of it is literal, the literal half runs. */
  readonly inputs: (...args: A) => unknown;
  readonly literal: (...args: A) => T;
  readonly terraform: (...args: A) => T;
}

/**
 * Two ways to build the same thing where no value can be compared: resources, blocks or checks laid out one way for
 * literal inputs (readable in cdk.tf.json, or already checked at synth) and another for Terraform values. `derive`
 * chooses as for a Derivation; plans test the effect (__tests__/terraform/native.test.ts, mixed-inputs.test.ts).
 */
export type Alternative<A extends readonly unknown[], T> = Derivation<A, T>;

export function derive<A extends readonly unknown[], T>(derivation: Derivation<A, T>, ...args: A): T {
  return isLiteral(derivation.inputs(...args)) ? derivation.literal(...args) : derivation.terraform(...args);
}

const validated = new Set<unknown>();

/**
 * Records that Terraform already validates `value` with every rule of its input (a stack's variable with its
 * validation blocks, lib/variables.ts), so the construct adds no precondition repeating them (lib/input-checks.ts).
 * Tokens are unique per process, so a value marked in one stack is never mistaken for another.
 */
export function markValidated(value: unknown): void {
  validated.add(value);
}

/** Whether `value` was marked by markValidated. */
export const isValidated = (value: unknown): boolean => validated.has(value);

/**
 * A map's keys, for a derivation's inputs: the map itself when it is a token. Object.keys of a token (an
 * IResolvable, as a `TerraformVariable`'s value is) lists the token object's own fields, which look literal.
 */
export function keysOf(map: Readonly<Record<string, unknown>>): unknown {
  return Token.isUnresolved(map) ? map : Object.keys(map);
}

/** True only when synth can tell that `condition` is false; a condition known only at plan may still hold. */
export function never(condition: unknown): boolean {
  return isLiteral(condition) && !condition;
}

/** Whether `list` holds `item`, decided by Terraform when the list is a token. */
export function includes(list: readonly unknown[], item: unknown): boolean {
  if (isLiteral(list) && isLiteral(item)) return list.includes(item);
  return Fn.contains(list, item) as unknown as boolean;
}

/**
 * A list or map that may be a token, in a form cdktf can nest inside other values (a list token is encoded as a
 * one-element array, which cdktf refuses inside an object).
 */
export function nestable<T>(value: T): T {
  // Only a list or map token itself; an array or object that merely holds tokens nests as it is.
  return Token.isUnresolved(value) ? (Token.asAny(value) as T) : value;
}

/**
 * `value` made safe to pass into a Terraform function through cdktf, which writes a literal string argument between
 * quotes without escaping its quotes or backslashes: such strings travel as base64decode("…") instead, which has
 * nothing to escape and which Terraform turns back into the same text (a plan shows the text).
 */
export function forFunctions<T>(value: T): T {
  if (typeof value === "string") {
    return isLiteral(value) && /["\\\n\r\t]|\$\{|%\{/.test(value) ? (Fn.base64decode(Buffer.from(value, "utf8").toString("base64")) as T) : value;
  }
  if (value === null || typeof value !== "object" || Token.isUnresolved(value)) return value;
  if (Array.isArray(value)) return value.map(forFunctions) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forFunctions(v)])) as T;
}

/**
 * JSON text of `value`. Literal: rendered now, kept as text by Terraform (asTemplateText). Otherwise Terraform's
 * jsonencode, with the literal strings inside made safe (forFunctions).
 */
export function jsonText(value: unknown): string {
  if (isLiteral(value)) return json(value);
  return Fn.jsonencode(forFunctions(value));
}

/** `whenTrue` if `condition` holds, else `whenFalse`; decided by Terraform when `condition` is a token. */
export function choose<T>(condition: boolean | unknown, whenTrue: T, whenFalse: T): T {
  if (isLiteral(condition)) return condition ? whenTrue : whenFalse;
  return Fn.conditional(condition, forFunctions(whenTrue), forFunctions(whenFalse)) as T;
}

/** Whether a list or map has items; a Terraform expression when it is a token. */
export function hasItems(list: readonly unknown[] | Readonly<Record<string, unknown>>): boolean {
  if (isLiteral(list)) return Object.keys(list).length > 0;
  // Op.gt renders a literal 0 as `undefined` in cdktf 0.21, hence >= 1.
  return Op.gte(Fn.lengthOf(list), 1) as unknown as boolean;
}

/** Whether a value is set (not null); a Terraform expression when it is a token. */
export function isSet(value: unknown): boolean {
  if (isLiteral(value)) return value !== null && value !== undefined;
  return Op.neq(value, Token.nullValue()) as unknown as boolean;
}

/** Equality, decided by Terraform when either side is a token. */
export function equals(a: unknown, b: unknown): boolean {
  if (isLiteral(a) && isLiteral(b)) return a === b;
  return Op.eq(a, b) as unknown as boolean;
}

/** Whether a string ends with `suffix`, decided by Terraform when it is a token. */
export function endsWith(value: string, suffix: string): boolean {
  if (isLiteral(value)) return value.endsWith(suffix);
  return Fn.endswith(value, suffix) as unknown as boolean;
}

/** Logical or of several conditions, any of which may be a token. */
export function anyOf(conditions: readonly unknown[]): boolean {
  // Literal operands are decided here: cdktf 0.21 renders a literal `false` operand of Op.or as `undefined`, which
  // Terraform refuses ("Invalid reference"), and a literal `true` decides the whole disjunction anyway.
  const literal = conditions.filter(isLiteral);
  if (literal.some(Boolean)) return true;
  const tokens = conditions.filter((c) => !isLiteral(c));
  if (tokens.length === 0) return false;
  return tokens.reduce((acc: unknown, c) => Op.or(acc, c)) as boolean;
}

/** Right-most wins, like Terraform's merge(). */
export function mergeMaps(...maps: Record<string, string>[]): Record<string, string> {
  // Literal keys are enough to merge at synth, so a map whose values hold a token (a Name tag with the Region) stays
  // a map in cdk.tf.json, readable and matchable by cdktf's Testing; only a map that is itself a token needs merge().
  if (maps.every((map) => !Token.isUnresolved(map) && Object.keys(map).every((key) => !Token.isUnresolved(key)))) return Object.assign({}, ...maps);
  return Fn.merge(maps) as unknown as Record<string, string>;
}

/**
 * A literal string as Terraform keeps it: "${" and "%{" would start an interpolation or directive, and IAM policy
 * variables like ${aws:username} must reach ECR as text. Tokens pass through; their values are not templates.
 */
export function asText<T>(value: T): T {
  if (typeof value === "string" && isLiteral(value)) return asTemplateText(value) as T;
  if (value !== null && typeof value === "object" && !Array.isArray(value) && isLiteral(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)])) as T;
  }
  return value;
}

/**
 * `value` as a Terraform expression to embed in HCL text built with lib/hcl.ts: a literal is written out (hcl.ts
 * `json`), a token is left for cdktf to resolve in place.
 */
export function hcl(value: unknown): string {
  if (isLiteral(value)) return json(value);
  return Token.asString(value);
}
