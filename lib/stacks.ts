import { AwsProvider } from "./aws";
import { TerraformOutput, TerraformStack } from "./framework";
import type { Construct } from "constructs";
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

export interface StackOptions {
  /** Where `cdktf deploy` keeps state (lib/backend.ts). @default none - the folder is also a child module */
  readonly backend?: StateBackend;
}

/**
 * A stack of one EcrCreateOnPush with the Paradigm module's outputs. Its folder is a root module and a child
 * module alike: no provider block (a root gets Terraform's implied default configuration, a module its caller's,
 * aliases, default_tags and for_each included) and, unless `backend` is given, no backend.
 */
export class EcrCreateOnPushStack extends TerraformStack {
  /** The instance, in whichever mode the config chose. */
  readonly ecr: EcrCreateOnPush<Mode>;

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
    for (const [name, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, name, { value, description });
  }
}
