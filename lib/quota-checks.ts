/**
 * The adjustable quotas (lib/quotas.ts) checked: at synth for literal inputs, and as preconditions, with the
 * numbers in the message, for inputs that are Terraform values.
 */
import { Fn, Op, Token } from "./framework";
import type { ResolvedConfig } from "./config";
import type { ConfigIssue, Precondition } from "./errors";
import { buildEventPattern, patternFor } from "./event-pattern";
import { EVENT_PATTERN_QUOTA, LAMBDA_CONCURRENCY, reservableConcurrency } from "./quotas";
import { isLiteral, jsonText } from "./tokens";

type PatternInputs = Pick<ResolvedConfig, "eventNames" | "managedRepoPrefixes" | "allowedPusherAccounts" | "eventPatternQuota">;

/** The synth-time reading: what is wrong with a reservation under the quota, or undefined. */
function concurrencyProblem(concurrency: number, quota: number): string | undefined {
  const most = reservableConcurrency(quota);
  if (concurrency === -1 || concurrency <= most) return undefined;
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
      errorMessage: `lambda_concurrency: ${hclText(concurrency)} reserves more than the account's concurrency quota of ${hclText(quota)} allows: Lambda keeps ${LAMBDA_CONCURRENCY.unreservedMinimum} unreserved, so use at most ${hclText(Fn.max([most, -1]))} (-1 leaves it unreserved), or set account_concurrency_quota to your raised quota.`,
    },
  ];
}

/** A value inside a message: its literal text, or a token Terraform fills in. */
const hclText = (value: unknown): string => (isLiteral(value) ? String(value) : Token.asString(value));

/** The pattern with no name filter, the smallest the rule can have. */
const unfilteredPattern = (config: PatternInputs): string => jsonText(patternFor(config, undefined));

const tooLarge = (length: string | number, quota: string | number) =>
  `the rule's event pattern needs ${length} characters even without a name filter, over the account's event-pattern quota of ${quota}; name fewer event names, or set the quota you were granted (at most ${EVENT_PATTERN_QUOTA.hardMaximum})`;

/** Synth: a literal config whose smallest pattern is over the quota. */
export function eventPatternIssues(config: PatternInputs): ConfigIssue[] {
  if (!isLiteral([config.eventNames, config.allowedPusherAccounts, config.eventPatternQuota])) return [];
  const length = unfilteredPattern(config).length;
  return length > config.eventPatternQuota ? [{ code: "event-pattern.too-large", input: "eventNames", message: `eventNames: ${tooLarge(length, config.eventPatternQuota)}` }] : [];
}

/** Plan: the planned pattern (the closest filter that fits, or none) within the quota, the numbers in the message. */
export function eventPatternPrecondition(config: PatternInputs): Precondition[] {
  if (isLiteral([config.eventNames, config.allowedPusherAccounts, config.eventPatternQuota, config.managedRepoPrefixes])) return [];
  const pattern = buildEventPattern(config);
  return [{ condition: Op.lte(Fn.lengthOf(pattern), config.eventPatternQuota), errorMessage: `event_names: ${tooLarge(Token.asString(Fn.lengthOf(pattern)), Token.asString(config.eventPatternQuota))}.` }];
}
