import { EcrRegistryScanningConfiguration } from "./aws";
import { Fn, Op, TerraformIterator, TerraformVariable } from "./framework";
import type { Construct } from "constructs";
import { type EcrLambdaCreateOnPush, PERMISSION_STATEMENT_ID, RULE_NAME_PREFIX } from "./lambda-mode";
import { EcrCreateOnPushStack } from "./stacks";
import { declareVariables, VARIABLES, type VariableSpec } from "./variables";

/**
 * The stack `npm run synth` writes first: the Paradigm module's variables (tradeparadigm/terraform-aws-ecr-repo-lambda)
 * with their names, types, defaults and validation, plus ours with defaults, so an existing `.tfvars` works unchanged.
 */
export class ParadigmCompatibleStack extends EcrCreateOnPushStack {
  constructor(scope: Construct, id: string, options: { readonly adoptExisting?: boolean; readonly mode?: "lambda" | "native" } = {}) {
    super(scope, id, (stack) => {
      if (options.mode !== "native") return declareVariables(stack, VARIABLES);
      // Each prefix_settings key becomes a template resource, so native mode takes them from code; the variable
      // stays (one .tfvars drives both stacks) but must be empty here.
      const { prefix_settings: settings, ...rest } = VARIABLES;
      const config = declareVariables(stack, { ...rest, prefix_settings: { ...settings, rules: [[(v) => `length(${v}) == 0`, NATIVE_PREFIX_SETTINGS]] } });
      return { ...config, prefixSettings: {}, mode: "native" };
    });
    if (options.adoptExisting && this.ecr.lambda) adoptParadigmResources(this.ecr.lambda);
  }
}

const NATIVE_PREFIX_SETTINGS = "the native stack takes per-prefix settings from code (EcrCreateOnPush prefixSettings), one template each; leave it empty here or use the Lambda stack";

/**
 * Terraform import blocks (Terraform >= 1.5) for what the Paradigm module created under the same names, so the
 * first apply takes them over in place instead of failing on "already exists". IDs are expressions of the same
 * variables and region as the names, so they follow the .tfvars. Its inline role policy has a generated name and
 * is not adopted: delete it after the switch (README, "Coming from the Paradigm module").
 */
export function adoptParadigmResources(ecr: EcrLambdaCreateOnPush): void {
  const fn = ecr.fullName;
  ecr.function.importFrom(fn);
  ecr.role.importFrom(fn);
  ecr.logGroup.importFrom(`/aws/lambda/${fn}`);
  ecr.rule.importFrom(`${RULE_NAME_PREFIX}${fn}`);
  ecr.target.importFrom(`${RULE_NAME_PREFIX}${fn}/${fn}`);
  ecr.permission.importFrom(`${fn}/${PERMISSION_STATEMENT_ID}`);
  ecr.invokeConfig.importFrom(fn);
}

/** The AWS sample's variable names (aws-samples/amazon-ecr-dynamic-repository-creation) for the inputs they share. */
const SAMPLE_NAMES: Readonly<Record<string, string>> = {
  image_tag_mutability: "IMAGE_TAG_MUTABILITY",
  repo_tags: "REPO_TAGS",
  repo_scan_on_push: "REPO_SCAN_ON_PUSH",
};
/** The sample's choices where it has no variable: KMS-encrypted repositories, tracing, 120 s, a year of logs, no lifecycle policy. */
const SAMPLE_DEFAULTS: Readonly<Record<string, unknown>> = {
  image_tag_mutability: "IMMUTABLE",
  encryption_type: "KMS",
  tracing: true,
  lambda_timeout: 120,
  log_retention_days: 365,
  repo_lifecycle_policy: null,
};

export const SAMPLE_VARIABLES: Readonly<Record<string, VariableSpec>> = Object.fromEntries(
  Object.entries(VARIABLES).map(([name, spec]) => [SAMPLE_NAMES[name] ?? name, name in SAMPLE_DEFAULTS ? { ...spec, default: SAMPLE_DEFAULTS[name] } : spec]),
);

export const SCAN_TYPES = ["BASIC", "ENHANCED"] as const;
export const SCAN_FREQUENCIES = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN", "MANUAL"] as const;

/**
 * A drop-in for the AWS sample's `terraform.tfvars`. Its SCAN_TYPE and SCAN_FREQUENCY, which the sample declares
 * but never applies, take effect here through the registry scanning configuration, which is registry-wide: it
 * applies to every repository in the account and Region, not only the ones this function creates.
 */
export class AwsSampleCompatibleStack extends EcrCreateOnPushStack {
  constructor(scope: Construct, id: string) {
    super(scope, id, (stack) => declareVariables(stack, SAMPLE_VARIABLES));
    const scanType = new TerraformVariable(this, "SCAN_TYPE", {
      type: "string",
      default: "BASIC",
      nullable: false,
      description: "Registry scan type `BASIC` or `ENHANCED` (registry-wide).",
      validation: [{ condition: `\${contains(${JSON.stringify(SCAN_TYPES)}, var.SCAN_TYPE)}`, errorMessage: `SCAN_TYPE: use ${SCAN_TYPES.join(" or ")}.` }],
    });
    const scanFrequency = new TerraformVariable(this, "SCAN_FREQUENCY", {
      type: "string",
      default: "SCAN_ON_PUSH",
      nullable: false,
      description: "Registry scan frequency SCAN_ON_PUSH, CONTINUOUS_SCAN, or MANUAL (registry-wide).",
      validation: [{ condition: `\${contains(${JSON.stringify(SCAN_FREQUENCIES)}, var.SCAN_FREQUENCY)}`, errorMessage: `SCAN_FREQUENCY: use ${SCAN_FREQUENCIES.join(", ")}.` }],
    });
    // MANUAL means no scanning rule at all; otherwise one rule for every repository.
    const rules = TerraformIterator.fromList(Fn.conditional(Op.eq(scanFrequency.stringValue, "MANUAL"), [], ["*"]));
    new EcrRegistryScanningConfiguration(this, "registry-scanning", {
      scanType: scanType.stringValue,
      rule: rules.dynamic({ scan_frequency: scanFrequency.stringValue, repository_filter: [{ filter: rules.value, filter_type: "WILDCARD" }] }),
      lifecycle: {
        precondition: [
          {
            condition: `\${!(var.SCAN_TYPE == "BASIC" && var.SCAN_FREQUENCY == "CONTINUOUS_SCAN")}`,
            errorMessage: "SCAN_FREQUENCY: CONTINUOUS_SCAN needs SCAN_TYPE ENHANCED; BASIC scanning offers SCAN_ON_PUSH or MANUAL.",
          },
        ],
      },
    });
  }
}
