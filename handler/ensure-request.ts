/**
 * The contract between `ecr-create-on-push push --ensure` (lib/cli/ensure.ts) and the function (ensure.ts): the
 * synchronous invoke that asks the function to create a repository before the first push. The caller proves who it
 * is the way IAM-based authenticators do (aws-iam-authenticator, Vault's aws auth): it presigns an STS
 * GetCallerIdentity request with its own credentials, and the function sends that request to STS itself. The signature
 * also covers two headers naming the function and the repository, so a captured request is good for nothing but
 * this one name at this one function, for at most ENSURE_MAX_EXPIRES_SECONDS. Pure data and checks: both sides import
 * it, the CLI bundle and the zip alike.
 */

/** The payload's discriminator: no EventBridge event has this key. */
export const ENSURE_KEY = "ecrCreateOnPush";
export const ENSURE_VALUE = "ensure";
/** The payload version this function reads; another one is refused with a reason, never guessed at. */
export const ENSURE_VERSION = 1;

/** Headers the presigned request must sign; the function sends its own name and the payload's repository in them. */
export const FUNCTION_HEADER = "x-ecr-create-on-push-function";
export const REPOSITORY_HEADER = "x-ecr-create-on-push-repository";
/** X-Amz-SignedHeaders of a request made for us: exactly these, sorted, as SigV4 lists them. */
export const SIGNED_HEADERS = ["host", FUNCTION_HEADER, REPOSITORY_HEADER].sort().join(";");

/** What the caller signs: STS's GetCallerIdentity in the Query protocol (GET, parameters in the query string). */
export const STS_ACTION = { Action: "GetCallerIdentity", Version: "2011-06-15" } as const;
/** How long the caller's presigned request is valid; the function refuses a longer one, which a replay could use. */
export const ENSURE_EXPIRES_SECONDS = 60;
export const ENSURE_MAX_EXPIRES_SECONDS = 300;

/**
 * Every query parameter a presigned GetCallerIdentity may carry, with what its value must look like. Anything else
 * (another Action, extra parameters) is refused before the function sends anything.
 */
export const PRESIGNED_PARAMETERS: Readonly<Record<string, { readonly pattern: RegExp; readonly required: boolean }>> = {
  Action: { pattern: /^GetCallerIdentity$/, required: true },
  Version: { pattern: /^2011-06-15$/, required: true },
  "X-Amz-Algorithm": { pattern: /^AWS4-HMAC-SHA256$/, required: true },
  "X-Amz-Credential": { pattern: /^[A-Z0-9]{16,128}\/\d{8}\/[a-z0-9-]{1,32}\/sts\/aws4_request$/, required: true },
  "X-Amz-Date": { pattern: /^\d{8}T\d{6}Z$/, required: true },
  "X-Amz-Expires": { pattern: /^[1-9]\d{0,2}$/, required: true },
  "X-Amz-SignedHeaders": { pattern: new RegExp(`^${SIGNED_HEADERS.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}$`), required: true },
  "X-Amz-Signature": { pattern: /^[0-9a-f]{64}$/, required: true },
  // Temporary credentials (a role session, CI's OIDC role): up to a few KB of base64.
  "X-Amz-Security-Token": { pattern: /^[A-Za-z0-9+/=]{16,8192}$/, required: false },
};

/** The invoke payload. `callerIdentity.url` is compared with the function's own STS endpoint, never fetched. */
export interface EnsurePayload {
  readonly [ENSURE_KEY]: typeof ENSURE_VALUE;
  readonly version: typeof ENSURE_VERSION;
  readonly repositoryName: string;
  /** The registry's account (from the image reference; absent for a bare repository name) and Region: the function's own must match. */
  readonly registryId?: string;
  readonly region: string;
  readonly callerIdentity: { readonly url: string };
}

/**
 * The function's STS endpoint, from its own environment: AWS_ENDPOINT_URL_STS as the SDKs read it, else STS's
 * regional endpoint in its Region. The caller signs for the same host (lib/cli/ensure.ts stsEndpoint), so a caller
 * with a different AWS_ENDPOINT_URL_STS gets a clear refusal rather than a signature mismatch.
 */
export function stsEndpoint(env: Readonly<Record<string, string | undefined>>, region: string): URL {
  const configured = env.AWS_ENDPOINT_URL_STS?.trim();
  if (configured) return new URL(configured);
  return new URL(`https://sts.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}/`);
}

/**
 * Every reason the function refuses an ensure request with: the caller stops and says why instead of pushing. Any
 * other answer (a function too old to know the request, a failure) sends the caller back to waiting and retrying.
 */
export const ENSURE_REFUSALS = [
  "malformed-ensure-request",
  "other-sts-endpoint",
  "identity-not-verified",
  "other-account",
  "other-region",
  "invalid-repository-name",
  "pusher-account-not-allowed",
  "outside-allowed-prefixes",
] as const;
