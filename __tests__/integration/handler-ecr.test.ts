/**
 * The handler with the real @aws-sdk/client-ecr over HTTP against the local ECR server: what reaches ECR,
 * in which order, and what happens when ECR throttles, fails, stalls or loses a response.
 */
import { describe, expect, it } from "vitest";
import { HEAL_WINDOW_MS } from "../../handler/act";
import { ECR_ACTIONS } from "../../handler/ecr-model";
import { CREATED_BY_TAG, CREATED_FOR_TAG, DEAD_LETTER_RETENTION_SECONDS, MAX_EVENT_AGE_SECONDS } from "../../handler/function-config";
import { EcrCallError } from "../../handler/errors";
import { DEADLINE_MARGIN_MS } from "../../handler/handle";
import { CONTEXT, DEFAULT_SETTINGS, FUNCTION_NAME, LIFECYCLE_POLICY, REPOSITORY_POLICY, loadEvent, pushEvent } from "../support/handler-fixtures";
import { ATTEMPTS, startHarness } from "./support";
import { harnessPerTest } from "../support/per-test";

const { start, current } = harnessPerTest(startHarness);

/** A lifecycle policy someone changed by hand after the function created the repository. */
const ADMIN_LIFECYCLE_POLICY = JSON.stringify({
  rules: [{ rulePriority: 1, description: "set by an administrator", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 5 }, action: { type: "expire" } }],
});
const READS = new Set(["DescribeRepositories", "ListTagsForResource", "GetLifecyclePolicy", "GetRepositoryPolicy"]);
/** Operations that wrote (or tried to write) to ECR from call number `from` on, in order. */
const writesSince = (from: number) => current().server.operations().slice(from).filter((operation) => !READS.has(operation));


describe("creating a repository", () => {
  it("makes CreateRepository the first call, carrying every creation-time setting and tag", async () => {
    // Arrange
    const { server, handler, log } = await start();

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "created", repository: "team-a/api" });
    expect(server.operations()[0]).toBe("CreateRepository");
    expect(server.operations().slice(1).sort()).toEqual(["PutLifecyclePolicy", "SetRepositoryPolicy"]);
    expect(server.repositories.get("team-a/api")).toMatchObject({
      imageTagMutability: "IMMUTABLE",
      scanOnPush: true,
      encryptionType: "AES256",
      lifecyclePolicy: LIFECYCLE_POLICY,
      repositoryPolicy: REPOSITORY_POLICY,
      tags: {
        [CREATED_BY_TAG]: FUNCTION_NAME,
        [CREATED_FOR_TAG]: "arn:aws:sts::111122223333:assumed-role/ci-pusher/ci-4821",
        team: "platform",
        "cost-center": "1234",
      },
    });
    expect(server.repositories.get("team-a/api")?.kmsKey).toBeUndefined();
    expect(log.entries).toEqual([expect.objectContaining({ decision: "created", repository: "team-a/api", durations: expect.objectContaining({ createMs: expect.any(Number), totalMs: expect.any(Number) }) })]);
  });

  it("signs every call for the function's region and calls only actions the construct grants", async () => {
    // Arrange
    const { server, handler } = await start();
    server.seed("team-a/old", { tags: { [CREATED_BY_TAG]: FUNCTION_NAME } });
    const granted: string[] = Object.values(ECR_ACTIONS).flat();

    // Act
    await handler(pushEvent("team-a/api"), CONTEXT);
    await handler(pushEvent("team-a/old"), CONTEXT);

    // Assert
    expect(new Set(server.calls.map((call) => call.signedRegion))).toEqual(new Set(["eu-west-1"]));
    for (const operation of server.operations()) expect(granted).toContain(`ecr:${operation}`);
  });

  it("uses the most specific prefix's settings: KMS with its key and merged tags", async () => {
    // Arrange
    const { server, handler } = await start();

    // Act
    await handler(loadEvent("initiate-layer-upload-web-identity"), CONTEXT);

    // Assert
    const create = server.callsTo("CreateRepository")[0]?.body;
    expect(create).toMatchObject({
      repositoryName: "team-a/payments/worker",
      imageTagMutability: "MUTABLE",
      encryptionConfiguration: { encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-4152-4637-8899-aabbccddeeff" },
    });
    expect(server.repositories.get("team-a/payments/worker")?.tags).toMatchObject({
      team: "payments",
      "cost-center": "1234",
      [CREATED_FOR_TAG]: "arn:aws:sts::111122223333:assumed-role/gha-ecr-push/GitHubActions_run=7781",
    });
  });

  it("sets no repository policy where the prefix turns it off", async () => {
    // Arrange
    const { server, handler } = await start();

    // Act
    await handler(loadEvent("initiate-layer-upload-iam-user"), CONTEXT);

    // Assert
    expect(server.operations()).toEqual(["CreateRepository", "PutLifecyclePolicy"]);
    expect(server.repositories.get("platform/tools/linter")?.repositoryPolicy).toBeUndefined();
  });

  it("makes no AWS call for an event it skips", async () => {
    // Arrange
    const { server, handler, log } = await start();

    // Act
    const outcome = await handler(pushEvent("team-b/api"), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "skipped", reason: "outside-allowed-prefixes" });
    expect(server.calls).toEqual([]);
    expect(log.entries).toEqual([expect.objectContaining({ decision: "skipped", reason: "outside-allowed-prefixes" })]);
  });
});

describe("when the repository already exists", () => {
  it.each<{ case: string; tags: Record<string, string>; ageMs: number; reason: string }>([
    { case: "made by someone else", tags: { owner: "alice" }, ageMs: 1_000, reason: "created-by-other" },
    { case: "ours but older than the heal window", tags: { [CREATED_BY_TAG]: FUNCTION_NAME }, ageMs: HEAL_WINDOW_MS + 60_000, reason: "older-than-heal-window" },
  ])("never modifies one $case", async ({ tags, ageMs, reason }) => {
    // Arrange
    const { server, handler } = await start();
    server.seed("team-a/api", { tags, createdAt: new Date(Date.now() - ageMs) });

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "exists", repository: "team-a/api", reason });
    expect(server.operations()).not.toContain("PutLifecyclePolicy");
    expect(server.operations()).not.toContain("SetRepositoryPolicy");
    expect(server.repositories.get("team-a/api")?.lifecyclePolicy).toBeUndefined();
  });

  it("completes its own half-configured repository when the event comes back from the dead-letter queue on its last day", async () => {
    // Arrange: retried for Lambda's maximum event age, then kept by the queue for its whole retention.
    const { server, handler, log } = await start();
    const ageMs = (MAX_EVENT_AGE_SECONDS + DEAD_LETTER_RETENTION_SECONDS) * 1000;
    server.seed("team-a/api", { tags: { [CREATED_BY_TAG]: FUNCTION_NAME }, createdAt: new Date(Date.now() - ageMs) });

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "healed", repository: "team-a/api", reason: "completed-settings" });
    expect(server.repositories.get("team-a/api")).toMatchObject({ lifecyclePolicy: LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });
    expect(log.entries.map((entry) => entry.decision)).toEqual(["healed"]);
  });

  it("succeeds with no further call when there are no policies to complete", async () => {
    // Arrange
    const { server, handler } = await start({ prefixSettings: {}, repositorySettings: { ...DEFAULT_SETTINGS, lifecyclePolicy: null, repositoryPolicy: null } });
    server.seed("team-a/api");

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "exists", repository: "team-a/api", reason: "already-exists" });
    expect(server.operations()).toEqual(["CreateRepository"]);
  });

  it("completes the settings after an earlier invocation crashed between create and lifecycle", async () => {
    // Arrange
    const { server, handler, log } = await start();
    server.inject({ operation: "PutLifecyclePolicy", times: Infinity, fault: { kind: "drop" } });
    await expect(handler(pushEvent("team-a/api"), CONTEXT)).rejects.toBeInstanceOf(EcrCallError);
    expect(server.repositories.get("team-a/api")?.lifecyclePolicy).toBeUndefined();
    server.clearFaults();
    const callsBefore = server.calls.length;

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "healed", repository: "team-a/api" });
    expect(server.repositories.get("team-a/api")).toMatchObject({ lifecyclePolicy: LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });
    expect(writesSince(callsBefore)).toEqual(["CreateRepository", "PutLifecyclePolicy"]);
    expect(log.entries.map((entry) => [entry.decision, entry.reason])).toEqual([
      ["failed", "settings-incomplete"],
      ["healed", "completed-settings"],
    ]);
  });

  it("puts only the missing policy and keeps a lifecycle policy an administrator set since creation", async () => {
    // Arrange
    const { server, handler, log } = await start();
    server.seed("team-a/api", { tags: { [CREATED_BY_TAG]: FUNCTION_NAME }, createdAt: new Date(Date.now() - 60_000), lifecyclePolicy: ADMIN_LIFECYCLE_POLICY });

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "healed", repository: "team-a/api", reason: "completed-settings" });
    expect(server.repositories.get("team-a/api")).toMatchObject({ lifecyclePolicy: ADMIN_LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });
    expect(writesSince(0)).toEqual(["CreateRepository", "SetRepositoryPolicy"]);
    expect(log.entries[0]?.detail).toBe("created by this function; put the missing repository policy; kept the lifecycle policy in place");
  });

  it("writes nothing for a duplicate event once every policy is in place, whoever set them", async () => {
    // Arrange
    const { server, handler, log } = await start();
    const adminPolicy = REPOSITORY_POLICY.replace("pull", "pull-by-admin");
    server.seed("team-a/api", { tags: { [CREATED_BY_TAG]: FUNCTION_NAME }, createdAt: new Date(Date.now() - 60_000), lifecyclePolicy: ADMIN_LIFECYCLE_POLICY, repositoryPolicy: adminPolicy });

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "exists", repository: "team-a/api", reason: "already-complete" });
    expect(server.repositories.get("team-a/api")).toMatchObject({ lifecyclePolicy: ADMIN_LIFECYCLE_POLICY, repositoryPolicy: adminPolicy });
    expect(writesSince(0)).toEqual(["CreateRepository"]);
    expect(log.entries).toEqual([expect.objectContaining({ decision: "exists", reason: "already-complete" })]);
  });

  it("answers a duplicate of its own creation with reads only, in two round trips after CreateRepository", async () => {
    // Arrange
    const { server, handler } = await start();
    await handler(pushEvent("team-a/api"), CONTEXT);
    const callsBefore = server.calls.length;

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "exists", repository: "team-a/api", reason: "already-complete" });
    const operations = server.operations().slice(callsBefore);
    expect(operations.slice(0, 2)).toEqual(["CreateRepository", "DescribeRepositories"]);
    expect(operations.slice(2).sort()).toEqual(["GetLifecyclePolicy", "GetRepositoryPolicy", "ListTagsForResource"]);
  });

  it("heals when CreateRepository succeeded but its response was lost", async () => {
    // Arrange
    const { server, handler } = await start();
    server.inject({ operation: "CreateRepository", fault: { kind: "dropAfterApply" } });

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "healed" });
    expect(server.repositories.get("team-a/api")).toMatchObject({ lifecyclePolicy: LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });
  });

  it("gives one repository and no failed invocation for the same name pushed 10 times at once", async () => {
    // Arrange
    const { server, handler, log } = await start();
    server.latencyMs = 20;

    // Act
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => handler(pushEvent("team-a/api"), CONTEXT)));

    // Assert
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    expect(server.repositories.size).toBe(1);
    expect(server.callsTo("CreateRepository").filter((call) => call.status === 200)).toHaveLength(1);
    expect(log.entries.filter((entry) => entry.decision === "created")).toHaveLength(1);
    expect(log.entries.filter((entry) => entry.decision === "failed")).toEqual([]);
    expect(server.repositories.get("team-a/api")?.lifecyclePolicy).toBe(LIFECYCLE_POLICY);
  });
});

describe("when ECR fails", () => {
  it.each([
    { fault: "ThrottlingException", status: 400 },
    { fault: "ServerException", status: 500 },
    { fault: "InternalFailure", status: 503 },
  ])("retries $fault ($status) with the SDK's strategy and succeeds", async ({ fault, status }) => {
    // Arrange
    const { server, handler } = await start();
    server.inject({ operation: "CreateRepository", times: ATTEMPTS - 1, fault: { kind: "error", errorType: fault, status } });

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "created" });
    expect(server.callsTo("CreateRepository")).toHaveLength(ATTEMPTS);
  });

  it("retries a response slower than the request timeout", async () => {
    // Arrange
    const { server, handler } = await start({}, { requestTimeoutMs: 150 });
    server.inject({ operation: "CreateRepository", fault: { kind: "latency", ms: 1_000 } });

    // Act
    const outcome = await handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "created" });
    expect(server.callsTo("CreateRepository").length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    { fault: "ThrottlingException", status: 400, transient: true, calls: ATTEMPTS },
    { fault: "ServerException", status: 500, transient: true, calls: ATTEMPTS },
    { fault: "AccessDeniedException", status: 400, transient: false, calls: 1 },
    { fault: "InvalidParameterException", status: 400, transient: false, calls: 1 },
    { fault: "KmsException", status: 400, transient: false, calls: 1 },
  ])("throws $fault for Lambda to retry and the dead-letter queue to keep, logging transient=$transient, AWS's request id, the status and the attempts", async ({ fault, status, transient, calls }) => {
    // Arrange
    const { server, handler, log } = await start();
    server.inject({ operation: "CreateRepository", times: Infinity, fault: { kind: "error", errorType: fault, status } });

    // Act
    const result = handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    await expect(result).rejects.toMatchObject({ name: "EcrCallError", operation: "CreateRepository", errorName: fault, transient });
    expect(server.callsTo("CreateRepository")).toHaveLength(calls);
    expect(log.entries).toEqual([
      expect.objectContaining({ decision: "failed", reason: "create-failed", repository: "team-a/api", error: expect.objectContaining({ operation: "CreateRepository", name: fault, transient }) }),
    ]);
    // The local server numbers its answers; the last one is what the SDK gave up on.
    expect(log.entries[0]!.error).toMatchObject({ awsRequestId: `local-${server.calls.length}`, httpStatusCode: status, attempts: calls });
  });

  it("throws when a policy call keeps failing, after attempting the other one", async () => {
    // Arrange
    const { server, handler } = await start();
    server.inject({ operation: "SetRepositoryPolicy", times: Infinity, fault: { kind: "error", errorType: "InvalidParameterException" } });

    // Act
    const result = handler(pushEvent("team-a/api"), CONTEXT);

    // Assert
    await expect(result).rejects.toMatchObject({ operation: "SetRepositoryPolicy", transient: false });
    expect(server.repositories.get("team-a/api")?.lifecyclePolicy).toBe(LIFECYCLE_POLICY);
  });
});

describe("when the invocation runs out of time", () => {
  /** Lambda's context: the remaining time counts down from `remainingMs` in real time. */
  const contextWith = (remainingMs: number) => {
    const started = Date.now();
    return { ...CONTEXT, getRemainingTimeInMillis: () => remainingMs - (Date.now() - started) };
  };

  it.each([
    { phase: "CreateRepository", operation: "CreateRepository", step: "create" },
    { phase: "the policies after creation", operation: "PutLifecyclePolicy", step: "settings" },
  ])("logs failed with reason out-of-time and throws before Lambda's timeout when ECR stalls in $phase", async ({ operation, step }) => {
    // Arrange
    const { server, handler, log } = await start();
    server.inject({ operation, times: Infinity, fault: { kind: "latency", ms: 5_000 } });
    const remainingMs = 1_500;
    const started = Date.now();

    // Act
    const result = handler(pushEvent("team-a/api"), contextWith(remainingMs));
    await expect(result).rejects.toMatchObject({ name: "EcrCallError", operation, transient: true });
    const elapsedMs = Date.now() - started;

    // Assert
    expect(elapsedMs).toBeLessThan(remainingMs);
    expect(elapsedMs).toBeGreaterThanOrEqual(remainingMs - DEADLINE_MARGIN_MS - 50);
    expect(log.entries).toEqual([
      expect.objectContaining({
        decision: "failed",
        reason: "out-of-time",
        detail: expect.stringContaining(`stopped during ${step} before Lambda's timeout`),
        error: expect.objectContaining({ operation, transient: true }),
      }),
    ]);
  });

  it("is untouched by a deadline it meets", async () => {
    // Arrange
    const { server, handler } = await start();
    server.latencyMs = 20;

    // Act
    const outcome = await handler(pushEvent("team-a/api"), contextWith(10_000));

    // Assert
    expect(outcome).toEqual({ decision: "created", repository: "team-a/api" });
    expect(server.repositories.get("team-a/api")).toMatchObject({ lifecyclePolicy: LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });
  });
});
