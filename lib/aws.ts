/**
 * The only lib/ module that imports the AWS provider binding: `@cdktf/provider-aws` here, rewritten to
 * `@cdktn/provider-aws` (same paths, same class names) for the CDK Terrain build (scripts/build.ts, framework.ts).
 * A resource type lib/ needs is added here, not imported from the binding directly.
 */
export { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
export { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
export { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
export { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
export { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
export { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
export { EcrAccountSetting } from "@cdktf/provider-aws/lib/ecr-account-setting";
export { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
export { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
export { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
export { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
export { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
export { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
export { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
export { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
export { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
export { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
