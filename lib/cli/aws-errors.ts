/**
 * How the package's commands read an AWS SDK error: whether it is one no later call can get past (credentials,
 * access, a queue or function that is not there), and a one-line summary with what AWS support asks for.
 */

interface SdkError {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly attempts?: number };
}

/**
 * Names the SDK gives these failures, across protocols: a JSON error's __type, the query-compatible code SQS sends
 * (x-amzn-query-error), and the credential chain's own.
 */
const STOPPING = new Set([
  // No credentials, or credentials AWS does not take.
  "CredentialsProviderError",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "IncompleteSignature",
  // Not allowed: IAM, an SCP, a resource or key policy.
  "AccessDenied",
  "AccessDeniedException",
  "AuthorizationError",
  "KmsAccessDenied",
  "KMS.AccessDeniedException",
  // The queue's customer key is unusable (SQS's names, and their query-compatible codes).
  "KmsDisabled",
  "KMS.DisabledException",
  "KmsNotFound",
  "KMS.NotFoundException",
  "KmsInvalidState",
  "KMS.KMSInvalidStateException",
  // Not there.
  "QueueDoesNotExist",
  "AWS.SimpleQueueService.NonExistentQueue",
  "ResourceNotFoundException",
  // The function cannot start at all: its environment's KMS key is unusable.
  "KMSAccessDeniedException",
  "KMSDisabledException",
  "KMSInvalidStateException",
  "KMSNotFoundException",
]);

const shape = (error: unknown): SdkError => (typeof error === "object" && error !== null ? (error as SdkError) : {});

/** Whether every further call would fail the same way, so a command should stop at once. */
export function isStoppingError(error: unknown): boolean {
  return STOPPING.has(String(shape(error).name));
}

/** `AccessDenied: <message> (HTTP 403, request id ..., 1 attempt)`. */
export function describeAwsError(error: unknown): string {
  const { name, message, $metadata: metadata } = shape(error);
  const facts = [
    typeof metadata?.httpStatusCode === "number" ? `HTTP ${metadata.httpStatusCode}` : undefined,
    typeof metadata?.requestId === "string" ? `request id ${metadata.requestId}` : undefined,
    typeof metadata?.attempts === "number" ? `${metadata.attempts} attempt${metadata.attempts === 1 ? "" : "s"}` : undefined,
  ].filter((fact) => fact !== undefined);
  return `${typeof name === "string" ? name : "Error"}: ${typeof message === "string" ? message : String(error)}${facts.length > 0 ? ` (${facts.join(", ")})` : ""}`;
}
