import { join } from "node:path";
import { CloudwatchEventRule, CloudwatchEventTarget, CloudwatchLogGroup, DataAwsPartition, DataAwsRegion, IamPolicy, IamRole, IamRolePolicy, IamRolePolicyAttachment, LambdaFunction, LambdaFunctionEventInvokeConfig, LambdaPermission, SqsQueue, SqsQueuePolicy } from "./aws";
import { Annotations, App, AssetType, Fn, Op, TerraformAsset, TerraformCount, TerraformIterator, TerraformStack, Token } from "./framework";
import { Construct } from "constructs";
import { type Alarms, buildAlarms } from "./alarms";
import { bundleHandler, HANDLER_ATTRIBUTE } from "./bundle";
import { FUNCTION_TAGS, type ResolvedConfig } from "./config";
import { buildEnvironment, ENVIRONMENT_LIMIT_BYTES, environmentFits, environmentIssues } from "./environment";
import type { ConfigIssue } from "./errors";
import { buildEventPattern, EVENT_PATTERN_LIMIT, eventPatternScope, ruleState } from "./event-pattern";
import { buildRolePolicy, createStatement, joined, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, ownAccount, policyIssues, repositoryArnChunks } from "./iam-policy";
import { settingsPreconditions } from "./settings-preconditions";
import { choose, hasItems, hcl, isLiteral, jsonText, mergeMaps, nestable } from "./tokens";

/** The Paradigm module's statement id, kept so its permission can be adopted. */
export const PERMISSION_STATEMENT_ID = "AllowExecutionFromCloudWatch";
/** Rule names are limited to 64 characters; ours is this prefix plus `<name>-<region>`, as in the Paradigm module. */
export const RULE_NAME_PREFIX = "ecr-repo-404-on-push-for-";

/**
 * Lambda mode: an EventBridge rule on failed pushes (CloudTrail), a Lambda function that creates the repository
 * with the configured settings, its least-privilege role, its log group and a dead-letter queue for what never
 * succeeds. Works with AWS provider 5.100 and 6.x.
 */
export class EcrLambdaCreateOnPush extends Construct {
  /** `<name>-<region>`: the function, role and log-group name. */
  readonly fullName: string;
  /** The region of the provider the resources use (`data.aws_region.<id>.id`: not deprecated in 6.x, unlike `name`). */
  readonly region: string;
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly rule: CloudwatchEventRule;
  readonly logGroup: CloudwatchLogGroup;
  readonly deadLetterQueue?: SqsQueue;
  readonly target: CloudwatchEventTarget;
  readonly permission: LambdaPermission;
  readonly invokeConfig: LambdaFunctionEventInvokeConfig;
  /** Undefined when `alarms` is false. */
  readonly alarms?: Alarms;
  readonly config: ResolvedConfig;

  /** `props` are validated by the caller (EcrCreateOnPush), which collects every problem first. */
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    this.config = config;
    this.warn(config);
    const environment = buildEnvironment(this, config);
    const preconditions = [...planTimeChecks(config, environmentFits(environment)), ...settingsPreconditions(this, config)];

    const partition = new DataAwsPartition(this, "partition");
    this.region = new DataAwsRegion(this, "region").id;
    this.fullName = `${config.name}-${this.region}`;
    const tags = mergeMaps({ Name: this.fullName, "managed-by": "terraform" }, config.tags);

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/lambda/${this.fullName}`,
      retentionInDays: config.logRetentionDays,
      kmsKeyId: config.logKmsKeyArn ?? undefined,
      tags,
    });

    if (config.deadLetterQueue) {
      this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
        name: `${this.fullName}-dlq`,
        sqsManagedSseEnabled: true,
        // The maximum, so an operator has two weeks to inspect and redrive.
        messageRetentionSeconds: 1_209_600,
        tags,
      });
    }

    this.role = new IamRole(this, "role", {
      name: this.fullName,
      description: `Role of the ${this.fullName} function, which creates ECR repositories on push.`,
      assumeRolePolicy: jsonText({
        Version: "2012-10-17",
        Statement: [{ Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      forceDetachPolicies: true,
      tags,
    });
    const refs = {
      account: ownAccount(this),
      partition: partition.partition,
      region: this.region,
    };
    const rolePolicy = new IamRolePolicy(this, "role-policy", {
      name: "create-repositories",
      role: this.role.id,
      policy: buildRolePolicy(config, {
        ...refs,
        logGroupName: this.logGroup.name,
        functionName: joined("-", [config.name, this.region]),
        deadLetterQueueName: this.deadLetterQueue?.name,
      }),
    });
    // Where the function may create: in managed policies, as many as the prefixes need (an inline policy is
    // limited to 10,240 characters for the whole role, which about 120 prefixes fill).
    const chunks = repositoryArnChunks(config, refs);
    const policies = TerraformCount.of(Fn.lengthOf(chunks));
    const createPolicy = new IamPolicy(this, "create-policy", {
      count: policies,
      name: `${this.fullName}-create-${Token.asString(policies.index)}`,
      description: `Where the ${this.fullName} function may create ECR repositories (part ${Token.asString(policies.index)}).`,
      policy: Fn.jsonencode({ Version: "2012-10-17", Statement: [createStatement(config, Fn.element(chunks, policies.index) as unknown as string[])] }),
      tags,
      lifecycle: {
        precondition: [
          {
            condition: Op.lte(Fn.lengthOf(chunks), MANAGED_POLICIES_PER_ROLE),
            errorMessage: `managed_repo_prefixes: the prefixes need more than IAM's ${MANAGED_POLICIES_PER_ROLE} managed policies of ${MANAGED_POLICY_LIMIT} characters per role; use fewer or shorter prefixes (a parent namespace covers its children).`,
          },
        ],
      },
    });
    const createPolicyAttachment = new IamRolePolicyAttachment(this, "create-policy-attachment", {
      // One count for both: each policy and its attachment share an index.
      count: policies,
      role: this.role.name,
      // A counted resource's instance has no cdktf accessor; this is the plain Terraform reference.
      policyArn: `\${${createPolicy.terraformResourceType}.${createPolicy.friendlyUniqueId}[count.index].arn}`,
    });

    const bundle = bundleHandler(join(App.of(this).outdir, ".bundles", "handler"));
    const asset = new TerraformAsset(this, "handler-code", { path: bundle.zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, "handler", {
      functionName: this.fullName,
      description: "Creates an ECR repository when a push fails because the repository does not exist.",
      role: this.role.arn,
      handler: HANDLER_ATTRIBUTE,
      runtime: config.runtime,
      architectures: [config.architecture],
      memorySize: config.memorySize,
      timeout: config.lambdaTimeout,
      reservedConcurrentExecutions: config.lambdaConcurrency,
      // Read at apply from Terraform's working directory: through path.module the zip resolves when the stack
      // folder is a child module too ("." as a root).
      filename: `\${path.module}/${asset.path}`,
      sourceCodeHash: bundle.sha256,
      environment: { variables: environment },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      tracingConfig: { mode: choose(config.tracing, "Active", "PassThrough") },
      // Logs and permissions exist before the first invocation can happen.
      dependsOn: [this.logGroup, rolePolicy, createPolicyAttachment],
      tags,
      lifecycle: preconditions.length === 0 ? undefined : { precondition: preconditions },
    });

    this.invokeConfig = new LambdaFunctionEventInvokeConfig(this, "invoke-config", {
      functionName: this.function.functionName,
      maximumEventAgeInSeconds: config.maximumEventAgeInSeconds,
      maximumRetryAttempts: config.maximumRetryAttempts,
      destinationConfig: this.deadLetterQueue ? { onFailure: { destination: this.deadLetterQueue.arn } } : undefined,
    });

    this.rule = new CloudwatchEventRule(this, "rule", {
      name: `${RULE_NAME_PREFIX}${this.fullName}`,
      ...ruleState(config.eventNames),
      eventPattern: buildEventPattern(config),
      tags,
      lifecycle: {
        precondition: [
          {
            // The region is known only at plan time, so the length is checked there.
            condition: Op.lte(Fn.lengthOf(`${RULE_NAME_PREFIX}${this.fullName}`), 64),
            errorMessage: `name: the rule name "${RULE_NAME_PREFIX}<name>-<region>" is longer than EventBridge's 64 characters; use a shorter name.`,
          },
        ],
      },
    });

    this.target = new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      targetId: this.fullName,
      arn: this.function.arn,
      // EventBridge retries only when it cannot hand the event to Lambda; once accepted, Lambda's own retries
      // (invoke-config) take over. What neither delivers lands in the dead-letter queue.
      retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
      deadLetterConfig: this.deadLetterQueue ? { arn: this.deadLetterQueue.arn } : undefined,
    });

    this.permission = new LambdaPermission(this, "permission", {
      statementId: PERMISSION_STATEMENT_ID,
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });

    if (this.deadLetterQueue) {
      new SqsQueuePolicy(this, "dead-letter-queue-policy", {
        queueUrl: this.deadLetterQueue.url,
        policy: Fn.jsonencode({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "RuleDeliveryFailures",
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sqs:SendMessage",
              Resource: this.deadLetterQueue.arn,
              Condition: { ArnEquals: { "aws:SourceArn": this.rule.arn } },
            },
          ],
        }),
      });
    }

    if (config.alarms) {
      this.alarms = buildAlarms(this, config, { fullName: this.fullName, functionName: this.function.functionName, deadLetterQueue: this.deadLetterQueue, tags });
    }
  }

  /** Problems only Lambda mode has: its environment and role policy must fit AWS's limits. */
  // (planTimeChecks below is the same for values that come from Terraform variables.)
  static issues(config: ResolvedConfig): ConfigIssue[] {
    return [...environmentIssues(config), ...policyIssues(config)];
  }

  private warn(config: ResolvedConfig): void {
    const annotations = Annotations.of(this);
    if (!isLiteral(config.managedRepoPrefixes)) {
      // The same warning at plan time, for prefixes from a variable: a check block warns, it does not fail.
      TerraformStack.of(this).addOverride(`check.${this.node.id}_managed_repo_prefixes`, {
        assert: [
          {
            condition: hasItems(config.managedRepoPrefixes),
            error_message: "managed_repo_prefixes is empty: a push of any valid name creates a repository, and the role may create every repository in the account. Set prefixes to limit both.",
          },
        ],
      });
    }
    if (isLiteral(config.managedRepoPrefixes) && config.managedRepoPrefixes.length === 0) {
      annotations.addWarning(
        "managedRepoPrefixes is empty: a push of any valid name creates a repository, and the role may create every repository in the account. Set prefixes to limit both.",
      );
    }
    if (isLiteral([config.managedRepoPrefixes, config.eventNames])) {
      const scope = eventPatternScope(config);
      if (config.managedRepoPrefixes.length > 0 && scope !== "prefixes") {
        annotations.addWarning(
          `managedRepoPrefixes: ${config.managedRepoPrefixes.length} prefixes do not fit an event pattern's ${EVENT_PATTERN_LIMIT} characters, so the rule filters ${scope === "top-level" ? "on their first segments" : "on no name"}; the function still skips names outside the prefixes, at the cost of an invocation each.`,
        );
      }
    }
    const dropped = isLiteral(config.repoTags) ? Object.keys(config.repoTags).filter((key) => FUNCTION_TAGS.includes(key)) : [];
    if (dropped.length > 0) annotations.addWarning(`repoTags: ${dropped.join(", ")} ignored; the function sets ${FUNCTION_TAGS.join(" and ")} itself.`);
    if (isLiteral(config.lambdaConcurrency) && config.lambdaConcurrency === 0) {
      annotations.addWarning("lambdaConcurrency is 0: the function can never run; events wait, then go to the dead-letter queue.");
    }
    if (isLiteral(config.runtime) && config.runtime !== "nodejs22.x") {
      annotations.addWarning(`runtime ${config.runtime} needs an AWS provider that knows it (nodejs24.x: 6.21.0 or later).`);
    }
  }
}

/**
 * What synth checks on literal values, checked by Terraform for values from variables: the environment's size,
 * and that every prefixSettings key lies within the managed prefixes (else the handler refuses to start).
 */
function planTimeChecks(config: ResolvedConfig, fits: boolean | undefined): { condition: unknown; errorMessage: string }[] {
  const checks: { condition: unknown; errorMessage: string }[] = [];
  if (fits !== undefined) {
    checks.push({
      condition: fits,
      errorMessage: `managed_repo_prefixes, prefix_settings, repo_lifecycle_policy, repo_policy: the function's configuration exceeds Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte environment limit even compressed; use fewer prefixes (a parent namespace covers its children) or shorter policies.`,
    });
  }
  if (!isLiteral([config.prefixSettings, config.managedRepoPrefixes])) {
    const prefixes = hcl(config.managedRepoPrefixes);
    const within = TerraformIterator.fromMap(nestable(config.prefixSettings)).forExpressionForList(
      `length(${prefixes}) == 0 || anytrue([for p in ${prefixes} : trimsuffix(key, "/") == trimsuffix(p, "/") || startswith(key, format("%s/", trimsuffix(p, "/")))])`,
    );
    checks.push({
      condition: Fn.alltrue(within as unknown as boolean[]),
      errorMessage: "prefix_settings: every key must lie within managed_repo_prefixes (when set), or no repository could get its settings and the function refuses to start.",
    });
  }
  return checks;
}
