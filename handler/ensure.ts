/**
 * The second kind of event: `push --ensure` asking, before the first push, for the repository it is about to push
 * to. The request is read at the boundary as parse.ts reads a push event (own properties only, bounded, never a
 * throw), the caller's identity is verified with STS (caller-identity.ts), and what STS vouched for takes the place
 * of a CloudTrail record's userIdentity: from there it is a push failure like any other, for decide() and act().
 */
import { type CallerIdentity, IdentityCheckError, type StsDeps, verifyCallerIdentity } from "./caller-identity";
import type { Plan } from "./decide";
import { ENSURE_KEY, ENSURE_MAX_EXPIRES_SECONDS, ENSURE_VALUE, ENSURE_VERSION, PRESIGNED_PARAMETERS } from "./ensure-request";
import type { Logger } from "./log";
import { type Expectations, forLog, type ParseResult, type Skip } from "./parse";
import type { SkipReason } from "./reasons";
import { repositoryNameProblem } from "./repository-names";

/** The eventName a verified ensure request carries into decide() and the logs. */
export const ENSURE_EVENT_NAME = "Ensure";
/** A presigned URL with a long session token is a few KB; anything far beyond is not one. */
const MAX_URL_CHARS = 12_288;

type Fields = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const own = (record: Fields, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);
const quote = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(forLog(value)) : typeof value === "number" || typeof value === "boolean" || value === null ? String(value) : typeof value;

/** Whether the event is an ensure request (whatever else it holds): only those carry our key. */
export function isEnsureRequest(event: unknown): event is Fields {
  return isRecord(event) && Object.hasOwn(event, ENSURE_KEY);
}

export interface EnsureRequest {
  readonly kind: "ensure";
  readonly repositoryName: string;
  /** The presigned request's parameters, checked one by one; sent to the function's own endpoint only. */
  readonly query: URLSearchParams;
}

/** Why the presigned URL's parameters are not those of a GetCallerIdentity made for us, or undefined. */
export function presignedQueryProblem(query: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const [key, value] of query) {
    const rule = Object.hasOwn(PRESIGNED_PARAMETERS, key) ? PRESIGNED_PARAMETERS[key] : undefined;
    if (!rule) return `parameter ${quote(key)} is not one of a presigned GetCallerIdentity (${Object.keys(PRESIGNED_PARAMETERS).join(", ")})`;
    if (seen.has(key)) return `parameter ${key} appears twice`;
    seen.add(key);
    if (!rule.pattern.test(value)) return `${key} is ${quote(value)}; it must match ${rule.pattern.source}`;
  }
  const missing = Object.keys(PRESIGNED_PARAMETERS).filter((key) => PRESIGNED_PARAMETERS[key]!.required && !seen.has(key));
  if (missing.length > 0) return `parameters ${missing.join(", ")} are missing`;
  const expires = Number(query.get("X-Amz-Expires"));
  if (expires > ENSURE_MAX_EXPIRES_SECONDS) return `X-Amz-Expires is ${expires} s; at most ${ENSURE_MAX_EXPIRES_SECONDS} s is accepted, so a captured request is soon worthless`;
  return undefined;
}

export function parseEnsureRequest(event: Fields, expect: Pick<Expectations, "account" | "region">, sts: URL): EnsureRequest | Skip {
  const skip = (reason: SkipReason, detail: string, extra: Partial<Skip> = {}): Skip => ({ kind: "skip", reason, detail, ...extra });
  const malformed = (detail: string, extra: Partial<Skip> = {}) => skip("malformed-ensure-request", detail, extra);
  if (own(event, ENSURE_KEY) !== ENSURE_VALUE) return malformed(`${ENSURE_KEY} is ${quote(own(event, ENSURE_KEY))}, not "${ENSURE_VALUE}"`);
  const version = own(event, "version");
  if (version !== ENSURE_VERSION) return malformed(`version is ${quote(version)}; this function reads version ${ENSURE_VERSION}: update the package that sent it, or the function`);
  const repositoryName = own(event, "repositoryName");
  if (typeof repositoryName !== "string") return malformed(`repositoryName is ${quote(repositoryName)}`);
  const named = { repositoryName: forLog(repositoryName) };
  const registryId = own(event, "registryId");
  // Absent when the caller named a bare repository: then it means this function's registry.
  if (registryId !== undefined && registryId !== expect.account) return skip("other-account", `registryId is ${quote(registryId)}, not the function's ${expect.account}: ensure with the function of the image's registry`, named);
  const region = own(event, "region");
  if (region !== expect.region) return skip("other-region", `region is ${quote(region)}, not the function's ${expect.region}: ensure with the function in the image's Region`, named);
  const problem = repositoryNameProblem(repositoryName);
  if (problem) return skip("invalid-repository-name", `repository name ${problem}`, named);

  const identity = own(event, "callerIdentity");
  const raw = isRecord(identity) ? own(identity, "url") : undefined;
  if (typeof raw !== "string" || raw.length > MAX_URL_CHARS) return malformed(`callerIdentity.url is ${typeof raw === "string" ? `${raw.length} characters long` : quote(raw)}; it must be a presigned STS GetCallerIdentity URL`, named);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return malformed(`callerIdentity.url ${quote(raw)} is not a URL`, named);
  }
  // Compared, never used: the request goes to the function's own endpoint whatever the payload says.
  if (url.origin !== sts.origin || url.pathname !== sts.pathname || url.username !== "" || url.password !== "") {
    return skip(
      "other-sts-endpoint",
      `the identity was signed for ${quote(`${url.origin}${url.pathname}`)}; this function verifies callers only at its own STS endpoint ${sts.origin}${sts.pathname} (sign for it: unset AWS_ENDPOINT_URL_STS, or set it to that endpoint)`,
      named,
    );
  }
  const queryProblem = presignedQueryProblem(url.searchParams);
  if (queryProblem) return malformed(`callerIdentity.url: ${queryProblem}`, named);
  return { kind: "ensure", repositoryName, query: url.searchParams };
}

export interface EnsureDeps {
  readonly sts: StsDeps;
  readonly functionName: string;
  readonly now: () => number;
  readonly log: Logger;
  readonly signal?: AbortSignal | undefined;
}

/** The push failure an identity stands for: what decide() reads of a CloudTrail record, from STS instead. */
function asPush(request: EnsureRequest, identity: CallerIdentity, registryAccount: string, now: number): ParseResult {
  return {
    kind: "push",
    push: {
      repositoryName: request.repositoryName,
      principalArn: identity.arn,
      pusherAccount: identity.account,
      registryAccount,
      eventName: ENSURE_EVENT_NAME,
      eventId: undefined,
      // Now, not a push's time: an ensure is never a duplicate of the event that created the name, so it always
      // asks ECR (a repository deleted since is created again).
      eventTime: now,
    },
  };
}

/** The plan for an ensure request: a skip with the reason, or a creation for the verified caller. */
export async function planEnsure(event: Fields, expect: Expectations, decideFor: (parsed: ParseResult) => Plan, deps: EnsureDeps): Promise<Plan> {
  const request = parseEnsureRequest(event, expect, deps.sts.endpoint);
  if (request.kind === "skip") return request;
  let verified;
  try {
    verified = await verifyCallerIdentity(request.query, { functionName: deps.functionName, repositoryName: request.repositoryName }, deps.sts, deps.signal);
  } catch (error) {
    const failure = error instanceof IdentityCheckError ? error : new IdentityCheckError(String(error), { cause: error });
    deps.log({
      decision: "failed",
      repository: request.repositoryName,
      reason: "identity-check-failed",
      detail: failure.message,
      error: { operation: "GetCallerIdentity", name: failure.name, message: failure.message, transient: true },
    });
    throw failure;
  }
  if (verified.kind === "refused") {
    return { kind: "skip", reason: "identity-not-verified", detail: verified.detail, repositoryName: request.repositoryName };
  }
  return decideFor(asPush(request, verified.identity, expect.account, deps.now()));
}
