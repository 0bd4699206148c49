import { CloudwatchMetricAlarm, type SqsQueue } from "./aws";
import type { Construct } from "constructs";
import type { ResolvedConfig } from "./config";
import { deadLetterQueueName } from "./resource-names";

export interface Alarms {
  /** Any error of the function: ECR refusing a call after the SDK's retries, a stall, a bad configuration. */
  readonly errors: CloudwatchMetricAlarm;
  /** Any message in the dead-letter queue: an event nobody handled, which waits there 14 days. */
  readonly deadLetterQueue?: CloudwatchMetricAlarm;
}

/**
 * The two signals that a push was not served: without them, events that end in the dead-letter queue tell nobody.
 * Five-minute periods, one breaching period, missing data is fine: an idle function emits no metrics, and a queue
 * holding messages stays active, so its metric keeps coming while anything waits.
 */
export function buildAlarms(
  scope: Construct,
  config: Pick<ResolvedConfig, "alarmActions">,
  target: { readonly fullName: string; readonly functionName: string; readonly deadLetterQueue?: SqsQueue; readonly tags: Record<string, string> },
): Alarms {
  const common = {
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    evaluationPeriods: 1,
    period: 300,
    treatMissingData: "notBreaching",
    alarmActions: config.alarmActions,
    tags: target.tags,
  };
  const errors = new CloudwatchMetricAlarm(scope, "errors-alarm", {
    ...common,
    alarmName: `${target.fullName}-errors`,
    alarmDescription: `The ${target.fullName} function failed; Lambda retries it, then the event goes to the dead-letter queue. Its log group says why (decision "failed").`,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    statistic: "Sum",
    dimensions: { FunctionName: target.functionName },
  });
  if (!target.deadLetterQueue) return { errors };
  const deadLetterQueue = new CloudwatchMetricAlarm(scope, "dead-letter-queue-alarm", {
    ...common,
    alarmName: `${target.fullName}-dead-letter-queue`,
    alarmDescription: `Events for pushes to missing repositories that were never handled wait in ${deadLetterQueueName(target.fullName)}: their repositories were not created. Inspect and redrive them.`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    statistic: "Maximum",
    dimensions: { QueueName: target.deadLetterQueue.name },
  });
  return { errors, deadLetterQueue };
}
