import { EcrRegistryScanningConfiguration } from "./aws";
import { Fn, Op, type TerraformResource, TerraformIterator, TerraformVariable } from "./framework";
import type { Construct } from "constructs";
import type { EcrLambdaCreateOnPush } from "./lambda-mode";
import { PERMISSION_STATEMENT_ID } from "./lambda-trigger";
import { logGroupName, namePrecondition, RULE_NAME_PREFIX, SAMPLE_ROLE_NAME } from "./resource-names";
import { EcrCreateOnPushStack, type StackOptions } from "./stacks";
import { declareVariables, managedPrefixesVariable, VARIABLES, type VariableSpec } from "./variables";
import { and, contains, eq, interpolate, json, length, not, paren, str, variable } from "./hcl";

/**
 * The stack `npm run synth` writes first: the Paradigm module's variables (tradeparadigm/terraform-aws-ecr-repo-lambda)
 * with their names, types, defaults and validation, plus ours with defaults, so an existing `.tfvars` works unchanged.
 */
export class ParadigmCompatibleStack extends EcrCreateOnPushStack {
  constructor(scope: Construct, id: string, options: StackOptions & { readonly adoptExisting?: boolean; readonly mode?: "lambda" | "native" } = {}) {
    super(scope, id, (stack) => {
      // Paradigm's handler tests repo.startswith(prefix): here too a prefix is a plain string prefix.
      if (options.mode !== "native") return { ...declareVariables(stack, { ...VARIABLES, managed_repo_prefixes: managedPrefixesVariable("string") }), prefixMatch: "string" };
      // Each prefix_settings key becomes a template resource, so native mode takes them from code; the variable
      // stays (one .tfvars drives both stacks) but must be empty here.
      const { prefix_settings: settings, ...rest } = VARIABLES;
      const config = declareVariables(stack, { ...rest, prefix_settings: { ...settings, rules: [[(v) => eq(length(v), "0"), NATIVE_PREFIX_SETTINGS]] } });
      return { ...config, prefixSettings: {}, mode: "native" };
    }, options);
    if (!this.ecr.lambda) return;
    // A module call whose source changes from the Paradigm module to this folder keeps its resources.
    moveFromAnchor(this, this.ecr.lambda, "");
    if (options.adoptExisting) adoptParadigmResources(this.ecr.lambda);
  }
}

/**
 * Terraform `moved` blocks from an anchor's addresses (`<module>aws_lambda_function.this`, ...), which both
 * anchors share, to ours: after a switch the plan moves state and updates in place instead of destroying and
 * creating under the same names. Without such an object in state (a fresh install) a moved block does nothing.
 * Their inline role policy (name_prefix, `repository/*`) has no counterpart here and is destroyed.
 */
export function moveFromAnchor(stack: EcrCreateOnPushStack, ecr: EcrLambdaCreateOnPush, modulePath: string): void {
  const kept: TerraformResource[] = [ecr.function, ecr.role, ecr.logGroup, ecr.rule, ecr.target, ecr.permission, ecr.invokeConfig];
  // In the Paradigm stack the anchor's address is ours (lib/addresses.ts), and the stack writes no block for it.
  for (const resource of kept) stack.moveFrom(resource, `${modulePath}${resource.terraformResourceType}.this`);
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
  ecr.logGroup.importFrom(logGroupName(fn));
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
/** The sample's function name without its `-<region>` (ecr/locals.tf). */
export const SAMPLE_NAME = "dynamic-create-ecr-repo";
/** The sample's choices where it has no variable: its names, KMS-encrypted repositories, tracing, 120 s, a year of logs, no lifecycle policy. */
const SAMPLE_DEFAULTS: Readonly<Record<string, unknown>> = {
  name: SAMPLE_NAME,
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
  constructor(scope: Construct, id: string, options: StackOptions = {}) {
    super(scope, id, (stack) => declareVariables(stack, SAMPLE_VARIABLES), options);
    if (this.ecr.lambda) keepSampleNames(this, this.ecr.lambda);
    const scanType = new TerraformVariable(this, "SCAN_TYPE", {
      type: "string",
      default: "BASIC",
      nullable: false,
      description: "Registry scan type `BASIC` or `ENHANCED` (registry-wide).",
      validation: [{ condition: interpolate(contains(json(SCAN_TYPES), variable("SCAN_TYPE"))), errorMessage: `SCAN_TYPE: use ${SCAN_TYPES.join(" or ")}.` }],
    });
    const scanFrequency = new TerraformVariable(this, "SCAN_FREQUENCY", {
      type: "string",
      default: "SCAN_ON_PUSH",
      nullable: false,
      description: "Registry scan frequency SCAN_ON_PUSH, CONTINUOUS_SCAN, or MANUAL (registry-wide).",
      validation: [{ condition: interpolate(contains(json(SCAN_FREQUENCIES), variable("SCAN_FREQUENCY"))), errorMessage: `SCAN_FREQUENCY: use ${SCAN_FREQUENCIES.join(", ")}.` }],
    });
    // MANUAL means no scanning rule at all; otherwise one rule for every repository.
    const rules = TerraformIterator.fromList(Fn.conditional(Op.eq(scanFrequency.stringValue, "MANUAL"), [], ["*"]));
    new EcrRegistryScanningConfiguration(this, "registry-scanning", {
      scanType: scanType.stringValue,
      rule: rules.dynamic({ scan_frequency: scanFrequency.stringValue, repository_filter: [{ filter: rules.value, filter_type: "WILDCARD" }] }),
      lifecycle: {
        precondition: [
          {
            condition: interpolate(not(paren(and(eq(variable("SCAN_TYPE"), str("BASIC")), eq(variable("SCAN_FREQUENCY"), str("CONTINUOUS_SCAN")))))),
            errorMessage: "SCAN_FREQUENCY: CONTINUOUS_SCAN needs SCAN_TYPE ENHANCED; BASIC scanning offers SCAN_ON_PUSH or MANUAL.",
          },
        ],
      },
    });
  }
}

/**
 * The sample's names for what is named differently from the Paradigm module (ecr/iam.tf, ecr/ecr.tf): a role name
 * is immutable and a rule's name is its identity, so other names would make a switch replace both. Its rule name
 * carries no function name, so like the sample this stack deploys once per Region. The root's moved blocks take
 * the sample's module addresses, which its users applied as a root (`module "ecr" { source = "./ecr" }`).
 */
function keepSampleNames(stack: EcrCreateOnPushStack, ecr: EcrLambdaCreateOnPush): void {
  const role = SAMPLE_ROLE_NAME.build(ecr.config.name, ecr.region);
  ecr.role.name = role;
  ecr.role.lifecycle = { precondition: [namePrecondition(SAMPLE_ROLE_NAME, role)] };
  ecr.rule.name = `${SAMPLE_RULE_PREFIX}${ecr.region}`;
  // The Paradigm-style rule name this precondition measures is not this stack's; the sample's is at most 50 characters.
  ecr.rule.lifecycle = undefined;
  moveFromAnchor(stack, ecr, "module.ecr.");
}

const SAMPLE_RULE_PREFIX = "cw-event-rule-for-non-existent-repo-";
