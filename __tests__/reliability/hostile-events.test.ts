/**
 * No input makes the function create what it should not: hand-written hostile events and generated ones,
 * through the real handler and SDK against the local ECR server, which counts every write.
 * bench/hostile-events.ts runs the generated part at >= 10,000 events and prints the figures.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatEntry } from "../../handler/log";
import type { SkipReason } from "../../handler/parse";
import { CONTEXT, pushEvent } from "../support/handler-fixtures";
import { HOSTILE_EVENTS } from "./hostile-corpus";
import { eventArbitrary, nameToCreate, observe, violations } from "./hostile-generator";
import { startHarness, writes, type Harness } from "./support";
import { fakeCredentialsPerFile } from "../support/per-test";

const GENERATED_RUNS = 1_000;

let harness: Harness;
fakeCredentialsPerFile();
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => harness.close());

describe("hand-written hostile events", () => {
  it("holds at least 40 distinct cases, each one the oracle also rejects", () => {
    // Arrange
    const names = HOSTILE_EVENTS.map((entry) => entry.name);

    // Act
    const acceptedByOracle = HOSTILE_EVENTS.filter((entry) => nameToCreate(entry.event()) !== undefined).map((entry) => entry.name);

    // Assert
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(new Set(names).size).toBe(names.length);
    expect(acceptedByOracle).toEqual([]);
  });

  it.each(HOSTILE_EVENTS.map((entry) => [entry.name, entry] as const))("skips %s without writing to ECR and logs why", async (_, entry) => {
    // Arrange
    const event = entry.event();

    // Act
    const observation = await observe(harness, event);

    // Assert
    expect(violations(observation)).toEqual([]);
    expect(observation.outcome).toMatchObject({ decision: "skipped", reason: entry.reason });
    expect(observation.logs).toEqual([expect.objectContaining({ decision: "skipped", reason: entry.reason satisfies SkipReason, detail: expect.any(String) })]);
    expect(writes(harness.server)).toEqual([]);
  });

  it("creates exactly the pushed name when a valid event carries a hostile principal, with a bounded, sanitised tag", async () => {
    // Arrange
    const event = pushEvent("team-a/api");
    event.detail.userIdentity.arn = `arn:aws:iam::111122223333:user/x\n{"decision":"created","repository":"prod/db"}${"a".repeat(10_000)}`;

    // Act
    const observation = await observe(harness, event);

    // Assert
    expect(violations(observation)).toEqual([]);
    expect([...harness.server.repositories.keys()]).toEqual(["team-a/api"]);
    const createdFor = harness.server.repositories.get("team-a/api")?.tags["created-for"] ?? "";
    expect(createdFor.length).toBeLessThanOrEqual(256);
    expect(createdFor).not.toMatch(/[\n"{}]/);
    const lines = observation.logs.map((entry) => formatEntry(entry, new Date(0), { service: "create-ecr-repo-eu-west-1", namespace: "EcrCreateOnPush" }));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(2_000);
    expect(lines[0]).not.toContain("\n");
  });

  it("treats a bad Lambda context as a crash before any ECR call, so the event is retried, never half-handled", async () => {
    // Arrange
    const event = pushEvent("team-a/api");

    // Act
    const attempt = harness.invoke(event, { ...CONTEXT, invokedFunctionArn: "not-an-arn" });

    // Assert
    await expect(attempt).rejects.toThrow(/12-digit account id/);
    expect(harness.server.calls).toEqual([]);
  });
});

describe(`${GENERATED_RUNS} generated events`, () => {
  it("write to ECR only for events the oracle accepts, and then only to the pushed name; never crash or hang; log every skip with a reason", async () => {
    // Arrange
    const tally = { invalid: 0, valid: 0 };

    // Act
    const run = fc.assert(
      fc.asyncProperty(eventArbitrary, async (event) => {
        const observation = await observe(harness, event);
        tally[observation.expected === undefined ? "invalid" : "valid"] += 1;
        expect(violations(observation)).toEqual([]);
      }),
      { numRuns: GENERATED_RUNS, seed: 20_260_806, endOnFailure: true },
    );

    // Assert
    await expect(run).resolves.toBeUndefined();
    // The generator must exercise both sides, or the property proves nothing.
    expect(tally.invalid).toBeGreaterThan(GENERATED_RUNS / 2);
    expect(tally.valid).toBeGreaterThan(GENERATED_RUNS / 50);
  });
});
