/**
 * A local stand-in for AWS Lambda's Invoke API (REST-JSON: POST /2015-03-31/functions/{FunctionName}/invocations,
 * X-Amz-Invocation-Type, Qualifier), so the real @aws-sdk/client-lambda (or any tool, through
 * AWS_ENDPOINT_URL_LAMBDA) invokes real zips against it. Each deployed function runs in local execution
 * environments (lambda-runtime.ts), as many at once as its reserved concurrency allows; beyond that the answer is
 * Lambda's 429. Function names resolve as Lambda resolves them (name, partial or full ARN; $LATEST only). Fault
 * injection per function, and a record of every call. Listens on 127.0.0.1, port 0; closes itself after
 * `lifetimeMs`.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ExecutionEnvironment, type FunctionSpec, type InvocationResult } from "./lambda-runtime";

export interface DeployOptions {
  /** Concurrent invocations before Lambda answers 429; default 1 (the construct's default reserved concurrency). */
  readonly reservedConcurrency?: number;
}

export interface LambdaFault {
  /** Function name; every function when absent. */
  readonly functionName?: string;
  /** How many calls it affects; default 1. */
  readonly times?: number;
  /** Lambda's error name and HTTP status (e.g. AccessDeniedException 403, KMSDisabledException 502). */
  readonly errorType: string;
  readonly status: number;
  readonly message?: string;
}

export interface RecordedInvoke {
  readonly functionName: string;
  readonly invocationType: string;
  readonly payload: unknown;
  /** Region from the SigV4 credential scope. */
  readonly signedRegion: string | undefined;
  status?: number;
  errorType?: string;
  result?: InvocationResult;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

class LambdaError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface Deployment {
  readonly spec: FunctionSpec;
  readonly reservedConcurrency: number;
  readonly environments: ExecutionEnvironment[];
}

export class LambdaServer {
  readonly calls: RecordedInvoke[] = [];
  url = "";
  /** Added before every answer: the caller's round trip to Lambda's API (benches' latency model). */
  latencyMs = 0;
  private readonly functions = new Map<string, Deployment>();
  private readonly faults: { functionName?: string; remaining: number; fault: LambdaFault }[] = [];
  private readonly background = new Set<Promise<unknown>>();
  private readonly server = createServer((request, response) => void this.serve(request, response));
  private readonly lifetime: NodeJS.Timeout;
  private closed = false;

  constructor(
    /** The AWS_ENDPOINT_URL_* variables every function gets, e.g. the local ECR server's. */
    private readonly endpoints: Readonly<Record<string, string>> = {},
    lifetimeMs = 300_000,
  ) {
    this.lifetime = setTimeout(() => void this.close(), lifetimeMs);
    this.lifetime.unref();
  }

  async listen(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Deploys (or replaces) a function; its environments start on first use. */
  deploy(spec: FunctionSpec, options: DeployOptions = {}): this {
    this.undeploy(spec.name);
    this.functions.set(spec.name, { spec, reservedConcurrency: options.reservedConcurrency ?? 1, environments: [] });
    return this;
  }

  undeploy(name: string): void {
    for (const environment of this.functions.get(name)?.environments ?? []) environment.close();
    this.functions.delete(name);
  }

  inject(fault: LambdaFault): this {
    this.faults.push({ ...(fault.functionName ? { functionName: fault.functionName } : {}), remaining: fault.times ?? 1, fault });
    return this;
  }

  /** Invocations of `name` that ran (not refused), in order. */
  invocationsOf(name: string): InvocationResult[] {
    return this.calls.filter((call) => call.functionName === name && call.result).map((call) => call.result!);
  }

  /** Waits for every asynchronous ("Event") invocation accepted so far. */
  async settled(): Promise<void> {
    await Promise.all([...this.background]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lifetime);
    for (const name of [...this.functions.keys()]) this.undeploy(name);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** name[:$LATEST], arn:aws:lambda:<region>:<account>:function:<name>[:$LATEST], or <account>:function:<name>. */
  private resolve(identifier: string, qualifier: string | null): Deployment {
    const parts = identifier.split(":");
    const [account, name, version] = parts.length <= 2 ? [undefined, parts[0], parts[1]] : parts[0] === "arn" ? [parts[4], parts[6], parts[7]] : [parts[0], parts[2], parts[3]];
    const deployment = this.functions.get(name ?? "");
    const wanted = qualifier ?? version;
    if (!deployment || (account !== undefined && account !== deployment.spec.account) || (wanted !== undefined && wanted !== "$LATEST")) {
      throw new LambdaError("ResourceNotFoundException", `Function not found: ${identifier}${qualifier ? `:${qualifier}` : ""}`, 404);
    }
    return deployment;
  }

  private takeFault(name: string): LambdaFault | undefined {
    const rule = this.faults.find((candidate) => candidate.remaining > 0 && (candidate.functionName ?? name) === name);
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  /** A free environment of the deployment, a new one if its concurrency allows, else Lambda's throttle. */
  private environmentFor(deployment: Deployment): ExecutionEnvironment {
    const free = deployment.environments.find((environment) => !environment.isBusy);
    if (free) return free;
    if (deployment.environments.length >= deployment.reservedConcurrency) {
      throw new LambdaError("TooManyRequestsException", "Rate Exceeded.", 429);
    }
    const environment = new ExecutionEnvironment(deployment.spec, this.endpoints);
    deployment.environments.push(environment);
    return environment;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/lambda\/aws4_request/.exec(String(request.headers.authorization ?? ""));
    const invocationType = String(request.headers["x-amz-invocation-type"] ?? "RequestResponse");
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString("utf8");
    if (this.latencyMs > 0) await new Promise((done) => setTimeout(done, this.latencyMs));
    const match = INVOKE_PATH.exec(url.pathname);
    const call: RecordedInvoke = { functionName: decodeURIComponent(match?.[1] ?? ""), invocationType, payload: undefined, signedRegion: scope?.[1] };
    this.calls.push(call);
    try {
      if (request.method !== "POST" || !match) throw new LambdaError("UnknownOperationException", `${request.method} ${url.pathname} is not Invoke`, 404);
      if (!scope) throw new LambdaError("MissingAuthenticationTokenException", "request is not signed with SigV4 for lambda", 403);
      const deployment = this.resolve(call.functionName, url.searchParams.get("Qualifier"));
      (call as { functionName: string }).functionName = deployment.spec.name;
      const fault = this.takeFault(deployment.spec.name);
      if (fault) throw new LambdaError(fault.errorType, fault.message ?? `injected ${fault.errorType}`, fault.status);
      let event: unknown;
      try {
        event = text === "" ? {} : JSON.parse(text);
      } catch {
        throw new LambdaError("InvalidRequestContentException", "Could not parse request body into json", 400);
      }
      (call as { payload: unknown }).payload = event;
      if (invocationType === "DryRun") return this.respond(call, response, 204, "");
      const environment = this.environmentFor(deployment);
      const running = environment.invoke(event, { traceHeader: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${"0".repeat(24)};Sampled=0` });
      if (invocationType === "Event") {
        const tracked = running.then((result) => (call.result = result));
        this.background.add(tracked);
        void tracked.finally(() => this.background.delete(tracked));
        return this.respond(call, response, 202, "");
      }
      if (invocationType !== "RequestResponse") throw new LambdaError("InvalidParameterValueException", `X-Amz-Invocation-Type ${invocationType}`, 400);
      const result = await running;
      call.result = result;
      const headers: Record<string, string> = { "x-amz-executed-version": "$LATEST", "x-amzn-requestid": result.requestId };
      if (result.functionError) headers["x-amz-function-error"] = result.functionError;
      if (request.headers["x-amz-log-type"] === "Tail") headers["x-amz-log-result"] = Buffer.from(result.logs.join("\n").slice(-4096)).toString("base64");
      return this.respond(call, response, 200, JSON.stringify(result.payload ?? null), headers);
    } catch (error) {
      if (this.closed) return;
      const lambda = error instanceof LambdaError ? error : new LambdaError("ServiceException", (error as Error).message, 500);
      call.errorType = lambda.errorType;
      return this.respond(call, response, lambda.status, JSON.stringify({ Type: lambda.status < 500 ? "User" : "Service", message: lambda.message }), { "x-amzn-errortype": lambda.errorType });
    }
  }

  private respond(call: RecordedInvoke, response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    call.status = status;
    if (this.closed || response.destroyed) return;
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-amzn-requestid": `local-lambda-${this.calls.length}`, ...headers });
    response.end(body);
  }
}

export async function startLambdaServer(endpoints: Readonly<Record<string, string>> = {}): Promise<LambdaServer> {
  return new LambdaServer(endpoints).listen();
}
