import { AwsProvider } from "./aws";
import { TerraformElement, TerraformOutput, type TerraformResource, TerraformStack } from "./framework";
import type { Construct, Node } from "constructs";
import { packageVersion } from "./bundle";
import { assertUniqueNames, movesFromHashed, readableLogicalId } from "./addresses";
import type { StateBackend } from "./backend";
import type { EcrCreateOnPushConfig } from "./config";
import { EcrCreateOnPush } from "./ecr-create-on-push";
import type { Mode } from "./mode-checks";
import { admitAwsProviders } from "./provider-constraint";

/**
 * The AWS provider versions a Lambda-mode stack admits. The binding was generated from 5.100.0 and pins it
 * exactly, which would clash with pipelines already on 6.x; every resource here exists in both.
 */
export const AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 7.0.0";

/** The Terraform versions a stack folder admits: check blocks and import blocks came in 1.5. */
export const REQUIRED_TERRAFORM = ">= 1.5.0";

/** The package's version, which a module caller sees as the `module_version` output (CHANGELOG.md, README "Releases"). */
export const MODULE_VERSION: string = packageVersion();

export interface StackOptions {
  /** Where `cdktf deploy` keeps state (lib/backend.ts). @default none - the folder is also a child module */
  readonly backend?: StateBackend;
}

/**
 * A stack of one EcrCreateOnPush with the Paradigm module's outputs. Its folder is a root module and a child
 * module alike: no provider block (a root gets Terraform's implied default configuration, a module its caller's,
 * aliases, default_tags and for_each included) and, unless `backend` is given, no backend. Its addresses are
 * readable (`aws_lambda_function.this`, lib/addresses.ts), with moved blocks from the hashed ones of 0.1.0.
 */
export class EcrCreateOnPushStack extends TerraformStack {
  /** The instance, in whichever mode the config chose. */
  readonly ecr: EcrCreateOnPush<Mode>;
  /** Addresses another module kept these resources at (moveFrom). */
  private readonly formerAddresses: { readonly from: string; readonly resource: TerraformResource }[] = [];

  /** `config` may be built from the stack, e.g. from `TerraformVariable`s declared in it. */
  constructor(scope: Construct, id: string, config: EcrCreateOnPushConfig | ((stack: TerraformStack) => EcrCreateOnPushConfig) = {}, options: StackOptions = {}) {
    super(scope, id);
    // The provider construct only declares required_providers; its empty block would make a child module ignore
    // the caller's provider ("Redundant empty provider block") and forbid for_each on the module call.
    new AwsProvider(this, "aws", {});
    this.addOverride("provider", undefined);
    // cdktf adds a local backend with this machine's absolute path; the stack folder must run anywhere. An
    // override merges into it, so it is dropped by name, or an S3 backend would stand beside it (Terraform refuses two).
    this.addOverride("terraform.backend", options.backend ? { local: undefined, ...options.backend } : undefined);
    // Check blocks (plan-time warnings) and import blocks need Terraform 1.5.
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM);
    this.ecr = new EcrCreateOnPush(this, "ecr", typeof config === "function" ? config(this) : config);
    const { lambda, native } = this.ecr;
    const outputs: Record<string, [unknown, string]> = {};
    // Every resource of Lambda mode exists in 5.100 and 6.x; a native instance raises this at synth (provider-constraint.ts).
    admitAwsProviders(this, AWS_PROVIDER_CONSTRAINT);
    if (lambda) {
      outputs.arn = [lambda.function.arn, "ARN of the function that creates repositories"];
      outputs.invoke_arn = [lambda.function.invokeArn, "Invoke ARN of the function"];
      outputs.rule_arn = [lambda.rule.arn, "ARN of the EventBridge rule on failed pushes"];
      outputs.role_arn = [lambda.role.arn, "ARN of the function's role"];
      outputs.log_group_name = [lambda.logGroup.name, "The function's log group"];
      if (lambda.deadLetterQueue) outputs.dead_letter_queue_url = [lambda.deadLetterQueue.url, "Events never handled end here"];
      if (lambda.alarms) outputs.errors_alarm_arn = [lambda.alarms.errors.arn, "ARN of the alarm on the function's errors"];
      if (lambda.alarms?.deadLetterQueue) outputs.dead_letter_queue_alarm_arn = [lambda.alarms.deadLetterQueue.arn, "ARN of the alarm on new messages in the dead-letter queue"];
    }
    if (native) {
      outputs.template_prefixes = [native.templatePrefixes, "Prefixes of the repository creation templates (ROOT: every new repository)"];
      if (native.role) outputs.templates_role_arn = [native.role.arn, "ARN of the role ECR assumes to tag and encrypt created repositories"];
    }
    outputs.module_version = [MODULE_VERSION, "Version of ecr-create-on-push that wrote this module (the release tag without its v)"];
    for (const [name, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, name, { value, description });
  }

  /**
   * Declares that `resource` was at `from` in another module (an anchor's `aws_lambda_function.this`), so that
   * a switch moves its state. It chains through the hashed address of 0.1.0, as Terraform allows only one
   * move into each address.
   */
  moveFrom(resource: TerraformResource, from: string): void {
    this.formerAddresses.push({ from, resource });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    return readableLogicalId(this, node) ?? super.allocateLogicalId(element);
  }

  toTerraform(): any {
    assertUniqueNames(this);
    const hashed = (e: TerraformElement) => super.allocateLogicalId(e);
    const fromHashed = movesFromHashed(this, hashed);
    const fromOthers = this.formerAddresses
      .filter(({ from, resource }) => from !== `${resource.terraformResourceType}.${resource.friendlyUniqueId}`)
      .map(({ from, resource }) => {
        const legacy = `${resource.terraformResourceType}.${hashed(resource)}`;
        return { from, to: fromHashed.some((m) => m.from === legacy) ? legacy : `${resource.terraformResourceType}.${resource.friendlyUniqueId}` };
      });
    const tf = super.toTerraform();
    const moved = [...(tf.moved ?? []), ...fromOthers, ...fromHashed];
    if (moved.length > 0) tf.moved = moved;
    return tf;
  }
}
