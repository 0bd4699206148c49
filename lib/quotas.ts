/**
 * AWS's adjustable quotas that a planned request must meet, each with AWS's default (what an account has unless
 * it asked for more) and, where one is published, the hard maximum a raised quota can reach. An input says when
 * an account's quota was raised; the rules below check that input against the maximum, and the values against it.
 */

/**
 * Lambda: "Concurrent executions: 1,000, can be increased" (Lambda quotas,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), and PutFunctionConcurrency: "you can
 * reserve concurrency ... as long as you leave at least 100 simultaneous executions unreserved for functions that
 * aren't configured with a per-function limit" (Lambda API reference, API_PutFunctionConcurrency). No hard
 * maximum is published ("tens of thousands"), so the quota input is only checked to be a whole number from 1.
 */
export const LAMBDA_CONCURRENCY = { defaultQuota: 1_000, unreservedMinimum: 100 } as const;

/**
 * EventBridge: "Event pattern size: 2048 characters maximum ... can be increased to 4096" (EventBridge quotas,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html); the events API model caps
 * `EventPattern` at 4096, which the AWS provider's aws_cloudwatch_event_rule also validates.
 */
export const EVENT_PATTERN_QUOTA = { defaultQuota: 2_048, hardMaximum: 4_096 } as const;

/** The most a function may reserve under an account quota; negative when nothing may be reserved. */
export const reservableConcurrency = (quota: number): number => quota - LAMBDA_CONCURRENCY.unreservedMinimum;
