/**
 * One Lambda execution environment for a Node.js zip, as the managed runtime gives it: the zip unpacked, the module
 * its `handler` attribute names imported once (init) in a fresh Node process with exactly the function's
 * environment, then one invocation at a time with a context (request id, ARN, remaining time) and a per-invocation
 * X-Ray header, each invocation's stdout lines kept as its logs. A thrown error comes back as Lambda reports it
 * ({ errorType: error.name, errorMessage, trace }); an init error is reported by every invocation; an invocation
 * that outlives the timeout kills the environment, and the next one starts cold. Used by the local Lambda server
 * (lambda-server.ts) and by any test that runs the shipped zip.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { unzipSync } from "fflate";

export interface FunctionSpec {
  /** The function's name, as AWS_LAMBDA_FUNCTION_NAME and in its ARN. */
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly zipPath: string;
  /** "file.export", as aws_lambda_function.handler; the file is `<file>.mjs`. */
  readonly handler: string;
  /** The function's own variables (what Terraform plans), without the ones Lambda adds. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds?: number;
}

/** What Lambda's Invoke answers about one invocation. */
export interface InvocationResult {
  readonly requestId: string;
  /** The handler's return value, or Lambda's error document for a failed invocation. */
  readonly payload: unknown;
  /** "Unhandled" when the handler threw, timed out or failed to initialize (Lambda's X-Amz-Function-Error). */
  readonly functionError?: "Unhandled";
  /** The lines the invocation wrote to stdout. */
  readonly logs: readonly string[];
  readonly coldStart: boolean;
}

export interface InvokeOptions {
  readonly requestId?: string;
  /** _X_AMZN_TRACE_ID for this invocation. */
  readonly traceHeader?: string;
}

/** Prefix of the line the runner writes after each invocation, carrying its outcome; never a JSON log line. */
const OUTCOME = "\u001eECOP-LAMBDA-OUTCOME ";

const RUNNER = `
import { createInterface } from "node:readline";
const [file, exported] = process.env.ECOP_LAMBDA_HANDLER.split(".");
const report = (error) => ({ errorType: error?.name ?? "Error", errorMessage: String(error?.message ?? error), trace: String(error?.stack ?? "").split("\\n") });
let handler, initError;
try {
  handler = (await import("./" + file + ".mjs"))[exported];
  if (typeof handler !== "function") throw Object.assign(new Error(file + "." + exported + " is undefined or not exported"), { name: "Runtime.HandlerNotFound" });
} catch (error) {
  initError = report(error);
}
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  process.env._X_AMZN_TRACE_ID = request.traceHeader ?? "";
  if (request.traceHeader === undefined) delete process.env._X_AMZN_TRACE_ID;
  const context = {
    awsRequestId: request.requestId, invokedFunctionArn: request.arn, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
  };
  let outcome;
  if (initError) outcome = { error: initError };
  else {
    try { outcome = { result: (await handler(request.event, context)) ?? null }; } catch (error) { outcome = { error: report(error) }; }
  }
  process.stdout.write(${JSON.stringify(OUTCOME)} + JSON.stringify(outcome) + "\\n");
}
`;

const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", AWS_SESSION_TOKEN: "local-session" };

export class ExecutionEnvironment {
  private child: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  private readonly codeDir: string;
  private busy = false;
  private pending: { lines: string[]; resolve: (outcome: string) => void } | undefined;
  private buffered = "";
  private stderr = "";

  /** `endpoints`: the AWS_ENDPOINT_URL_* variables that point the function's clients at local servers. */
  constructor(
    readonly spec: FunctionSpec,
    private readonly endpoints: Readonly<Record<string, string>> = {},
  ) {
    this.codeDir = mkdtempSync(join(tmpdir(), "ecop-lambda-env-"));
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(spec.zipPath)))) writeFileSync(join(this.codeDir, name), bytes);
    writeFileSync(join(this.codeDir, "__runner.mjs"), RUNNER);
  }

  get arn(): string {
    return `arn:aws:lambda:${this.spec.region}:${this.spec.account}:function:${this.spec.name}`;
  }

  get isBusy(): boolean {
    return this.busy;
  }

  private start(): ChildProcessByStdio<Writable, Readable, Readable> {
    const child = spawn(process.execPath, ["__runner.mjs"], {
      cwd: this.codeDir,
      stdio: ["pipe", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        NODE_NO_WARNINGS: "1",
        ...FAKE_CREDENTIALS,
        ...this.spec.environment,
        ...this.endpoints,
        AWS_REGION: this.spec.region,
        AWS_DEFAULT_REGION: this.spec.region,
        AWS_LAMBDA_FUNCTION_NAME: this.spec.name,
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_TIMEOUT: String(this.spec.timeoutSeconds ?? 10),
        ECOP_LAMBDA_HANDLER: this.spec.handler,
      },
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => this.onStdout(chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-16_384)));
    child.on("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    return child;
  }

  private onStdout(chunk: string): void {
    this.buffered += chunk;
    for (let end = this.buffered.indexOf("\n"); end !== -1; end = this.buffered.indexOf("\n")) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      if (line.startsWith(OUTCOME)) this.pending?.resolve(line.slice(OUTCOME.length));
      else this.pending?.lines.push(line);
    }
  }

  /** One invocation, as Lambda runs it on this environment. Throws if the environment is already busy. */
  async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvocationResult> {
    if (this.busy) throw new Error(`${this.spec.name}: this execution environment is busy`);
    this.busy = true;
    const requestId = options.requestId ?? randomUUID();
    const coldStart = this.child === undefined;
    const child = (this.child ??= this.start());
    const timeoutMs = (this.spec.timeoutSeconds ?? 10) * 1000;
    const lines: string[] = [];
    try {
      const outcome = await new Promise<string | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeoutMs);
        const exited = () => resolve(undefined);
        child.once("exit", exited);
        this.pending = {
          lines,
          resolve: (text) => {
            clearTimeout(timer);
            child.off("exit", exited);
            resolve(text);
          },
        };
        child.stdin.write(`${JSON.stringify({ event, requestId, arn: this.arn, deadline: Date.now() + timeoutMs, traceHeader: options.traceHeader })}\n`);
      });
      if (outcome === undefined) {
        const died = child.exitCode !== null || child.signalCode !== null;
        this.kill();
        const payload = died
          ? { errorType: "Runtime.ExitError", errorMessage: `RequestId: ${requestId} Error: Runtime exited (${this.stderr.trim().split("\n").at(-1) ?? ""})` }
          : { errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` };
        return { requestId, payload, functionError: "Unhandled", logs: lines, coldStart };
      }
      const parsed = JSON.parse(outcome) as { result?: unknown; error?: unknown };
      return parsed.error === undefined ? { requestId, payload: parsed.result, logs: lines, coldStart } : { requestId, payload: parsed.error, functionError: "Unhandled", logs: lines, coldStart };
    } finally {
      this.pending = undefined;
      this.busy = false;
    }
  }

  private kill(): void {
    this.child?.kill("SIGKILL");
    this.child = undefined;
  }

  close(): void {
    this.kill();
    rmSync(this.codeDir, { recursive: true, force: true });
  }
}
