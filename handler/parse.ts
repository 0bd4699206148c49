/**
 * The boundary: an unknown value in, a typed push failure or a reason to skip out. Only own properties are
 * read (a `__proto__` or `constructor` key is data, never a path into Object.prototype), only the fields we
 * need are touched (a megabyte payload costs nothing), and nothing here throws: a throw would make Lambda
 * retry garbage.
 */
import type { SkipReason } from "./reasons";
import { repositoryNameProblem } from "./repository-names";

export type { SkipReason } from "./reasons";

/** A failed push that the function should act on. */
export interface PushFailure {
  readonly repositoryName: string;
  /** ARN of the pushing principal (CloudTrail userIdentity.arn), when the record has one. */
  readonly principalArn: string | undefined;
  readonly eventName: string;
  /** EventBridge event id, for correlating log lines. */
  readonly eventId: string | undefined;
  /** The pusher's account (CloudTrail userIdentity.accountId), when the record has one. */
  readonly pusherAccount: string | undefined;
  /** The registry's account: the function's own, which the event was checked to come from. */
  readonly registryAccount: string;
  /** When the push failed (CloudTrail eventTime, ms since the epoch), when the record has a valid one. */
  readonly eventTime: number | undefined;
}

export interface Skip {
  readonly kind: "skip";
  readonly reason: SkipReason;
  readonly detail: string;
  readonly repositoryName?: string;
  readonly principalArn?: string;
  readonly eventId?: string;
  /** For pusher-account-not-allowed: who pushed, and whose registry it is. */
  readonly pusherAccount?: string;
  readonly registryAccount?: string;
}

export type ParseResult = { readonly kind: "push"; readonly push: PushFailure } | Skip;

/** What this function instance accepts: its own account and region, and the configured event names. */
export interface Expectations {
  readonly account: string;
  readonly region: string;
  readonly eventNames: readonly string[];
}

export const EVENT_SOURCE = "aws.ecr";
export const DETAIL_TYPE = "AWS API Call via CloudTrail";
export const CLOUDTRAIL_EVENT_SOURCE = "ecr.amazonaws.com";
export const ERROR_CODE = "RepositoryNotFoundException";
/** Longest value copied into a log line; keeps hostile payloads out of the logs. */
export const LOG_VALUE_MAX = 300;

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(record: Fields, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function ownString(record: Fields, key: string): string | undefined {
  const value = own(record, key);
  return typeof value === "string" ? value : undefined;
}

/** A value safe to put in a log line: strings only, bounded. */
export function forLog(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return value.length > LOG_VALUE_MAX ? `${value.slice(0, LOG_VALUE_MAX)}...(${value.length} chars)` : value;
}

const quote = (value: unknown): string => (typeof value === "string" ? JSON.stringify(forLog(value)) : typeof value);

export function parsePushFailure(event: unknown, expect: Expectations): ParseResult {
  if (!isRecord(event)) {
    return { kind: "skip", reason: "not-an-object", detail: `event is ${event === null ? "null" : Array.isArray(event) ? "an array" : typeof event}` };
  }
  const eventId = forLog(own(event, "id"));
  const skip = (reason: SkipReason, detail: string, extra: Partial<Skip> = {}): Skip => ({ kind: "skip", reason, detail, eventId, ...extra });

  const source = own(event, "source");
  if (source !== EVENT_SOURCE) return skip("wrong-source", `source is ${quote(source)}, not "${EVENT_SOURCE}"`);
  const detailType = own(event, "detail-type");
  if (detailType !== DETAIL_TYPE) return skip("wrong-detail-type", `detail-type is ${quote(detailType)}, not "${DETAIL_TYPE}"`);
  const detail = own(event, "detail");
  if (!isRecord(detail)) return skip("no-detail", "detail is not an object");

  const identity = own(detail, "userIdentity");
  const principalArn = isRecord(identity) ? ownString(identity, "arn") : undefined;
  const context = { principalArn: forLog(principalArn) };

  const eventSource = own(detail, "eventSource");
  if (eventSource !== CLOUDTRAIL_EVENT_SOURCE) {
    return skip("wrong-event-source", `detail.eventSource is ${quote(eventSource)}, not "${CLOUDTRAIL_EVENT_SOURCE}"`, context);
  }
  const eventName = own(detail, "eventName");
  if (typeof eventName !== "string" || !expect.eventNames.includes(eventName)) {
    return skip("event-name-not-handled", `detail.eventName is ${quote(eventName)}; handled: ${expect.eventNames.join(", ")}`, context);
  }
  const errorCode = own(detail, "errorCode");
  if (errorCode !== ERROR_CODE) return skip("wrong-error-code", `detail.errorCode is ${quote(errorCode)}, not "${ERROR_CODE}"`, context);

  const request = own(detail, "requestParameters");
  const repositoryName = isRecord(request) ? own(request, "repositoryName") : undefined;
  if (typeof repositoryName !== "string") {
    return skip("no-repository-name", `detail.requestParameters.repositoryName is ${quote(repositoryName)}`, context);
  }
  const named = { ...context, repositoryName: forLog(repositoryName) };

  // Checked before the name pattern: a name from another registry or region is not ours to judge.
  const account = own(event, "account");
  if (account !== expect.account) return skip("other-account", `account is ${quote(account)}, not the function's ${expect.account}`, named);
  if (isRecord(request) && Object.hasOwn(request, "registryId")) {
    const registryId = own(request, "registryId");
    if (registryId !== expect.account) {
      return skip("other-account", `detail.requestParameters.registryId is ${quote(registryId)}, not the function's ${expect.account}`, named);
    }
  }
  const region = own(event, "region");
  const awsRegion = own(detail, "awsRegion");
  if (region !== expect.region || awsRegion !== expect.region) {
    return skip("other-region", `region is ${quote(region)} / detail.awsRegion ${quote(awsRegion)}, not the function's ${expect.region}`, named);
  }

  const problem = repositoryNameProblem(repositoryName);
  if (problem) return skip("invalid-repository-name", `repository name ${problem}`, named);

  const pusherAccount = isRecord(identity) ? ownString(identity, "accountId") : undefined;
  const eventTime = Date.parse(String(own(detail, "eventTime")));
  return {
    kind: "push",
    push: { repositoryName, principalArn, eventName, eventId, pusherAccount: forLog(pusherAccount), registryAccount: expect.account, eventTime: Number.isFinite(eventTime) ? eventTime : undefined },
  };
}
