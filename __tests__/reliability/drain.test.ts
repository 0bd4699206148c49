/**
 * A burst at reserved concurrency 1, one warm instance: duplicates of names it created and completed cost no ECR
 * call, and every repository still ends complete. bench/burst.ts turns these counts into the drain time.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, REGION } from "../support/handler-fixtures";
import { burstNames } from "./burst-run";
import { drainAtConcurrencyOne } from "./drain";
import { audit } from "./support";
import { fakeCredentialsPerFile } from "../support/per-test";

let server: EcrServer | undefined;
fakeCredentialsPerFile();
afterEach(async () => server?.close());

const count = (kinds: readonly { kind: string }[], kind: string) => kinds.filter((invocation) => invocation.kind === kind).length;

describe("50 new names x 10 events drained by one warm instance", () => {
  it("answers the 450 duplicates from its record, with no ECR call, and completes every repository", async () => {
    // Arrange
    server = await startEcrServer({ account: ACCOUNT, region: REGION, maxRecordedCalls: 1_000_000 });

    // Act
    const { invocations } = await drainAtConcurrencyOne(server, { names: 50, eventsPerName: 10, record: true });

    // Assert
    expect([count(invocations, "created"), count(invocations, "record"), count(invocations, "read")]).toEqual([50, 450, 0]);
    expect(invocations.filter((invocation) => invocation.kind === "record").every((invocation) => invocation.ecrCalls === 0)).toBe(true);
    expect(audit(server, burstNames(50))).toEqual({ incomplete: {}, unexpected: [] });
  });

  it("reads ECR for every duplicate without the record (the path before)", async () => {
    // Arrange
    server = await startEcrServer({ account: ACCOUNT, region: REGION, maxRecordedCalls: 1_000_000 });

    // Act
    const { invocations } = await drainAtConcurrencyOne(server, { names: 50, eventsPerName: 10, record: false });

    // Assert
    expect([count(invocations, "created"), count(invocations, "record"), count(invocations, "read")]).toEqual([50, 0, 450]);
    expect(invocations.filter((invocation) => invocation.kind === "read").every((invocation) => invocation.ecrCalls === 5)).toBe(true);
  });
});
