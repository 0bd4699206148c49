import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EcrCreateOnPushConfig } from "./config";
import { EcrCreateOnPush } from "./ecr-create-on-push";

/**
 * The AWS provider versions a synthesized stack admits. The binding was generated from 5.100.0 and pins it
 * exactly, which would clash with pipelines already on 6.x; every resource here exists in both.
 */
export const AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 7.0.0";

/** A stack of one EcrCreateOnPush with the Paradigm module's outputs. No backend: the user brings theirs. */
export class EcrCreateOnPushStack extends TerraformStack {
  readonly ecr: EcrCreateOnPush;

  /** `config` may be built from the stack, e.g. from `TerraformVariable`s declared in it. */
  constructor(scope: Construct, id: string, config: EcrCreateOnPushConfig | ((stack: TerraformStack) => EcrCreateOnPushConfig) = {}) {
    super(scope, id);
    new AwsProvider(this, "aws", {});
    this.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
    // cdktf adds a local backend with this machine's absolute path; the stack folder must run anywhere.
    this.addOverride("terraform.backend", undefined);
    this.ecr = new EcrCreateOnPush(this, "ecr", typeof config === "function" ? config(this) : config);
    const outputs: Record<string, [string, string]> = {
      arn: [this.ecr.function.arn, "ARN of the function that creates repositories"],
      invoke_arn: [this.ecr.function.invokeArn, "Invoke ARN of the function"],
      rule_arn: [this.ecr.rule.arn, "ARN of the EventBridge rule on failed pushes"],
      role_arn: [this.ecr.role.arn, "ARN of the function's role"],
      log_group_name: [this.ecr.logGroup.name, "The function's log group"],
    };
    if (this.ecr.deadLetterQueue) outputs.dead_letter_queue_url = [this.ecr.deadLetterQueue.url, "Events never handled end here"];
    for (const [name, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, name, { value, description });
  }
}
