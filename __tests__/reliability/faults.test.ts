/**
 * No fault loses a repository: throttling, 5xx, dropped connections, responses slower than the SDK's timeout
 * and a crash right after CreateRepository, through the local ECR server. Each event goes through Lambda's
 * async delivery (lambda-delivery.ts: 2 retries, 6 h event age, as we configure it); afterwards every managed
 * repository must exist once, with every setting. Fault counts stay below what three invocations absorb
 * (3 SDK attempts each), so a dead-lettered event here is a handler bug, not bad luck.
 */
import type { ECRClient } from "@aws-sdk/client-ecr";
import { describe, expect, it } from "vitest";
import { pushEvent } from "../support/handler-fixtures";
import type { FaultRule } from "../support/ecr-server";
import { type AsyncInvokeConfig, OUR_INVOKE_CONFIG, PARADIGM_INVOKE_CONFIG } from "./lambda-delivery";
import { audit, startHarness, type Harness, type HarnessOptions } from "./support";
import { harnessPerTest } from "../support/per-test";

const NAMES = ["team-a/api", "team-a/payments/worker", "platform/tools/linter"];

const { start } = harnessPerTest(startHarness);

/** Each name pushed twice (duplicates are normal); the pair concurrently, names one after another. */
async function deliverAll(h: Harness, config: AsyncInvokeConfig = OUR_INVOKE_CONFIG, client?: (attempt: number) => ECRClient) {
  const deliveries = [];
  for (const name of NAMES) deliveries.push(...(await Promise.all([h.deliver(pushEvent(name), config, client), h.deliver(pushEvent(name), config, client)])));
  return deliveries;
}

/** A client whose process stops dead once ECR has created the repository: no catch block, no log line, no policy calls. */
function crashAfterCreate(client: ECRClient): ECRClient {
  const send = client.send.bind(client);
  client.send = (async (command: { constructor: { name: string } }) => {
    const output = await send(command as never);
    if (command.constructor.name === "CreateRepositoryCommand") await new Promise(() => {});
    return output;
  }) as typeof client.send;
  return client;
}

const error = (errorType: string, status?: number) => ({ kind: "error", errorType, ...(status ? { status } : {}) }) as const;

describe.each<{ fault: string; rules: FaultRule[]; options?: HarnessOptions }>([
  { fault: "a throttling storm on every operation", rules: [{ times: 8, fault: error("ThrottlingException") }] },
  {
    fault: "500s on CreateRepository and on both follow-up calls",
    rules: [
      { operation: "CreateRepository", times: 4, fault: error("ServerException") },
      { operation: "PutLifecyclePolicy", times: 2, fault: error("ServerException") },
      { operation: "SetRepositoryPolicy", times: 2, fault: error("InternalFailure", 503) },
    ],
  },
  {
    fault: "connection resets, before and after ECR applied the call",
    rules: [
      { operation: "CreateRepository", times: 2, fault: { kind: "dropAfterApply" } },
      { operation: "CreateRepository", times: 2, fault: { kind: "drop" } },
      { operation: "SetRepositoryPolicy", times: 4, fault: { kind: "drop" } },
    ],
  },
  {
    fault: "responses slower than the SDK's request timeout, applied late",
    rules: [
      { operation: "CreateRepository", times: 4, fault: { kind: "latency", ms: 600 } },
      { operation: "PutLifecyclePolicy", times: 3, fault: { kind: "latency", ms: 600 } },
    ],
    options: { requestTimeoutMs: 150 },
  },
])("under $fault", ({ rules, options }) => {
  it("leaves every managed repository existing once with all its settings after Lambda's retries", async () => {
    // Arrange
    const h = await start(options);
    for (const rule of rules) h.server.inject(rule);

    // Act
    const deliveries = await deliverAll(h);

    // Assert
    expect(deliveries.filter((delivery) => delivery.outcome !== "handled")).toEqual([]);
    expect(audit(h.server, NAMES)).toEqual({ incomplete: {}, unexpected: [] });
    expect(h.server.callsTo("CreateRepository").filter((call) => call.status === 200 || call.dropped).length).toBeGreaterThanOrEqual(NAMES.length);
  });
});

describe("a crash between CreateRepository and the follow-up calls", () => {
  it("is completed by the retry: the repository gets its lifecycle and repository policy", async () => {
    // Arrange
    const h = await start({ functionTimeoutMs: 500 });
    const crashing = crashAfterCreate(h.newClient());

    // Act
    const deliveries = await Promise.all(NAMES.map((name) => h.deliver(pushEvent(name), OUR_INVOKE_CONFIG, (attempt) => (attempt === 0 ? crashing : h.ecr))));

    // Assert
    expect(deliveries.map((delivery) => [delivery.outcome, delivery.attempts, delivery.errors])).toEqual(NAMES.map(() => ["handled", 2, ["Task timed out"]]));
    expect(audit(h.server, NAMES)).toEqual({ incomplete: {}, unexpected: [] });
    expect(h.log.entries.filter((entry) => entry.decision === "healed").map((entry) => entry.repository).sort()).toEqual([...NAMES].sort());
  });

  it("is completed even when the retry waits 20 minutes behind a backlog at the reserved concurrency", async () => {
    // Arrange
    const h = await start({ functionTimeoutMs: 500 });
    const crashing = crashAfterCreate(h.newClient());

    // Act
    const delivery = await h.deliver(pushEvent("team-a/api"), OUR_INVOKE_CONFIG, (attempt) => (attempt === 0 ? crashing : h.ecr), 20 * 60);

    // Assert
    expect(delivery).toMatchObject({ outcome: "handled", attempts: 2 });
    expect(audit(h.server, ["team-a/api"])).toEqual({ incomplete: {}, unexpected: [] });
  });
});

describe("Lambda's retries", () => {
  it("finish what the SDK's own retries could not: a throttle on four CreateRepository calls takes two invocations", async () => {
    // Arrange
    const h = await start();
    h.server.inject({ operation: "CreateRepository", times: 4, fault: error("ThrottlingException") });

    // Act
    const delivery = await h.deliver(pushEvent("team-a/api"), OUR_INVOKE_CONFIG);

    // Assert
    expect(delivery).toMatchObject({ outcome: "handled", attempts: 2, errors: ["EcrCallError"] });
    expect(audit(h.server, ["team-a/api"])).toEqual({ incomplete: {}, unexpected: [] });
  });

  it("are what saves the repository: with the Paradigm module's 0 retries the same storm loses it", async () => {
    // Arrange
    const h = await start();
    h.server.inject({ operation: "CreateRepository", times: 4, fault: error("ThrottlingException") });

    // Act
    const delivery = await h.deliver(pushEvent("team-a/api"), PARADIGM_INVOKE_CONFIG);

    // Assert
    expect(delivery).toMatchObject({ outcome: "dead-lettered", attempts: 1 });
    expect(audit(h.server, ["team-a/api"]).incomplete).toEqual({ "team-a/api": ["does not exist"] });
  });

  it("end in the dead-letter queue, not in a logged success, when a follow-up call never succeeds", async () => {
    // Arrange
    const h = await start();
    h.server.inject({ operation: "SetRepositoryPolicy", times: Infinity, fault: error("InvalidParameterException") });

    // Act
    const delivery = await h.deliver(pushEvent("team-a/api"), OUR_INVOKE_CONFIG);

    // Assert
    expect(delivery).toMatchObject({ outcome: "dead-lettered", attempts: 3 });
    expect(h.log.entries.map((entry) => entry.decision)).toEqual(["failed", "failed", "failed"]);
    expect(h.log.entries.map((entry) => entry.reason)).toEqual(["settings-incomplete", "heal-failed", "heal-failed"]);
  });
});
