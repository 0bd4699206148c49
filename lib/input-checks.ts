/**
 * Plan-time checks for construct inputs given as Terraform values: a library user's own `TerraformVariable`
 * carries none of the validation blocks our stacks' variables have, so without these plan would accept what synth
 * refuses as a literal, and the function would then refuse to start. The rules are the variables' own
 * (lib/variables.ts, rendered from the rule tables), applied to the input's value, with the input's name.
 */
import { TerraformLocal } from "./framework";
import type { Construct } from "constructs";
import type { ResolvedConfig } from "./config";
import type { Precondition } from "./errors";
import type { Validation } from "./field-conditions";
import { attr, interpolate, local } from "./hcl";
import { type Alternative, derive, isValidated, nestable } from "./tokens";
import { prefixSettingsRules, VARIABLES } from "./variables";

/** Each input a variable can feed, with its rules: prefixSettings in the construct's own (camelCase) shape. */
export const INPUT_RULES: readonly (readonly [input: keyof ResolvedConfig, rules: readonly Validation[]])[] = Object.values(VARIABLES)
  .filter((spec) => spec.rules !== undefined)
  .map((spec) => [spec.input as keyof ResolvedConfig, spec.input === "prefixSettings" ? prefixSettingsRules("construct") : spec.rules!] as const);

/** Literal inputs were checked at synth, and a stack's validated variable is checked by its own validation blocks. */
const NEEDS_CHECK: Alternative<[value: unknown], boolean> = {
  inputs: (value) => value,
  literal: () => false,
  terraform: (value) => !isValidated(value),
};

/**
 * The preconditions that check every input given as an unvalidated Terraform value, with the rules of its variable.
 * The values are held in one local of `scope` and the conditions refer to it by name: a token written into a
 * condition's text beside a regex literal is not resolved by cdktf 0.21 (it stays `${…}` inside `${…}`).
 */
export function inputPreconditions(scope: Construct, config: ResolvedConfig): Precondition[] {
  const checked = INPUT_RULES.filter(([input]) => derive(NEEDS_CHECK, config[input]));
  if (checked.length === 0) return [];
  const values = new TerraformLocal(scope, "checked-inputs", Object.fromEntries(checked.map(([input]) => [input, nestable(config[input])])));
  return checked.flatMap(([input, rules]) =>
    rules.map(([condition, message]) => ({ condition: interpolate(condition(attr(local(values.friendlyUniqueId), input))), errorMessage: `${input}: ${message}.` })),
  );
}
