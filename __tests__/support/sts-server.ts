/**
 * A local stand-in for AWS STS's GetCallerIdentity as presigned requests reach it (Query protocol, GET with SigV4 in
 * the query string, answered in XML), which verifies what real STS verifies: a known access key (and its session
 * token), the credential scope's Region and service, the expiry, and the signature, recomputed with the key's secret
 * over the request exactly as it arrived (host, the signed headers, the query). So a request tampered with anywhere,
 * sent to another host or signed for other headers fails as it would at STS. `trusting: true` makes it the opposite:
 * a host that vouches for anyone, for tests that prove the function never asks it. Listens on 127.0.0.1, port 0.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../lib/cli/ensure";

export interface KnownIdentity {
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

export interface StsCall {
  readonly query: Record<string, string>;
  readonly host: string | undefined;
  readonly headers: Record<string, string>;
  status?: number;
  code?: string;
}

export interface StsServerOptions {
  readonly region: string;
  /** Access key id -> who it is. */
  readonly identities: Readonly<Record<string, KnownIdentity>>;
  /** Answer every request with the first identity, unverified. */
  readonly trusting?: boolean;
  /** Added before every answer (benches' latency model). */
  readonly latencyMs?: number;
}

class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 403,
  ) {
    super(message);
  }
}

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export class StsServer {
  readonly calls: StsCall[] = [];
  url = "";
  /** Answer the next calls with this error (e.g. STS throttling, or a 500). */
  private faults: { code: string; status: number }[] = [];
  private readonly server = createServer((request, response) => void this.serve(request, response));

  constructor(private readonly options: StsServerOptions) {}

  async listen(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  inject(code: string, status: number, times = 1): this {
    for (let i = 0; i < times; i += 1) this.faults.push({ code, status });
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async verify(request: IncomingMessage, query: Record<string, string>): Promise<KnownIdentity> {
    if (query.Action !== "GetCallerIdentity" || query.Version !== "2011-06-15") throw new StsError("InvalidAction", `Could not find operation ${query.Action} for version ${query.Version}`, 400);
    if (query["X-Amz-Algorithm"] !== "AWS4-HMAC-SHA256" || !query["X-Amz-Signature"]) throw new StsError("MissingAuthenticationToken", "Request is missing Authentication Token");
    const [accessKeyId, date, region, service, terminator] = (query["X-Amz-Credential"] ?? "").split("/");
    const identity = accessKeyId === undefined ? undefined : this.options.identities[accessKeyId];
    if (!identity) throw new StsError("InvalidClientTokenId", "The security token included in the request is invalid.");
    if ((identity.sessionToken ?? undefined) !== (query["X-Amz-Security-Token"] ?? undefined)) throw new StsError("InvalidClientTokenId", "The security token included in the request is invalid.");
    if (region !== this.options.region || service !== "sts" || terminator !== "aws4_request") {
      throw new StsError("SignatureDoesNotMatch", `Credential should be scoped to a valid region (${this.options.region}) and service sts, not ${region}/${service}.`);
    }
    const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query["X-Amz-Date"] ?? "");
    if (!stamp || stamp.slice(1, 4).join("") !== date) throw new StsError("IncompleteSignature", "X-Amz-Date does not match the credential scope's date");
    const signedAt = new Date(Date.UTC(+stamp[1]!, +stamp[2]! - 1, +stamp[3]!, +stamp[4]!, +stamp[5]!, +stamp[6]!));
    const expires = Number(query["X-Amz-Expires"]);
    if (!(expires > 0) || Date.now() > signedAt.getTime() + expires * 1000) throw new StsError("ExpiredToken", "Request has expired");
    const signedHeaders = (query["X-Amz-SignedHeaders"] ?? "").split(";");
    if (!signedHeaders.includes("host")) throw new StsError("SignatureDoesNotMatch", "host must be signed");
    const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name] ?? "")]));
    const [hostname, port] = (request.headers.host ?? "").split(":");
    const signer = new SignatureV4({ service: "sts", region, credentials: { accessKeyId, secretAccessKey: identity.secretAccessKey, ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}) }, sha256: Sha256, uriEscapePath: true });
    const unsigned = Object.fromEntries(Object.entries(query).filter(([key]) => !key.startsWith("X-Amz-")));
    const expected = await signer.presign(
      { method: request.method ?? "GET", protocol: "http:", hostname: hostname!, ...(port ? { port: Number(port) } : {}), path: new URL(request.url ?? "/", "http://x").pathname, query: unsigned, headers },
      { signingDate: signedAt, expiresIn: expires },
    );
    if (expected.query?.["X-Amz-SignedHeaders"] !== query["X-Amz-SignedHeaders"] || expected.query?.["X-Amz-Signature"] !== query["X-Amz-Signature"]) {
      throw new StsError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }
    return identity;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for await (const _ of request as AsyncIterable<Buffer>);
    const url = new URL(request.url ?? "/", "http://localhost");
    const query = Object.fromEntries(url.searchParams);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    const call: StsCall = { query, host: request.headers.host, headers };
    this.calls.push(call);
    const requestId = `local-sts-${this.calls.length}`;
    if (this.options.latencyMs) await new Promise((done) => setTimeout(done, this.options.latencyMs));
    try {
      const fault = this.faults.shift();
      if (fault) throw new StsError(fault.code, `injected ${fault.code}`, fault.status);
      const identity = this.options.trusting ? Object.values(this.options.identities)[0]! : await this.verify(request, query);
      call.status = 200;
      response.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      response.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${xml(identity.arn)}</Arn><UserId>${xml(identity.userId)}</UserId><Account>${identity.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    } catch (error) {
      const failure = error instanceof StsError ? error : new StsError("InternalFailure", String(error), 500);
      Object.assign(call, { status: failure.status, code: failure.code });
      response.writeHead(failure.status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      response.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>${xml(failure.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
    }
  }
}

export async function startStsServer(options: StsServerOptions): Promise<StsServer> {
  return new StsServer(options).listen();
}
