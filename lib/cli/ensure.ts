/**
 * Asks the deployed function to create a repository before the first push: one synchronous invoke whose payload
 * (handler/ensure-request.ts) names the repository and carries the caller's presigned STS GetCallerIdentity, which
 * the function verifies with STS itself. The answer is one of three: ready (created, or there already), refused
 * (with the function's reason: the caller stops), or unavailable (no permission, no such function, a failure:
 * the caller falls back to pushing and waiting for the rule). Credentials and Region come from the SDK's standard
 * chain; AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_STS are honoured as by every AWS tool.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import {
  ENSURE_EXPIRES_SECONDS,
  ENSURE_KEY,
  ENSURE_REFUSALS,
  ENSURE_VALUE,
  ENSURE_VERSION,
  type EnsurePayload,
  FUNCTION_HEADER,
  REPOSITORY_HEADER,
  STS_ACTION,
  stsEndpoint,
} from "../../handler/ensure-request";
import { describeAwsError } from "./aws-errors";
import { UsageError } from "./usage";

/** The function to ask, as the command line named it, and what its name says of where it is. */
export interface FunctionTarget {
  /** What Invoke is given: the name or ARN as typed. */
  readonly identifier: string;
  /** The bare name, which the signed request binds (the function sends its own name and compares). */
  readonly name: string;
  readonly region?: string;
  readonly account?: string;
}

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const QUALIFIER = /^(?:\$LATEST|[A-Za-z0-9_-]{1,128})$/;

/** name[:qualifier], <account>:function:name[:qualifier], or arn:<partition>:lambda:<region>:<account>:function:name[:qualifier]. */
export function parseFunctionTarget(identifier: string): FunctionTarget {
  const parts = identifier.split(":");
  const bad = () => new UsageError(`--ensure: ${JSON.stringify(identifier)} is not a Lambda function name or ARN; give the Terraform output arn, or the function's name (create-ecr-repo-<region>)`);
  let target: FunctionTarget;
  let qualifier: string | undefined;
  if (parts[0] === "arn") {
    if (parts.length < 7 || parts.length > 8 || !/^aws[a-z-]*$/.test(parts[1]!) || parts[2] !== "lambda" || parts[5] !== "function" || !/^\d{12}$/.test(parts[4]!)) throw bad();
    target = { identifier, name: parts[6]!, region: parts[3]!, account: parts[4]! };
    qualifier = parts[7];
  } else if (parts.length >= 3) {
    if (parts.length > 4 || parts[1] !== "function" || !/^\d{12}$/.test(parts[0]!)) throw bad();
    target = { identifier, name: parts[2]!, account: parts[0]! };
    qualifier = parts[3];
  } else {
    target = { identifier, name: parts[0]! };
    qualifier = parts[1];
  }
  if (!FUNCTION_NAME.test(target.name) || (qualifier !== undefined && !QUALIFIER.test(qualifier))) throw bad();
  return target;
}

/** What to ensure: the repository, and its registry when the image reference names one. */
export interface EnsureTarget {
  readonly repositoryName: string;
  readonly registryId?: string;
  readonly region?: string;
}

export type EnsureResult =
  | { readonly kind: "ready"; readonly decision: string; readonly reason?: string }
  | { readonly kind: "refused"; readonly reason: string; readonly detail: string }
  | { readonly kind: "unavailable"; readonly why: string };

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): Buffer =>
  typeof data === "string" ? Buffer.from(data, "utf8") : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape SignatureV4 takes (what @smithy/hash-node does). */
export class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * A GetCallerIdentity URL presigned with the caller's credentials for `endpoint` (the function's STS endpoint), valid
 * for ENSURE_EXPIRES_SECONDS and bound by two signed headers to this function and this repository.
 */
export async function presignCallerIdentity(
  bound: { readonly functionName: string; readonly repositoryName: string; readonly region: string },
  endpoint: URL,
  credentials: AwsCredentialIdentityProvider,
  signingDate = new Date(),
): Promise<string> {
  const signer = new SignatureV4({ service: "sts", region: bound.region, credentials, sha256: Sha256, uriEscapePath: true });
  const signed = await signer.presign(
    {
      method: "GET",
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port === "" ? {} : { port: Number(endpoint.port) }),
      path: endpoint.pathname,
      query: { ...STS_ACTION },
      headers: { host: endpoint.host, [FUNCTION_HEADER]: bound.functionName, [REPOSITORY_HEADER]: bound.repositoryName },
    },
    { expiresIn: ENSURE_EXPIRES_SECONDS, signingDate },
  );
  const url = new URL(endpoint);
  url.search = new URLSearchParams(signed.query as Record<string, string>).toString();
  return url.toString();
}

export interface EnsureDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly credentials?: AwsCredentialIdentityProvider;
}

const DECISIONS_READY = new Set(["created", "exists", "healed"]);

function readAnswer(payload: Uint8Array | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown, max = 500) => String(value ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, max);

/** One ensure: presign, invoke, read the answer. Never throws: a failure is an `unavailable` with its cause. */
export async function ensureRepository(target: FunctionTarget, what: EnsureTarget, deps: EnsureDeps = { env: process.env }): Promise<EnsureResult> {
  const credentials = deps.credentials ?? defaultProvider();
  // The function lives in its registry's Region (it handles only its own): the ARN's, else the image's, else the chain's.
  const lambda = new LambdaClient({
    ...((target.region ?? what.region) ? { region: target.region ?? what.region } : {}),
    credentials,
    // A reserved concurrency of 1 (the default) throttles pipelines that ensure at the same moment; the SDK's
    // throttling back-off over 5 attempts rides out a burst before this falls back to waiting for the rule.
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  });
  try {
    const region = await lambda.config.region();
    const url = await presignCallerIdentity({ functionName: target.name, repositoryName: what.repositoryName, region }, stsEndpoint(deps.env, region), credentials);
    const payload: EnsurePayload = {
      [ENSURE_KEY]: ENSURE_VALUE,
      version: ENSURE_VERSION,
      repositoryName: what.repositoryName,
      ...(what.registryId === undefined ? {} : { registryId: what.registryId }),
      region,
      callerIdentity: { url },
    };
    const response = await lambda.send(new InvokeCommand({ FunctionName: target.identifier, InvocationType: "RequestResponse", Payload: Buffer.from(JSON.stringify(payload)) }));
    const answer = readAnswer(response.Payload);
    if (response.FunctionError) return { kind: "unavailable", why: `the function failed: ${text(answer.errorType ?? response.FunctionError, 100)}: ${text(answer.errorMessage)}` };
    const decision = text(answer.decision, 40);
    const reason = typeof answer.reason === "string" ? text(answer.reason, 60) : undefined;
    if (DECISIONS_READY.has(decision)) return { kind: "ready", decision, ...(reason === undefined ? {} : { reason }) };
    if (decision === "skipped" && reason !== undefined && (ENSURE_REFUSALS as readonly string[]).includes(reason)) return { kind: "refused", reason, detail: text(answer.detail) };
    return { kind: "unavailable", why: `the function answered ${JSON.stringify({ decision, reason })}, not an answer to an ensure request: is it older than this package?` };
  } catch (error) {
    return { kind: "unavailable", why: describeAwsError(error) };
  } finally {
    lambda.destroy();
  }
}
