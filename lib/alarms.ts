import { CloudwatchMetricAlarm, type SqsQueue } from "./aws";
import type { Construct } from "constructs";
import type { ResolvedConfig } from "./config";

/** Where each alarm's metric comes from: the dimension it is filtered on. */
export type AlarmDimension = "FunctionName" | "RuleName" | "QueueName";

/**
 * One alarm, as data: the builder below makes it, and docs/operations.md's "Alarms" section is generated from the
 * same table (scripts/docs.ts), so what an operator reads is what the alarm does. Every alarm fires when its
 * statistic over `periods` consecutive five-minute periods is above `threshold`; missing data is fine, as an idle
 * function, rule or queue emits no metrics. (N of N periods is CloudWatch's default, so no datapoints_to_alarm.)
 */
export interface AlarmSpec {
  /** The alarm is named `<name>-<region>-<suffix>`; its construct id is `<suffix>-alarm` (never renamed). */
  readonly suffix: string;
  /** The namespace of the service that emits the metric. */
  readonly namespace: "AWS/Lambda" | "AWS/Events" | "AWS/SQS";
  /** The metric, as the service names it. */
  readonly metricName: string;
  /** The one dimension: the function, the rule or the queue. */
  readonly dimension: AlarmDimension;
  /** How a period's data points are combined. */
  readonly statistic: "Sum" | "Maximum";
  /** It fires above this (a count, or milliseconds for AsyncEventAge). */
  readonly threshold: number;
  /** Consecutive five-minute periods above the threshold before it fires. */
  readonly periods: number;
  /** Only with the dead-letter queue: its metric does not exist without one. */
  readonly needsQueue: boolean;
  /** What it means when it fires. */
  readonly meaning: string;
  /** What to do. */
  readonly action: string;
}

/** Five minutes: CloudWatch's period for these services' metrics, and short enough that a failure is heard soon. */
const ALARM_PERIOD_SECONDS = 300;
const RUNBOOK = "Runbook: docs/operations.md, Alarms.";
/** An event older than this has outlived every client's retries (AWS-FACTS §9): its push failed. */
const STALE_EVENT_MS = 15 * 60 * 1000;

export const ALARM_SPECS = [
  {
    suffix: "errors",
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimension: "FunctionName",
    statistic: "Sum",
    threshold: 0,
    periods: 1,
    needsQueue: false,
    meaning: "The function failed: ECR refused a call after the SDK's retries, it timed out, or its configuration is bad. Lambda retries it, then sends the event to the dead-letter queue.",
    action: 'Read its "failed" log records (reason, error name, AWS request id); once the cause is fixed, run `ecr-create-on-push redrive` for what reached the queue.',
  },
  {
    // Not ApproximateNumberOfMessagesVisible, which stays above 0 while a message waits (up to 14 days), so the alarm
    // would stay in ALARM and never notify of a new failure. NumberOfMessagesSent counts messages added with
    // SendMessage, which is how Lambda's on-failure destination (the function's role) and EventBridge's
    // dead-letter queue deliver; only messages SQS itself moves from a source queue (a redrive policy, which this
    // queue is not the target of) are left out (SQS developer guide, sqs-available-cloudwatch-metrics).
    suffix: "dead-letter-queue",
    namespace: "AWS/SQS",
    metricName: "NumberOfMessagesSent",
    dimension: "QueueName",
    statistic: "Sum",
    threshold: 0,
    periods: 1,
    needsQueue: true,
    meaning: "New events reached the dead-letter queue: pushes whose repository was not created. It fires for each five minutes with new arrivals; OK means nothing new arrived, not that the queue is empty.",
    action: "Run `ecr-create-on-push redrive --dry-run` to see them, fix the cause its lines name, then `ecr-create-on-push redrive`; messages are kept 14 days.",
  },
  {
    suffix: "rule-failed-invocations",
    namespace: "AWS/Events",
    metricName: "FailedInvocations",
    dimension: "RuleName",
    statistic: "Sum",
    threshold: 0,
    periods: 1,
    needsQueue: false,
    meaning: "EventBridge could not invoke the function (function deleted, its permission for the rule removed, or Lambda refusing the call); it retries for up to 24 hours, then sends the event to the dead-letter queue.",
    action: "Run `terraform plan` to see drift of the function or its permission, and restore them; then redrive what reached the queue.",
  },
  {
    suffix: "rule-dead-letter-failures",
    namespace: "AWS/Events",
    metricName: "InvocationsFailedToBeSentToDlq",
    dimension: "RuleName",
    statistic: "Sum",
    threshold: 0,
    periods: 1,
    needsQueue: true,
    meaning: "EventBridge gave up on an event and could not put it in the dead-letter queue either: the event is lost, and no redrive can bring it back.",
    action: "Check the queue policy still allows the rule and, with a customer KMS key, that the key policy allows events.amazonaws.com kms:GenerateDataKey and kms:Decrypt; the lost pushes must be pushed again.",
  },
  {
    suffix: "throttles",
    namespace: "AWS/Lambda",
    metricName: "Throttles",
    dimension: "FunctionName",
    statistic: "Sum",
    threshold: 0,
    periods: 3,
    needsQueue: false,
    meaning: "Invocations were throttled for 15 minutes on end: more failed pushes than the reserved concurrency serves. Lambda keeps the events and retries them; a short burst is normal and does not fire this.",
    action: "If it persists, raise lambdaConcurrency (lambda_concurrency), or find what pushes to missing repositories in a loop (the log records' repository and pusher).",
  },
  {
    suffix: "event-age",
    namespace: "AWS/Lambda",
    metricName: "AsyncEventAge",
    dimension: "FunctionName",
    statistic: "Maximum",
    threshold: STALE_EVENT_MS,
    periods: 1,
    needsQueue: false,
    meaning: "An event waited over 15 minutes before the function ran it: no client retries that long, so those pushes failed, though the repositories are still created when the events run.",
    action: "Look at the throttles and errors alarms for the cause; pushers succeed when they push again (the push helper waits for the repository).",
  },
  {
    suffix: "destination-failures",
    namespace: "AWS/Lambda",
    metricName: "DestinationDeliveryFailures",
    dimension: "FunctionName",
    statistic: "Sum",
    threshold: 0,
    periods: 1,
    needsQueue: true,
    meaning: "Lambda could not put a failed event in the dead-letter queue (its on-failure destination): the event is lost, and no redrive can bring it back.",
    action: "Check the function's role may still send to the queue and, with a customer KMS key, that the key is enabled and its policy does not deny the role; the lost pushes must be pushed again.",
  },
  {
    suffix: "events-dropped",
    namespace: "AWS/Lambda",
    metricName: "AsyncEventsDropped",
    dimension: "FunctionName",
    statistic: "Sum",
    threshold: 0,
    periods: 1,
    needsQueue: false,
    meaning: "Lambda stopped retrying events without a successful run (too old, or retries used up): with the dead-letter queue they are there, without it they are lost.",
    action: "Find the cause in the errors and throttles alarms, then run `ecr-create-on-push redrive`.",
  },
] as const satisfies readonly AlarmSpec[];

/** What follows the suffix in an alarm's construct id (lib/addresses.ts reads the readable address without it). */
export const ALARM_ID_SUFFIX = "-alarm";
export type AlarmId = `${(typeof ALARM_SPECS)[number]["suffix"]}${typeof ALARM_ID_SUFFIX}`;
const alarmId = (spec: (typeof ALARM_SPECS)[number]): AlarmId => `${spec.suffix}${ALARM_ID_SUFFIX}`;

/** How an alarm's threshold reads to a person: "any", "any, 15 minutes on end", "over 15 minutes (900000 ms)". */
export function thresholdText(spec: AlarmSpec): string {
  if (spec.threshold !== 0) return `over ${spec.threshold / 60_000} minutes (${spec.threshold} ms)`;
  return spec.periods === 1 ? "any" : `any, ${(spec.periods * ALARM_PERIOD_SECONDS) / 60} minutes on end`;
}

/** An alarm's description: what it means and what to do, within CloudWatch's 1024 characters. */
export const alarmDescription = (spec: AlarmSpec): string => `${spec.meaning} ${spec.action} ${RUNBOOK}`;

export interface Alarms {
  /** Any error of the function: ECR refusing a call after the SDK's retries, a stall, a bad configuration. */
  readonly errors: CloudwatchMetricAlarm;
  /** New messages in the dead-letter queue: events nobody handled. */
  readonly deadLetterQueue?: CloudwatchMetricAlarm;
  /** Every alarm, by construct id. */
  readonly byId: Readonly<Partial<Record<AlarmId, CloudwatchMetricAlarm>>>;
}

/**
 * The signals that a push was not served, including the silent ones (the rule failing to invoke, throttling, events
 * aging or dropped): without them, events that end in the dead-letter queue, or nowhere, tell nobody.
 */
export function buildAlarms(
  scope: Construct,
  config: Pick<ResolvedConfig, "alarmActions" | "okActions">,
  target: { readonly fullName: string; readonly functionName: string; readonly ruleName: string; readonly deadLetterQueue?: SqsQueue; readonly tags: Record<string, string> },
): Alarms {
  const dimensionValue: Record<AlarmDimension, string | undefined> = { FunctionName: target.functionName, RuleName: target.ruleName, QueueName: target.deadLetterQueue?.name };
  const byId: Partial<Record<AlarmId, CloudwatchMetricAlarm>> = {};
  for (const spec of ALARM_SPECS) {
    if (spec.needsQueue && !target.deadLetterQueue) continue;
    const id = alarmId(spec);
    byId[id] = new CloudwatchMetricAlarm(scope, id, {
      alarmName: `${target.fullName}-${spec.suffix}`,
      alarmDescription: alarmDescription(spec),
      namespace: spec.namespace,
      metricName: spec.metricName,
      statistic: spec.statistic,
      dimensions: { [spec.dimension]: dimensionValue[spec.dimension]! },
      comparisonOperator: "GreaterThanThreshold",
      threshold: spec.threshold,
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: spec.periods,
      treatMissingData: "notBreaching",
      alarmActions: config.alarmActions,
      okActions: config.okActions,
      tags: target.tags,
    });
  }
  return { errors: byId["errors-alarm"]!, deadLetterQueue: byId["dead-letter-queue-alarm"], byId };
}
