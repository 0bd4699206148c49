/**
 * What an error from the SDK says, read without the SDK: whether another attempt may succeed, its name, and what a
 * log line keeps of it. Pure, so act.ts stays the only module that imports the ECR client.
 */
import { EcrCallError } from "./errors";
import type { ErrorFields } from "./log";

const THROTTLING = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException", "SlowDown"]);
/** Node socket errors: the connection failed or broke, so ECR may not have seen the call, or answered it unseen. */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]);
/** The SDK's names for a request that timed out or was aborted (node-http-handler, the retry middleware). */
const TIMEOUT_NAMES = new Set(["TimeoutError", "AbortError", "RequestTimeout", "RequestTimeoutException"]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly extendedRequestId?: string; readonly attempts?: number };
}

const shapeOf = (error: unknown): SdkErrorShape => (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;

/**
 * Whether another attempt may succeed: an answer from AWS (it carries $metadata) that is a throttle, a 5xx or
 * marked retryable, or a network failure or timeout. Anything else, a TypeError from a bug included, is
 * permanent: a retry would only fail the same way.
 */
export function isTransient(error: unknown): boolean {
  const e = shapeOf(error);
  if (TIMEOUT_NAMES.has(String(e.name)) || NETWORK_CODES.has(String(e.code))) return true;
  if (typeof e.$metadata !== "object" || e.$metadata === null) return false;
  const status = e.$metadata.httpStatusCode;
  return Boolean(e.$retryable) || e.$fault === "server" || THROTTLING.has(String(e.name)) || status === 429 || (typeof status === "number" && status >= 500);
}

export function errorName(error: unknown): string {
  const e = shapeOf(error);
  return typeof e.name === "string" ? e.name : "UnknownError";
}

/**
 * What the log line says about a failure. The SDK's $metadata carries AWS's request id and HTTP status when AWS
 * answered, and the number of attempts its retries made whether or not it did (the retry middleware sets it).
 */
export function errorFields(error: unknown): ErrorFields {
  const failure = error instanceof EcrCallError ? error : undefined;
  const cause = failure?.cause ?? error;
  const metadata = shapeOf(cause).$metadata;
  return {
    operation: failure?.operation ?? "unknown",
    name: failure?.errorName ?? errorName(error),
    message: cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error),
    transient: failure?.transient ?? isTransient(error),
    ...(typeof metadata?.requestId === "string" ? { awsRequestId: metadata.requestId } : {}),
    ...(typeof metadata?.httpStatusCode === "number" ? { httpStatusCode: metadata.httpStatusCode } : {}),
    ...(typeof metadata?.attempts === "number" ? { attempts: metadata.attempts } : {}),
  };
}
