/**
 * AWS's adjustable quotas that a planned request must meet, each with AWS's default (what an account has unless
 * it asked for more) and, where one is published, the hard maximum a raised quota can reach. An input says when
 * an account's quota was raised; the rules below check that input against the maximum, and the values against it.
 */
import { Fn, Op, Token } from "./framework";
import type { ConfigIssue, Precondition } from "./errors";
import { isLiteral } from "./tokens";

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

/** The synth-time reading: what is wrong with a reservation under the quota, or undefined. */
export function concurrencyProblem(concurrency: number, quota: number): string | undefined {
  if (concurrency === -1 || concurrency <= reservableConcurrency(quota)) return undefined;
  const most = reservableConcurrency(quota);
  return `reserves more than the account's concurrency quota of ${quota} allows: Lambda keeps ${LAMBDA_CONCURRENCY.unreservedMinimum} unreserved, so ${most >= 0 ? `use at most ${most}` : "use -1 (unreserved)"}, or set accountConcurrencyQuota to your raised quota`;
}

/** Lambda mode's synth-time issue, for a literal reservation and quota that are each valid on their own. */
export function concurrencyIssues(concurrency: number, quota: number): ConfigIssue[] {
  if (!isLiteral([concurrency, quota]) || !Number.isInteger(concurrency) || !Number.isInteger(quota) || quota < 1) return [];
  const problem = concurrencyProblem(concurrency, quota);
  return problem ? [{ code: "concurrency.over-quota", input: "lambdaConcurrency", message: `lambdaConcurrency: ${concurrency} ${problem}` }] : [];
}

/** The same rule at plan, for values from Terraform variables, with the numbers in the message. */
export function concurrencyPrecondition(concurrency: number, quota: number): Precondition[] {
  if (isLiteral([concurrency, quota])) return [];
  const most = Op.sub(quota, LAMBDA_CONCURRENCY.unreservedMinimum);
  return [
    {
      condition: Op.or(Op.eq(concurrency, -1), Op.lte(concurrency, most)),
      errorMessage: `lambda_concurrency: ${hclText(concurrency)} reserves more than the account's concurrency quota of ${hclText(quota)} allows: Lambda keeps ${LAMBDA_CONCURRENCY.unreservedMinimum} unreserved, so use at most ${hclText(Fn.max([Op.sub(quota, LAMBDA_CONCURRENCY.unreservedMinimum), -1]))} (-1 leaves it unreserved), or set account_concurrency_quota to your raised quota.`,
    },
  ];
}

/** A value inside a message: its literal text, or a token Terraform fills in. */
const hclText = (value: unknown): string => (isLiteral(value) ? String(value) : Token.asString(value));
