/**
 * The three synthesized stacks a `.tfvars` drives (main.ts): their variables, what those default to as construct
 * props, and a row's values under each stack's own variable names.
 */
import { ConfigError, type EcrCreateOnPushConfig } from "../../lib";
import { SAMPLE_VARIABLES } from "../../lib/compat-stacks";
import { VARIABLES, type VariableSpec } from "../../lib/variables";
import { synthStack } from "./synth";

export type Stack = "paradigm" | "sample" | "native";
export const STACKS: readonly Stack[] = ["paradigm", "sample", "native"];
/** Each stack's folder under main.ts's synth output. */
export const STACK_FOLDERS: Record<Stack, string> = { paradigm: "ecr-create-on-push", sample: "ecr-create-on-push-aws-sample", native: "ecr-create-on-push-native" };

const STACK_VARIABLES: Record<Stack, Readonly<Record<string, VariableSpec>>> = { paradigm: VARIABLES, sample: SAMPLE_VARIABLES, native: VARIABLES };

/** What each stack's variables default to, as construct props: what a `.tfvars` of only some values means. */
export const defaultsOf = (stack: Stack): EcrCreateOnPushConfig => ({
  ...Object.fromEntries(Object.values(STACK_VARIABLES[stack]).map((spec) => [spec.input, spec.default])),
  ...(stack === "native" ? { mode: "native" } : {}),
  // The Paradigm-compatible stack gives its prefixes Paradigm's meaning (lib/compat-stacks.ts), not through a variable.
  ...(stack === "paradigm" ? { prefixMatch: "string" } : {}),
});

/** Construct props as a `.tfvars` of `stack`. */
export function tfvarsOf(stack: Stack, config: EcrCreateOnPushConfig): Record<string, unknown> {
  const names = Object.fromEntries(Object.entries(STACK_VARIABLES[stack]).map(([tfvar, spec]) => [spec.input, tfvar]));
  return Object.fromEntries(
    Object.entries(config).map(([input, value]) => {
      if (!names[input]) throw new Error(`no variable of the ${stack} stack feeds ${input}`);
      return [names[input], value];
    }),
  );
}

/** Whether synth accepts the stack's defaults with `config` over them, as literals. */
export function synthAccepts(stack: Stack, config: EcrCreateOnPushConfig): boolean {
  try {
    synthStack({ ...defaultsOf(stack), ...config });
    return true;
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}
