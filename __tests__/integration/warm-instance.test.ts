/**
 * Two things the handler decides before any ECR call, run against the local ECR server: who may cause a creation
 * (allowedPusherAccounts), and duplicates of a name this warm instance created and completed itself (no call).
 */
import { describe, expect, it } from "vitest";
import { createCompletedRecord } from "../../handler/completed";
import { ACCOUNT, CONTEXT, pushEvent } from "../support/handler-fixtures";
import { startHarness } from "./support";
import { harnessPerTest } from "../support/per-test";

const OTHER_ACCOUNT = "444455556666";
const { start } = harnessPerTest(startHarness);

/** A push of `name` by a principal of `account`, to the function's registry. */
function pushFrom(name: string, account: string | undefined) {
  const event = pushEvent(name);
  if (account === undefined) delete event.detail.userIdentity.accountId;
  else event.detail.userIdentity.accountId = account;
  event.detail.userIdentity.arn = `arn:aws:sts::${account ?? "000000000000"}:assumed-role/ci/run-1`;
  return event;
}

/** A push that failed `offsetMs` from now, by the registry's own account. */
function pushAt(name: string, offsetMs: number) {
  const event = pushEvent(name);
  event.detail.eventTime = new Date(Date.now() + offsetMs).toISOString();
  return event;
}


describe("who may cause a creation", () => {
  it("creates nothing for a push from another account by default, and logs both accounts", async () => {
    // Arrange
    const { server, handler, log } = await start();

    // Act
    const outcome = await handler(pushFrom("team-a/api", OTHER_ACCOUNT), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "skipped", reason: "pusher-account-not-allowed", repository: "team-a/api" });
    expect(server.calls).toEqual([]);
    expect(server.repositories.has("team-a/api")).toBe(false);
    expect(log.entries[0]).toMatchObject({ decision: "skipped", pusherAccount: OTHER_ACCOUNT, registryAccount: ACCOUNT });
    expect(log.entries[0]!.detail).toContain(`pushed from account ${OTHER_ACCOUNT}; only the registry's ${ACCOUNT} may create`);
  });

  it("creates for a push from an allowed account", async () => {
    // Arrange
    const { server, handler } = await start({ allowedPusherAccounts: [OTHER_ACCOUNT] });

    // Act
    const outcome = await handler(pushFrom("team-a/api", OTHER_ACCOUNT), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "created", repository: "team-a/api" });
    expect(server.repositories.has("team-a/api")).toBe(true);
  });

  it("still creates for the registry's own account when others are listed", async () => {
    const { handler } = await start({ allowedPusherAccounts: [OTHER_ACCOUNT] });
    expect(await handler(pushFrom("team-a/own", ACCOUNT), CONTEXT)).toMatchObject({ decision: "created" });
  });

  it.each([
    { case: "an unlisted account", allowed: [OTHER_ACCOUNT], account: "777788889999", decision: "skipped" },
    { case: "a record without userIdentity.accountId", allowed: [], account: undefined, decision: "skipped" },
    { case: "a record without userIdentity.accountId, with *", allowed: ["*"], account: undefined, decision: "created" },
    { case: "any account, with *", allowed: ["*"], account: "777788889999", decision: "created" },
  ])("decides $decision for $case", async ({ allowed, account, decision }) => {
    // Arrange
    const { handler } = await start({ allowedPusherAccounts: allowed });

    // Act
    const outcome = await handler(pushFrom("team-a/api", account), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision });
  });
});

describe("a warm instance's record of what it completed", () => {
  it("answers a duplicate of a name it created and completed with no ECR call", async () => {
    // Arrange
    const { server, handler, log } = await start({}, { completed: createCompletedRecord() });
    await handler(pushAt("team-a/api", -5_000), CONTEXT);
    const callsBefore = server.calls.length;

    // Act
    const outcome = await handler(pushAt("team-a/api", -4_000), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "exists", repository: "team-a/api", reason: "completed-by-this-instance" });
    expect(server.calls.length).toBe(callsBefore);
    expect(log.entries.at(-1)).toMatchObject({ decision: "exists", reason: "completed-by-this-instance" });
  });

  it("takes the normal path for a push that failed after the creation completed (the name was deleted since)", async () => {
    // Arrange
    const { server, handler } = await start({}, { completed: createCompletedRecord() });
    await handler(pushAt("team-a/api", -5_000), CONTEXT);
    server.repositories.delete("team-a/api");

    // Act
    const outcome = await handler(pushAt("team-a/api", 60_000), CONTEXT);

    // Assert
    expect(outcome).toEqual({ decision: "created", repository: "team-a/api" });
    expect(server.repositories.has("team-a/api")).toBe(true);
  });

  it("takes the normal path when the record has no eventTime", async () => {
    // Arrange
    const { server, handler } = await start({}, { completed: createCompletedRecord() });
    await handler(pushAt("team-a/api", -5_000), CONTEXT);
    const duplicate = pushEvent("team-a/api");
    delete duplicate.detail.eventTime;
    const callsBefore = server.calls.length;

    // Act
    const outcome = await handler(duplicate, CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "exists", reason: "already-complete" });
    expect(server.operations().slice(callsBefore)[0]).toBe("CreateRepository");
  });

  it("records nothing when the policies failed, so the retry heals", async () => {
    // Arrange
    const { server, handler } = await start({}, { completed: createCompletedRecord() });
    server.inject({ operation: "PutLifecyclePolicy", times: 3, fault: { kind: "error", errorType: "ServerException" } });
    await expect(handler(pushAt("team-a/api", -5_000), CONTEXT)).rejects.toThrow();

    // Act
    const outcome = await handler(pushAt("team-a/api", -4_000), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "healed", reason: "completed-settings" });
    expect(server.repositories.get("team-a/api")?.lifecyclePolicy).toBeDefined();
  });

  it("forgets everything at a cold start (a new record)", async () => {
    // Arrange
    const first = await start({}, { completed: createCompletedRecord() });
    await first.handler(pushAt("team-a/api", -5_000), CONTEXT);
    const repositories = new Map(first.server.repositories);
    await first.close();
    const { server, handler } = await start({}, { completed: createCompletedRecord() });
    for (const [name, repository] of repositories) server.repositories.set(name, repository);

    // Act
    const outcome = await handler(pushAt("team-a/api", -4_000), CONTEXT);

    // Assert
    expect(outcome).toMatchObject({ decision: "exists", reason: "already-complete" });
    expect(server.operations()[0]).toBe("CreateRepository");
  });
});

describe("createCompletedRecord", () => {
  it("keeps at most its capacity, dropping the oldest", () => {
    const record = createCompletedRecord(2);
    record.add("a", 1);
    record.add("b", 2);
    record.add("c", 3);
    expect([record.completedAt("a"), record.completedAt("b"), record.completedAt("c")]).toEqual([undefined, 2, 3]);
  });
});
