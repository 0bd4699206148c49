import { type CloudwatchEventRule, type CloudwatchEventTarget, type CloudwatchLogGroup, DataAwsPartition, DataAwsRegion, type IamRole, type LambdaFunction, type LambdaFunctionEventInvokeConfig, type LambdaPermission, type SqsQueue } from "./aws";
import { Construct } from "constructs";
import { type Alarms, buildAlarms } from "./alarms";
import type { ResolvedConfig } from "./config";
import { buildDeadLetterQueue, buildDeadLetterQueuePolicy } from "./dead-letter-queue";
import { buildEnvironment, functionVariables, plainValues } from "./environment";
import { environmentFits, environmentIssues } from "./environment-checks";
import type { ConfigIssue } from "./errors";
import { policyIssues } from "./policy-checks";
import { nameIssues } from "./name-checks";
import { FUNCTION_NAME, RULE_NAME } from "./resource-names";
import { planTimeChecks, warnLambda } from "./lambda-checks";
import { buildFunction, buildLogGroup } from "./lambda-function";
import { buildLambdaRole } from "./lambda-role";
import { buildTrigger } from "./lambda-trigger";
import { settingsPreconditions } from "./settings-preconditions";
import { inputPreconditions } from "./input-checks";
import { mergeMaps } from "./tokens";
import { concurrencyIssues, concurrencyPrecondition, eventPatternIssues, eventPatternPrecondition } from "./quota-checks";

/**
 * Lambda mode: an EventBridge rule on failed pushes (CloudTrail), a Lambda function that creates the repository
 * with the configured settings, its least-privilege role, its log group and a dead-letter queue for what never
 * succeeds. Works with AWS provider 5.100 and 6.x. Every part is built in this construct's own scope, so the
 * Terraform addresses do not depend on which file builds what.
 */
export class EcrLambdaCreateOnPush extends Construct {
  /** `<name>-<region>`: the function, role and log-group name. */
  readonly fullName: string;
  /** The region of the provider the resources use (`data.aws_region.<id>.id`: not deprecated in 6.x, unlike `name`). */
  readonly region: string;
  /** The function that creates repositories (`aws_lambda_function`). */
  readonly function: LambdaFunction;
  /** The function's role, with its least-privilege policies. */
  readonly role: IamRole;
  /** The EventBridge rule on failed pushes (CloudTrail records of RepositoryNotFoundException). */
  readonly rule: CloudwatchEventRule;
  /** The function's log group, `/aws/lambda/<fullName>`. */
  readonly logGroup: CloudwatchLogGroup;
  /** Where events end that were never handled; undefined when `deadLetterQueue` is false. */
  readonly deadLetterQueue?: SqsQueue;
  /** The rule's target: the function, with EventBridge's retry policy and dead-letter queue. */
  readonly target: CloudwatchEventTarget;
  /** Lets only this rule invoke the function. */
  readonly permission: LambdaPermission;
  /** How Lambda retries asynchronous invocations (event age, retries, on-failure destination). */
  readonly invokeConfig: LambdaFunctionEventInvokeConfig;
  /** Undefined when `alarms` is false. */
  readonly alarms?: Alarms;
  /** The inputs with every default filled in. */
  readonly config: ResolvedConfig;

  /** `config` is validated by the caller (EcrCreateOnPush), which collects every problem first. */
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    this.config = config;
    warnLambda(this, config);
    const environment = buildEnvironment(this, config);
    const preconditions = [
      ...inputPreconditions(this, config),
      ...planTimeChecks(config, environmentFits({ ...environment, ...plainValues(config) })),
      ...settingsPreconditions(this, config),
      ...concurrencyPrecondition(config.lambdaConcurrency, config.accountConcurrencyQuota),
      ...eventPatternPrecondition(config),
    ];

    const partition = new DataAwsPartition(this, "partition");
    this.region = new DataAwsRegion(this, "region").id;
    this.fullName = FUNCTION_NAME.build(config.name, this.region);
    const tags = mergeMaps({ Name: this.fullName, "managed-by": "terraform" }, config.tags);

    this.logGroup = buildLogGroup(this, config, this.fullName, tags);
    if (config.deadLetterQueue) this.deadLetterQueue = buildDeadLetterQueue(this, config, this.fullName, tags);
    const access = buildLambdaRole(this, config, {
      fullName: this.fullName,
      tags,
      partition: partition.partition,
      region: this.region,
      logGroupName: this.logGroup.name,
      deadLetterQueueName: this.deadLetterQueue?.name,
    });
    this.role = access.role;

    const handler = buildFunction(this, config, {
      fullName: this.fullName,
      tags,
      role: this.role,
      logGroup: this.logGroup,
      environment: functionVariables(environment, config),
      preconditions,
      dependsOn: [this.logGroup, access.rolePolicy, access.createPolicyAttachment],
      deadLetterQueue: this.deadLetterQueue,
    });
    this.function = handler.function;
    this.invokeConfig = handler.invokeConfig;

    const trigger = buildTrigger(this, config, { fullName: this.fullName, region: this.region, tags, function: this.function, deadLetterQueue: this.deadLetterQueue });
    this.rule = trigger.rule;
    this.target = trigger.target;
    this.permission = trigger.permission;
    if (this.deadLetterQueue) buildDeadLetterQueuePolicy(this, this.deadLetterQueue, this.rule);

    if (config.alarms) {
      this.alarms = buildAlarms(this, config, { fullName: this.fullName, functionName: this.function.functionName, ruleName: this.rule.name, deadLetterQueue: this.deadLetterQueue, tags });
    }
  }

  /**
   * Problems only Lambda mode has: its names, environment and role policy must fit AWS's limits (the resources'
   * preconditions and planTimeChecks: the same at plan time).
   */
  static issues(config: ResolvedConfig): ConfigIssue[] {
    return [
      ...nameIssues(config.name, [RULE_NAME, FUNCTION_NAME]),
      ...environmentIssues(config),
      ...policyIssues(config),
      ...concurrencyIssues(config.lambdaConcurrency, config.accountConcurrencyQuota),
      ...eventPatternIssues(config),
    ];
  }
}
