/**
 * What a message in the dead-letter queue holds, read without trusting it. The queue receives two shapes
 * (AWS-FACTS §15): the rule's target dead-letter queue gets the undelivered EventBridge event itself, with why in
 * message attributes (ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS, ...); Lambda's on-failure destination gets a record
 * whose `requestPayload` is the event, with `requestContext` (condition, approximateInvokeCount) and the last
 * `responsePayload` (the function's error). Pure: no I/O.
 */

export interface DeadLetterOrigin {
  /** Who put it there: the rule's target, or Lambda's on-failure destination. */
  readonly source: "eventbridge" | "lambda";
  /** Why, in the sender's words: ERROR_CODE, or the destination record's condition and the function's error type. */
  readonly why: string;
}

export type DeadLetter = { readonly kind: "event"; readonly event: Record<string, unknown>; readonly origin: DeadLetterOrigin } | { readonly kind: "unreadable"; readonly problem: string };

/** SQS message attributes as ReceiveMessage returns them. */
export type MessageAttributes = Readonly<Record<string, { readonly StringValue?: string | undefined } | undefined>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** An EventBridge event: what the function is invoked with. */
const isEvent = (value: unknown): value is Record<string, unknown> => isRecord(value) && typeof value["detail-type"] === "string" && typeof value.source === "string" && isRecord(value.detail);

/** The function's error in a destination record's responsePayload ({ errorType, errorMessage, trace }). */
function lambdaWhy(record: Record<string, unknown>): string {
  const context = isRecord(record.requestContext) ? record.requestContext : {};
  const response = isRecord(record.responsePayload) ? record.responsePayload : {};
  const attempts = typeof context.approximateInvokeCount === "number" ? ` after ${context.approximateInvokeCount} attempt${context.approximateInvokeCount === 1 ? "" : "s"}` : "";
  const error = text(response.errorType) ?? (isRecord(record.responseContext) ? text(record.responseContext.functionError) : undefined);
  return `${text(context.condition) ?? "failed"}${attempts}${error ? `: ${error}` : ""}`;
}

/** The dead letter in an SQS message body. */
export function readDeadLetter(body: string | undefined, attributes: MessageAttributes = {}): DeadLetter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch {
    return { kind: "unreadable", problem: `the body is not JSON (${(body ?? "").length} characters)` };
  }
  if (isRecord(parsed) && "requestPayload" in parsed && isRecord(parsed.requestContext)) {
    if (!isEvent(parsed.requestPayload)) return { kind: "unreadable", problem: "a Lambda destination record whose requestPayload is not an EventBridge event" };
    return { kind: "event", event: parsed.requestPayload, origin: { source: "lambda", why: lambdaWhy(parsed) } };
  }
  if (isEvent(parsed)) {
    const code = text(attributes.ERROR_CODE?.StringValue) ?? text(attributes.ErrorCode?.StringValue);
    const retries = text(attributes.RETRY_ATTEMPTS?.StringValue);
    return { kind: "event", event: parsed, origin: { source: "eventbridge", why: `${code ?? "not delivered"}${retries ? ` after ${retries} retries` : ""}` } };
  }
  return { kind: "unreadable", problem: "neither an EventBridge event nor a Lambda destination record" };
}

/** Printable and short: a name from a message is data, and must not move the terminal's cursor. */
export function printable(value: string, max = 120): string {
  const clean = value.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}

/** The repository the event is about, for the line printed per message. */
export function repositoryOfEvent(event: Record<string, unknown>): string {
  const detail = isRecord(event.detail) ? event.detail : {};
  const request = isRecord(detail.requestParameters) ? detail.requestParameters : {};
  const name = text(request.repositoryName);
  return name === undefined ? "(no repository name)" : printable(name);
}
