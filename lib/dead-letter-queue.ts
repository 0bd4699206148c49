import { type CloudwatchEventRule, SqsQueue, SqsQueuePolicy } from "./aws";
import { Fn } from "./framework";
import type { Construct } from "constructs";
import { deadLetterQueueName } from "./resource-names";
import { DEAD_LETTER_RETENTION_SECONDS } from "../handler/function-config";

/** Where events end that neither EventBridge nor Lambda could deliver or handle. */
export function buildDeadLetterQueue(scope: Construct, fullName: string, tags: Record<string, string>): SqsQueue {
  return new SqsQueue(scope, "dead-letter-queue", {
    name: deadLetterQueueName(fullName),
    sqsManagedSseEnabled: true,
    // The maximum, so an operator has two weeks to inspect and redrive; the handler heals for as long.
    messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    tags,
  });
}

/**
 * Lets the rule's target send what it could not deliver. Lambda's own failures need no queue policy: the
 * function's role sends them (its inline policy).
 */
export function buildDeadLetterQueuePolicy(scope: Construct, queue: SqsQueue, rule: CloudwatchEventRule): SqsQueuePolicy {
  return new SqsQueuePolicy(scope, "dead-letter-queue-policy", {
    queueUrl: queue.url,
    policy: Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "RuleDeliveryFailures",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
        },
      ],
    }),
  });
}
