/**
 * The zip the construct ships, run as Lambda runs it (lambda-runtime.ts: a fresh Node process, the function's
 * environment, one invocation at a time) against the local ECR server: each decision's record read as CloudWatch
 * reads it (the EMF specification, support/emf.ts, and the keys Powertools users query), the level Lambda's logging
 * config sets, and the error names Lambda reports from the minified bundle.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CREATED_BY_TAG, METRICS_NAMESPACE_ENV } from "../../handler/function-config";
import { bundleHandler, HANDLER_ATTRIBUTE } from "../../lib/bundle";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { extractMetrics } from "../support/emf";
import { ACCOUNT, FUNCTION_NAME, REGION, handlerEnv, pushEvent } from "../support/handler-fixtures";
import { ExecutionEnvironment, type FunctionSpec } from "../support/lambda-runtime";

const NAMESPACE = "Platform/ECR";
const TRACE = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1";
const staging = mkdtempSync(join(tmpdir(), "ecop-bundled-"));
let zipPath: string;
let server: EcrServer;
const environments: ExecutionEnvironment[] = [];

beforeAll(() => {
  zipPath = bundleHandler(staging).zipPath;
});
afterAll(() => rmSync(staging, { recursive: true, force: true }));
afterEach(async () => {
  for (const environment of environments.splice(0)) environment.close();
  await server?.close();
});

/** A fresh execution environment of the shipped zip, its ECR pointed at a fresh local server. */
async function deployed(environment: Record<string, string> = {}, spec: Partial<FunctionSpec> = {}): Promise<ExecutionEnvironment> {
  server = await startEcrServer({ account: ACCOUNT, region: REGION });
  const { AWS_LAMBDA_FUNCTION_NAME: _name, AWS_REGION: _region, ...variables } = handlerEnv();
  const created = new ExecutionEnvironment(
    { name: FUNCTION_NAME, account: ACCOUNT, region: REGION, zipPath, handler: HANDLER_ATTRIBUTE, environment: { ...variables, [METRICS_NAMESPACE_ENV]: NAMESPACE, ...environment }, ...spec },
    { AWS_ENDPOINT_URL_ECR: server.url },
  );
  environments.push(created);
  return created;
}

const records = (logs: readonly string[]) => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the shipped function's records", () => {
  it("are one valid EMF document per decision, counted by decision and reason, with the Powertools keys", async () => {
    // Arrange
    const fn = await deployed();
    server.seed("team-a/half-done", { tags: { [CREATED_BY_TAG]: FUNCTION_NAME } });
    const foreign = pushEvent("team-a/from-elsewhere");
    foreign.detail.userIdentity.accountId = "999988887777";
    const cases = [
      { event: pushEvent("team-a/api"), decision: "created", reason: undefined },
      { event: pushEvent("team-a/api"), decision: "exists", reason: "completed-by-this-instance" },
      { event: pushEvent("team-a/half-done"), decision: "healed", reason: "completed-settings" },
      { event: pushEvent("team-b/api"), decision: "skipped", reason: "outside-allowed-prefixes" },
      { event: foreign, decision: "skipped", reason: "pusher-account-not-allowed" },
    ];

    // Act
    const results = [];
    for (const [index, { event }] of cases.entries()) results.push(await fn.invoke(event, { requestId: `request-${index}`, traceHeader: TRACE }));

    // Assert
    for (const [index, { decision, reason }] of cases.entries()) {
      const { logs, payload } = results[index]!;
      expect(payload).toMatchObject({ decision, ...(reason ? { reason } : {}) });
      expect(logs).toHaveLength(1);
      expect(records(logs)[0]).toMatchObject({
        level: "INFO",
        message: expect.stringContaining(decision),
        service: FUNCTION_NAME,
        cold_start: index === 0,
        function_request_id: `request-${index}`,
        xray_trace_id: "1-67891233-abcdef012345678912345678",
        decision,
        requestId: `request-${index}`,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      const metrics = extractMetrics(logs[0]!);
      const sets = [{ service: FUNCTION_NAME, decision }, ...(reason ? [{ service: FUNCTION_NAME, decision, reason }] : [])];
      expect(metrics.map((metric) => [metric.namespace, metric.name, metric.unit, metric.dimensions])).toEqual(
        sets.flatMap((dimensions) => [
          [NAMESPACE, "Decisions", "Count", dimensions],
          [NAMESPACE, "Duration", "Milliseconds", dimensions],
        ]),
      );
      expect(metrics.find((metric) => metric.name === "Decisions")!.values).toEqual([1]);
      expect(metrics.find((metric) => metric.name === "Duration")!.values[0]).toBeGreaterThanOrEqual(0);
    }
  });

  it("count a failure by reason at level ERROR, with AWS's request id, the HTTP status and the attempts, and the error keeps its name", async () => {
    // Arrange
    const fn = await deployed();
    server.inject({ operation: "CreateRepository", times: Infinity, fault: { kind: "error", errorType: "ThrottlingException", status: 400 } });

    // Act
    const { payload, functionError, logs } = await fn.invoke(pushEvent("team-a/api"));

    // Assert
    expect(functionError).toBe("Unhandled");
    expect(payload).toMatchObject({ errorType: "EcrCallError", errorMessage: "CreateRepository for team-a/api failed: ThrottlingException (transient)" });
    expect(records(logs)).toEqual([
      expect.objectContaining({
        level: "ERROR",
        decision: "failed",
        reason: "create-failed",
        error: expect.objectContaining({ operation: "CreateRepository", name: "ThrottlingException", transient: true, awsRequestId: `local-${server.calls.length}`, httpStatusCode: 400, attempts: 3 }),
      }),
    ]);
    expect(extractMetrics(logs[0]!).map((metric) => metric.dimensions)).toContainEqual({ service: FUNCTION_NAME, decision: "failed", reason: "create-failed" });
  });

  it.each([
    ["WARN", ["failed"]],
    ["ERROR", ["failed"]],
    ["FATAL", []],
    ["DEBUG", ["created", "failed"]],
  ])("are not written below the level Lambda sets (AWS_LAMBDA_LOG_LEVEL=%s)", async (level, written) => {
    // Arrange
    const fn = await deployed({ AWS_LAMBDA_LOG_LEVEL: level });

    // Act
    const created = await fn.invoke(pushEvent("team-a/api"));
    server.inject({ operation: "CreateRepository", times: Infinity, fault: { kind: "error", errorType: "ServerException", status: 500 } });
    const failed = await fn.invoke(pushEvent("team-a/web"));

    // Assert
    expect([...created.logs, ...failed.logs].map((line) => JSON.parse(line).decision)).toEqual(written);
  });
});

describe("the shipped function's errors", () => {
  it.each([
    ["ConfigError", "a malformed setting, at init", { REPOSITORY_SETTINGS: "{not json" }, {}],
    ["ContextError", "a context without a 12-digit account", {}, { account: "12345" }],
  ])("are reported as %s for %s", async (name, _case, environment, spec) => {
    // Arrange
    const fn = await deployed(environment, spec);

    // Act
    const { payload, functionError } = await fn.invoke(pushEvent("team-a/api"));

    // Assert
    expect(functionError).toBe("Unhandled");
    expect(payload).toMatchObject({ errorType: name });
  });

  it("name CredentialsError in the log line when the environment has no credentials", async () => {
    // Arrange
    const fn = await deployed({ AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" });

    // Act
    const { payload, logs } = await fn.invoke(pushEvent("team-a/api"));

    // Assert
    expect(payload).toMatchObject({ errorType: "EcrCallError" });
    expect(records(logs)[0]).toMatchObject({ decision: "failed", error: { name: "CredentialsError" } });
  });
});
