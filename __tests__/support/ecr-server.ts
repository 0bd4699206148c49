/**
 * A local stand-in for Amazon ECR that speaks its JSON 1.1 wire protocol (POST /, X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.<Operation>), so the real @aws-sdk/client-ecr (or the bundled
 * handler, via AWS_ENDPOINT_URL_ECR) runs against it unchanged. In-memory repositories, fault injection per
 * operation, and a record of every call. Listens on 127.0.0.1, port 0; bounded; closes itself after
 * `lifetimeMs` even if a test forgets.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Body, EcrError, EcrRegistry, type StoredRepository } from "./ecr-state";

export type { StoredRepository } from "./ecr-state";

const TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";

export type Fault =
  /** Answer with this ECR/AWS error. Status defaults to 400 (500 for ServerException). */
  | { readonly kind: "error"; readonly errorType: string; readonly status?: number; readonly message?: string }
  /** Wait, then answer normally (or with the next matching fault). */
  | { readonly kind: "latency"; readonly ms: number }
  /** Destroy the connection without applying the operation. */
  | { readonly kind: "drop" }
  /** Apply the operation, then destroy the connection: the caller never learns it succeeded. */
  | { readonly kind: "dropAfterApply" };

export interface FaultRule {
  /** Operation name (e.g. "CreateRepository"); all operations when absent. */
  readonly operation?: string;
  /** How many calls it affects; default 1. Use Infinity for "until cleared". */
  readonly times?: number;
  readonly fault: Fault;
}

export interface RecordedCall {
  readonly operation: string;
  readonly body: unknown;
  /** Region from the SigV4 credential scope, proving the SDK signed for the right place. */
  readonly signedRegion: string | undefined;
  readonly startedAt: number;
  endedAt?: number;
  status?: number;
  errorType?: string;
  dropped?: boolean;
}

export interface EcrServerOptions {
  readonly account?: string;
  readonly region?: string;
  /** Added before every response. */
  readonly latencyMs?: number;
  readonly maxBodyBytes?: number;
  readonly maxRecordedCalls?: number;
  readonly maxRepositories?: number;
  /** The server closes itself after this long. */
  readonly lifetimeMs?: number;
}


export class EcrServer {
  readonly registry: EcrRegistry;
  readonly calls: RecordedCall[] = [];
  readonly account: string;
  readonly region: string;
  latencyMs: number;
  private readonly rules: { operation?: string; remaining: number; fault: Fault }[] = [];
  private readonly server = createServer((request, response) => void this.serve(request, response));
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly lifetime: NodeJS.Timeout;

  constructor(private readonly options: EcrServerOptions = {}) {
    this.account = options.account ?? "111122223333";
    this.region = options.region ?? "eu-west-1";
    this.latencyMs = options.latencyMs ?? 0;
    this.registry = new EcrRegistry(this.account, this.region, options.maxRepositories ?? 10_000);
    this.lifetime = setTimeout(() => void this.close(), options.lifetimeMs ?? 300_000);
    this.lifetime.unref();
  }

  /** http://127.0.0.1:<port>, for the client's endpoint or AWS_ENDPOINT_URL_ECR. */
  url = "";

  async listen(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  inject(rule: FaultRule): this {
    this.rules.push({ operation: rule.operation, remaining: rule.times ?? 1, fault: rule.fault });
    return this;
  }

  clearFaults(): this {
    this.rules.length = 0;
    return this;
  }

  /** Put a repository in place as if someone had created it (tags, age and all). */
  seed(name: string, fields: Partial<Omit<StoredRepository, "repositoryName">> = {}): StoredRepository {
    return this.registry.seed(name, fields);
  }

  /** Repositories by name, as ECR holds them now. */
  get repositories(): Map<string, StoredRepository> {
    return this.registry.repositories;
  }

  callsTo(operation: string): RecordedCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  operations(): string[] {
    return this.calls.map((call) => call.operation);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lifetime);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private takeFault(operation: string): Fault | undefined {
    const rule = this.rules.find((candidate) => candidate.remaining > 0 && (candidate.operation ?? operation) === operation);
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  private async readBody(request: IncomingMessage): Promise<string> {
    const limit = this.options.maxBodyBytes ?? 1_048_576;
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new EcrError("SerializationException", `request body over ${limit} bytes`, 413);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  private record(call: RecordedCall): void {
    const limit = this.options.maxRecordedCalls ?? 10_000;
    if (this.calls.length >= limit) this.calls.shift();
    this.calls.push(call);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = String(request.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/ecr\/aws4_request/.exec(String(request.headers.authorization ?? ""));
    const call: RecordedCall = { operation, body: undefined, signedRegion: scope?.[1], startedAt: Date.now() };
    this.record(call);
    try {
      const text = await this.readBody(request);
      if (request.method !== "POST" || operation === "") throw new EcrError("UnknownOperationException", `no operation in X-Amz-Target ${JSON.stringify(target)}`);
      if (!scope) throw new EcrError("MissingAuthenticationTokenException", "request is not signed with SigV4 for ecr", 403);
      const body = (text === "" ? {} : JSON.parse(text)) as Body;
      (call as { body: unknown }).body = body;
      if (this.latencyMs > 0) await this.sleep(this.latencyMs);
      for (let fault = this.takeFault(operation); fault; fault = this.takeFault(operation)) {
        if (fault.kind === "latency") await this.sleep(fault.ms);
        else if (fault.kind === "drop") return this.drop(call, request);
        else if (fault.kind === "error") throw new EcrError(fault.errorType, fault.message ?? `injected ${fault.errorType}`, fault.status ?? (fault.errorType === "ServerException" ? 500 : 400));
        else {
          this.registry.apply(operation, body);
          return this.drop(call, request);
        }
      }
      this.respond(call, response, 200, this.registry.apply(operation, body));
    } catch (error) {
      if (this.closed) return;
      const ecr = error instanceof EcrError ? error : new EcrError("SerializationException", (error as Error).message);
      call.errorType = ecr.errorType;
      response.setHeader("x-amzn-ErrorType", ecr.errorType);
      this.respond(call, response, ecr.status, { __type: ecr.errorType, message: ecr.message });
    }
  }

  private drop(call: RecordedCall, request: IncomingMessage): void {
    call.dropped = true;
    call.endedAt = Date.now();
    request.socket.destroy();
  }

  private respond(call: RecordedCall, response: ServerResponse, status: number, payload: unknown): void {
    call.status = status;
    call.endedAt = Date.now();
    if (this.closed || response.destroyed) return;
    const text = JSON.stringify(payload);
    response.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(text),
      "x-amzn-RequestId": `local-${this.calls.length}`,
    });
    response.end(text);
  }
}

export async function startEcrServer(options: EcrServerOptions = {}): Promise<EcrServer> {
  return new EcrServer(options).listen();
}
