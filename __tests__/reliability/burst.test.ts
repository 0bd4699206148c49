/**
 * No burst drops an event: 100 new names x 3 duplicate events, delivered concurrently while ECR throttles.
 * bench/burst.ts prints the retries this takes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runBurst } from "./burst-run";
import { startHarness, type Harness } from "./support";
import { fakeCredentialsPerFile } from "../support/per-test";

let harness: Harness | undefined;
fakeCredentialsPerFile();
afterEach(async () => harness?.close());

describe("a burst of 100 new names x 3 duplicate events with throttling on", () => {
  it("creates 100/100 repositories, each fully configured and none twice, with no invocation failing on 'already exists'", async () => {
    // Arrange
    // The verdict is about outcomes, not speed: timeouts far above any queueing a loaded CPU causes (a machine at
    // load 12 on 2 cores once timed out 28 repositories' calls at 5 s).
    harness = await startHarness({ requestTimeoutMs: 120_000, functionTimeoutMs: 300_000 });

    // Act
    const { figures, audit, names } = await runBurst(harness, { names: 100, duplicates: 3, throttles: 600 });

    // Assert
    expect(audit).toEqual({ incomplete: {}, unexpected: [] });
    expect(harness.server.repositories.size).toBe(names.length);
    expect(harness.server.callsTo("CreateRepository").filter((call) => call.status === 200)).toHaveLength(names.length);
    expect(figures).toMatchObject({ events: 300, repositoriesComplete: 100, deadLettered: 0, alreadyExistsFailures: 0 });
    // The storm really happened: the SDK or Lambda had to retry.
    expect(figures.throttledCalls).toBe(600);
  }, 600_000);
});
