/**
 * Who sent an ensure request, as STS says: the function sends the caller's presigned GetCallerIdentity to its own STS
 * endpoint and reads the answer. Only the signed query parameters come from the caller; the URL is the function's and
 * the two bound headers carry the function's own name and the repository it was asked for, so a request signed for
 * another host, function or name fails STS's signature check. Node's fetch: no SDK client, nothing added to the zip.
 * GetCallerIdentity needs no IAM permission, and the function signs nothing: it holds no credential of the caller's.
 */
import { FUNCTION_HEADER, REPOSITORY_HEADER } from "./ensure-request";
import { CreateOnPushError, nameErrorClasses } from "./errors";

/** STS could not be asked, or did not answer usefully: the invocation fails (and its caller falls back to retrying). */
export class IdentityCheckError extends CreateOnPushError {}
nameErrorClasses({ IdentityCheckError });

export interface CallerIdentity {
  /** What CloudTrail writes as userIdentity.arn for the same principal (an assumed-role ARN for a role session). */
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

export type Verification = { readonly kind: "verified"; readonly identity: CallerIdentity } | { readonly kind: "refused"; readonly detail: string };

export interface StsDeps {
  /** The function's own STS endpoint (ensure-request.ts stsEndpoint). */
  readonly endpoint: URL;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** As long as one ECR call may take (act.ts requestTimeout): STS answers GetCallerIdentity in milliseconds. */
const STS_TIMEOUT_MS = 3_000;
/** STS's answers are a few hundred bytes; more is not STS. */
const MAX_ANSWER_CHARS = 16_384;

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
const element = (xml: string, name: string): string | undefined => {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match ? unescape(match[1]!).trim() : undefined;
};

/** STS's Query-protocol answer: <GetCallerIdentityResult><Arn/><UserId/><Account/></…>, or <Error><Code/><Message/>. */
export function readGetCallerIdentity(xml: string): CallerIdentity | undefined {
  const result = /<GetCallerIdentityResult>([\s\S]*?)<\/GetCallerIdentityResult>/.exec(xml)?.[1];
  if (result === undefined) return undefined;
  const [arn, account, userId] = [element(result, "Arn"), element(result, "Account"), element(result, "UserId")];
  if (arn === undefined || account === undefined || userId === undefined) return undefined;
  if (!/^\d{12}$/.test(account) || !/^arn:aws[a-z-]*:(?:sts|iam)::\d{12}:\S{1,2048}$/.test(arn) || arn.split(":")[4] !== account) return undefined;
  return { arn, account, userId };
}

const describeError = (xml: string) => `${element(xml, "Code") ?? "no error code"}: ${element(xml, "Message") ?? xml.slice(0, 200)}`;

/** STS's throttling, and its own failures, are worth another attempt; any other 4xx is STS saying no. */
const TRANSIENT_CODES = new Set(["Throttling", "ThrottlingException", "RequestLimitExceeded", "ServiceUnavailable", "InternalFailure"]);

export async function verifyCallerIdentity(
  query: URLSearchParams,
  bound: { readonly functionName: string; readonly repositoryName: string },
  deps: StsDeps,
  signal?: AbortSignal,
): Promise<Verification> {
  const url = new URL(deps.endpoint);
  url.search = query.toString();
  const timeout = AbortSignal.timeout(deps.timeoutMs ?? STS_TIMEOUT_MS);
  let status: number;
  let text: string;
  try {
    const response = await (deps.fetch ?? fetch)(url, {
      method: "GET",
      headers: { [FUNCTION_HEADER]: bound.functionName, [REPOSITORY_HEADER]: bound.repositoryName },
      redirect: "error",
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    status = response.status;
    text = (await response.text()).slice(0, MAX_ANSWER_CHARS);
  } catch (error) {
    throw new IdentityCheckError(`GetCallerIdentity at ${url.origin} failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
  }
  if (status === 200) {
    const identity = readGetCallerIdentity(text);
    if (identity) return { kind: "verified", identity };
    throw new IdentityCheckError(`GetCallerIdentity at ${url.origin} answered 200 without an ARN and account id`);
  }
  const code = element(text, "Code");
  if (status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code))) {
    throw new IdentityCheckError(`GetCallerIdentity at ${url.origin} failed: HTTP ${status}, ${describeError(text)}`);
  }
  return { kind: "refused", detail: `STS refused the presigned GetCallerIdentity (HTTP ${status}, ${describeError(text)})` };
}
