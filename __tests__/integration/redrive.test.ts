/**
 * `ecr-create-on-push redrive` as it ships (the bundled command, run where nothing else is installed), with the real
 * SQS and Lambda clients over HTTP against local endpoints that speak those protocols (support/sqs-server.ts,
 * support/lambda-server.ts), the Lambda one running the real bundled function against the local ECR server. The
 * queue holds both shapes a dead-letter queue receives (AWS-FACTS §15).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CREATED_BY_TAG } from "../../handler/function-config";
import { bundleHandler, HANDLER_ATTRIBUTE } from "../../lib/bundle";
import { REDRIVE_EXIT } from "../../lib/cli/redrive";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, FUNCTION_NAME, LIFECYCLE_POLICY, REGION, REPOSITORY_POLICY, handlerEnv, pushEvent } from "../support/handler-fixtures";
import { startLambdaServer, type LambdaServer } from "../support/lambda-server";
import { runCli } from "../support/packaged-cli";
import { startSqsServer, type SqsServer } from "../support/sqs-server";

const staging = mkdtempSync(join(tmpdir(), "ecop-redrive-"));
const home = mkdtempSync(join(tmpdir(), "ecop-redrive-home-"));
let zipPath: string;
let ecr: EcrServer;
let sqs: SqsServer;
let lambda: LambdaServer;
let queueUrl: string;

beforeAll(() => {
  zipPath = bundleHandler(staging).zipPath;
});
afterAll(() => {
  rmSync(staging, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all([lambda?.close(), sqs?.close(), ecr?.close()]);
});

async function start(): Promise<void> {
  ecr = await startEcrServer({ account: ACCOUNT, region: REGION });
  sqs = await startSqsServer(ACCOUNT, REGION);
  lambda = await startLambdaServer({ AWS_ENDPOINT_URL_ECR: ecr.url });
  const { AWS_LAMBDA_FUNCTION_NAME: _name, AWS_REGION: _region, ...environment } = handlerEnv();
  lambda.deploy({ name: FUNCTION_NAME, account: ACCOUNT, region: REGION, zipPath, handler: HANDLER_ATTRIBUTE, environment });
  queueUrl = sqs.createQueue(`${FUNCTION_NAME}-dlq`);
}

/** What the rule's target dead-letter queue receives: the event, and why in message attributes. */
function fromEventBridge(repository: string): void {
  sqs.send(queueUrl, JSON.stringify(pushEvent(repository)), {
    RULE_ARN: { DataType: "String", StringValue: `arn:aws:events:${REGION}:${ACCOUNT}:rule/ecr-repo-404-on-push-for-${FUNCTION_NAME}` },
    ERROR_CODE: { DataType: "String", StringValue: "SDK_CLIENT_ERROR" },
    RETRY_ATTEMPTS: { DataType: "String", StringValue: "185" },
  });
}

/** What Lambda's on-failure destination receives: a record around the event. */
function fromLambda(repository: string): void {
  const record = {
    version: "1.0",
    timestamp: "2026-03-02T10:21:14.131Z",
    requestContext: { requestId: "c2a6f2b4-2e2c-4f0e-9a4c-6d1c1f0f9d11", functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}:$LATEST`, condition: "RetriesExhausted", approximateInvokeCount: 3 },
    requestPayload: pushEvent(repository),
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    responsePayload: { errorType: "EcrCallError", errorMessage: `PutLifecyclePolicy for ${repository} failed: ServerException (transient)`, trace: [] },
  };
  sqs.send(queueUrl, JSON.stringify(record));
}

/** The command with the credentials and Region of the standard chain, and the SDK's per-service endpoints. */
const redrive = (...args: string[]) => redriveWith({}, ...args);
const redriveWith = (env: Record<string, string>, ...args: string[]) =>
  runCli(["redrive", "--queue", queueUrl, "--function", FUNCTION_NAME, ...args], {
    ...env,
    HOME: home,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_EC2_METADATA_DISABLED: "true",
  });

const lines = (stdout: string) => stdout.trim().split("\n");
const ids = () => sqs.messages(queueUrl).map((message) => message.id);

describe("ecr-create-on-push redrive", () => {
  it("runs both shapes through the function, deletes the successes and keeps the one that fails again, visible", async () => {
    // Arrange: the first message meets a key ECR cannot use; a repository the function half-configured 3 days ago.
    await start();
    fromLambda("team-a/payments/api");
    fromEventBridge("team-a/api");
    fromLambda("team-a/half-done");
    ecr.seed("team-a/half-done", { tags: { [CREATED_BY_TAG]: FUNCTION_NAME }, createdAt: new Date(Date.now() - 3 * 86_400_000) });
    ecr.inject({ operation: "CreateRepository", times: 1, fault: { kind: "error", errorType: "KmsException", message: "KMS key is disabled" } });
    const [failing, ...rest] = ids();

    // Act
    const run = await redrive();

    // Assert
    expect(run.code).toBe(REDRIVE_EXIT.kept);
    expect(lines(run.stdout)).toEqual([
      `failed ${failing} team-a/payments/api: EcrCallError: CreateRepository for team-a/payments/api failed: KmsException; kept`,
      `redriven ${rest[0]} team-a/api: created; deleted`,
      `redriven ${rest[1]} team-a/half-done: healed completed-settings; deleted`,
      "3 messages: 2 redriven and deleted, 1 failed again and kept",
    ]);
    expect(ids()).toEqual([failing]);
    expect(sqs.messages(queueUrl)[0]!.visibleAt).toBeLessThanOrEqual(Date.now());
    expect(ecr.repositories.get("team-a/api")).toMatchObject({ lifecyclePolicy: LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });
    expect(ecr.repositories.get("team-a/half-done")).toMatchObject({ lifecyclePolicy: LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });
    expect(lambda.calls.map((call) => [call.invocationType, call.signedRegion, call.status])).toEqual(Array(3).fill(["RequestResponse", REGION, 200]));
  }, 60_000);

  it("redrives what failed last time once the cause is gone, and then finds the queue empty", async () => {
    // Arrange
    await start();
    fromLambda("team-a/api");
    ecr.inject({ operation: "CreateRepository", times: 1, fault: { kind: "error", errorType: "KmsException" } });
    expect((await redrive()).code).toBe(REDRIVE_EXIT.kept);

    // Act
    const second = await redrive();
    const third = await redrive();

    // Assert
    expect(second.code).toBe(REDRIVE_EXIT.done);
    expect(lines(second.stdout).at(-1)).toBe("1 message: 1 redriven and deleted, 0 failed again and kept");
    expect([third.code, third.stdout.trim()]).toEqual([REDRIVE_EXIT.done, "0 messages: the dead-letter queue is empty"]);
    expect(ids()).toEqual([]);
  }, 60_000);

  it("changes nothing with --dry-run: no invocation, no ECR call, every message kept and visible", async () => {
    // Arrange
    await start();
    fromEventBridge("team-a/api");
    fromLambda("team-a/web");
    sqs.send(queueUrl, "not an event");
    const before = ids();

    // Act
    const run = await redrive("--dry-run");

    // Assert
    expect(run.code).toBe(REDRIVE_EXIT.kept);
    expect(lines(run.stdout)).toEqual([
      `would redrive ${before[0]} team-a/api (EventBridge: SDK_CLIENT_ERROR after 185 retries)`,
      `would redrive ${before[1]} team-a/web (Lambda on-failure: RetriesExhausted after 3 attempts: EcrCallError)`,
      `unreadable ${before[2]}: the body is not JSON (12 characters); kept`,
      "3 messages: 2 would be redriven, 1 unreadable, nothing was invoked or deleted",
    ]);
    expect(lambda.calls).toEqual([]);
    expect(ecr.calls).toEqual([]);
    expect(ids()).toEqual(before);
    expect(sqs.messages(queueUrl).every((message) => message.visibleAt <= Date.now())).toBe(true);
  }, 60_000);

  it.each([
    ["SQS refuses to read the queue", () => sqs.inject({ operation: "ReceiveMessage", code: "AccessDenied", type: "com.amazon.coral.service#AccessDeniedException", status: 403 }), /stopped: AccessDenied: injected AccessDenied \(HTTP 403/],
    ["Lambda refuses the invoke", () => lambda.inject({ errorType: "AccessDeniedException", status: 403 }), /stopped: AccessDeniedException: .*\(HTTP 403/],
    ["the credentials are not valid", () => sqs.inject({ code: "InvalidClientTokenId", type: "com.amazon.coral.service#UnrecognizedClientException", status: 403 }), /stopped: InvalidClientTokenId/],
  ])("stops at once, deleting nothing and invoking nothing more, when %s", async (_case, fault, message) => {
    // Arrange
    await start();
    fromEventBridge("team-a/api");
    fromEventBridge("team-a/web");
    fault();

    // Act
    const run = await redrive();

    // Assert
    expect(run.code).toBe(REDRIVE_EXIT.stopped);
    expect(run.stderr).toMatch(message);
    expect(ids()).toHaveLength(2);
    expect(lambda.invocationsOf(FUNCTION_NAME)).toEqual([]);
    expect(ecr.repositories.size).toBe(0);
  }, 60_000);

  it("keeps a message whose invoke stays throttled past the SDK's retries, and goes on with the next", async () => {
    // Arrange: the reserved concurrency is busy with live events for every attempt at the first message.
    await start();
    fromEventBridge("team-a/api");
    fromEventBridge("team-a/web");
    lambda.inject({ errorType: "TooManyRequestsException", status: 429, times: 2 });
    const [throttled, next] = ids();

    // Act
    const run = await redriveWith({ AWS_MAX_ATTEMPTS: "2" });

    // Assert
    expect(run.code).toBe(REDRIVE_EXIT.kept);
    expect(lines(run.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^failed ${throttled} team-a/api: TooManyRequestsException: .*\\(HTTP 429, .*2 attempts\\); kept$`)),
      `redriven ${next} team-a/web: created; deleted`,
      "2 messages: 1 redriven and deleted, 1 failed again and kept",
    ]);
    expect(ids()).toEqual([throttled]);
  }, 60_000);

  it("stops on a queue that does not exist", async () => {
    // Arrange
    await start();

    // Act
    const run = await runCli(["redrive", "--queue", "no-such-queue", "--function", FUNCTION_NAME], {
      HOME: home,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "x",
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    });

    // Assert
    expect(run.code).toBe(REDRIVE_EXIT.stopped);
    expect(run.stderr).toContain("stopped: QueueDoesNotExist");
  }, 60_000);

  it("refuses a command line without the queue or the function, with a usage error", async () => {
    // Act
    const run = await runCli(["redrive", "--queue", "q"], { HOME: home });

    // Assert
    expect(run.code).toBe(REDRIVE_EXIT.usage);
    expect(run.stderr).toContain("redrive: --function is required");
  });
});
