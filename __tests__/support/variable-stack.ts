/**
 * A library user's stack whose every construct prop comes from a plain `TerraformVariable` of their own: named
 * after the prop, with its type and default, and no validation block, so only the construct's own plan-time checks
 * stand between a bad `.tfvars` value and a function that refuses to start.
 */
import { type App, TerraformVariable } from "cdktf";
import type { EcrCreateOnPushConfig } from "../../lib";
import { EcrCreateOnPushStack } from "../../lib/stacks";
import { VARIABLES } from "../../lib/variables";

/** prefixSettings in the construct's own shape: camelCase keys, each optional. */
const PREFIX_SETTINGS_TYPE =
  "map(object({ imageTagMutability = optional(string), imageTagMutabilityExclusionFilters = optional(list(string)), scanOnPush = optional(bool), encryptionType = optional(string), kmsKey = optional(string), lifecyclePolicy = optional(string), repositoryPolicy = optional(string), tags = optional(map(string)) }))";

/** The props a Terraform variable can feed, with the type, default and nullability of our stacks' variables. */
export const VARIABLE_PROPS = Object.values(VARIABLES).map((spec) => ({ ...spec, type: spec.input === "prefixSettings" ? PREFIX_SETTINGS_TYPE : spec.type }));

export function variableFedStack(app: App, id: string): EcrCreateOnPushStack {
  return new EcrCreateOnPushStack(app, id, (stack) => {
    const config: Record<string, unknown> = {};
    for (const spec of VARIABLE_PROPS) {
      const variable = new TerraformVariable(stack, spec.input, { type: spec.type, nullable: spec.nullable });
      // cdktf drops a null default; Terraform needs it to make the variable optional.
      variable.addOverride("default", spec.default);
      config[spec.input] = spec.type.startsWith("list") ? variable.listValue : spec.type === "number" ? variable.numberValue : spec.type === "bool" ? variable.booleanValue : spec.type === "string" ? variable.stringValue : variable.value;
    }
    return config as EcrCreateOnPushConfig;
  });
}
