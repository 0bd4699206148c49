import { type CloudwatchEventRule, SqsQueue, SqsQueuePolicy } from "./aws";
import { Fn, Token } from "./framework";
import type { Construct } from "constructs";
import { deadLetterQueueName } from "./resource-names";
import type { ResolvedConfig } from "./config";
import { type Alternative, choose, derive, isSet } from "./tokens";
import { DEAD_LETTER_RETENTION_SECONDS } from "../handler/function-config";

/**
 * Where events end that neither EventBridge nor Lambda could deliver or handle. Encrypted with the given customer
 * key, else with SQS-managed keys: the provider refuses both at once, so the one not used is left null.
 */
export function buildDeadLetterQueue(scope: Construct, config: Pick<ResolvedConfig, "deadLetterQueueKmsKeyArn">, fullName: string, tags: Record<string, string>): SqsQueue {
  const key = config.deadLetterQueueKmsKeyArn;
  return new SqsQueue(scope, "dead-letter-queue", {
    name: deadLetterQueueName(fullName),
    kmsMasterKeyId: key ?? undefined,
    sqsManagedSseEnabled: derive(SQS_MANAGED_SSE, key),
    // The maximum, so an operator has two weeks to inspect and redrive; the handler heals for as long.
    messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    tags,
  });
}

/** SQS-managed encryption unless a customer key is given (the attribute unset, not false, beside a key). */
export const SQS_MANAGED_SSE: Alternative<[key: string | null], boolean | undefined> = {
  inputs: (key) => key,
  literal: (key) => (key === null ? true : undefined),
  terraform: (key) => choose(isSet(key), Token.nullValue() as unknown as boolean, true),
};

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
