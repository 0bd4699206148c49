import { resolve } from "node:path";
import { CloudwatchLogGroup, type IamRole, LambdaFunction, LambdaFunctionEventInvokeConfig, type SqsQueue } from "./aws";
import { App, AssetType, type ITerraformDependable, TerraformAsset } from "./framework";
import type { Construct } from "constructs";
import { bundleHandler, HANDLER_ATTRIBUTE } from "./bundle";
import type { ResolvedConfig } from "./config";
import { choose } from "./tokens";
import { moduleFile } from "./hcl";
import { logGroupName } from "./resource-names";
import type { Precondition } from "./errors";

/** The function's log group, named as Lambda names it, so the function logs nowhere else. */
export function buildLogGroup(scope: Construct, config: ResolvedConfig, fullName: string, tags: Record<string, string>): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, "log-group", {
    name: logGroupName(fullName),
    retentionInDays: config.logRetentionDays,
    kmsKeyId: config.logKmsKeyArn ?? undefined,
    tags,
  });
}

export interface LambdaHandler {
  readonly function: LambdaFunction;
  readonly invokeConfig: LambdaFunctionEventInvokeConfig;
}

/** The bundled handler as a Lambda function, and how Lambda retries its asynchronous invocations. */
export function buildFunction(
  scope: Construct,
  config: ResolvedConfig,
  parts: {
    readonly fullName: string;
    readonly tags: Record<string, string>;
    readonly role: IamRole;
    readonly logGroup: CloudwatchLogGroup;
    readonly environment: Record<string, string>;
    readonly preconditions: readonly Precondition[];
    /** What must exist before the first invocation can happen (logs and permissions). */
    readonly dependsOn: ITerraformDependable[];
    readonly deadLetterQueue?: SqsQueue;
  },
): LambdaHandler {
  // Absolute, from the app's outdir: cdktf resolves a relative asset path against a cdktf.json it looks for above the
  // working directory, so a relative one failed without cdktf.json, or found a stale zip from another folder.
  const bundle = bundleHandler(resolve(App.of(scope).outdir, ".bundles", "handler"));
  const asset = new TerraformAsset(scope, "handler-code", { path: bundle.zipPath, type: AssetType.FILE });
  const fn = new LambdaFunction(scope, "handler", {
    functionName: parts.fullName,
    description: "Creates an ECR repository when a push fails because the repository does not exist.",
    role: parts.role.arn,
    handler: HANDLER_ATTRIBUTE,
    runtime: config.runtime,
    architectures: [config.architecture],
    memorySize: config.memorySize,
    timeout: config.lambdaTimeout,
    reservedConcurrentExecutions: config.lambdaConcurrency,
    // Read at apply from Terraform's working directory: through path.module the zip resolves when the stack
    // folder is a child module too ("." as a root).
    filename: moduleFile(asset.path),
    sourceCodeHash: bundle.sha256,
    environment: { variables: parts.environment },
    // Lambda decrypts the environment through a grant made with the deployer's permissions, not the role's.
    kmsKeyArn: config.environmentKmsKeyArn ?? undefined,
    // Lambda passes the application level to the function as AWS_LAMBDA_LOG_LEVEL (handler/settings.ts).
    loggingConfig: { logFormat: "JSON", logGroup: parts.logGroup.name, applicationLogLevel: config.applicationLogLevel, systemLogLevel: config.systemLogLevel },
    tracingConfig: { mode: choose(config.tracing, "Active", "PassThrough") },
    dependsOn: parts.dependsOn,
    tags: parts.tags,
    lifecycle: parts.preconditions.length === 0 ? undefined : { precondition: [...parts.preconditions] },
  });

  const invokeConfig = new LambdaFunctionEventInvokeConfig(scope, "invoke-config", {
    functionName: fn.functionName,
    maximumEventAgeInSeconds: config.maximumEventAgeInSeconds,
    maximumRetryAttempts: config.maximumRetryAttempts,
    destinationConfig: parts.deadLetterQueue ? { onFailure: { destination: parts.deadLetterQueue.arn } } : undefined,
  });
  return { function: fn, invokeConfig };
}
