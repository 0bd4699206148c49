/** Wiring for integration tests: the real ECR client, fake credentials, the local server, fast retries. */
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { createEcrClient } from "../../handler/act";
import type { CompletedRecord } from "../../handler/completed";
import { createHandler } from "../../handler/handle";
import { loadSettings } from "../../handler/settings";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, REGION, handlerEnv, memoryLogger, type EnvOptions } from "../support/handler-fixtures";

/** Attempts per call, as the SDK counts them (first try included). */
export const ATTEMPTS = 3;

export const FAKE_CREDENTIALS_ENV = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_SESSION_TOKEN: "",
  AWS_REGION: REGION,
  AWS_PROFILE: "",
} as const;

export interface Harness {
  readonly server: EcrServer;
  readonly log: ReturnType<typeof memoryLogger>;
  readonly handler: ReturnType<typeof createHandler>;
  close(): Promise<void>;
}

export async function startHarness(env: EnvOptions = {}, options: { requestTimeoutMs?: number; healWindowMs?: number; now?: () => number; completed?: CompletedRecord } = {}): Promise<Harness> {
  const server = await startEcrServer({ account: ACCOUNT, region: REGION });
  const ecr = createEcrClient({
    endpoint: server.url,
    // Same strategy as production (standard retries of throttling, 5xx, timeouts), with a tiny delay.
    retryStrategy: new ConfiguredRetryStrategy(ATTEMPTS, (attempt) => 5 * attempt),
    requestHandler: { connectionTimeout: 1_000, requestTimeout: options.requestTimeoutMs ?? 2_000, throwOnRequestTimeout: true },
  });
  const log = memoryLogger();
  const handler = createHandler({
    settings: loadSettings(handlerEnv(env)),
    ecr,
    log,
    now: options.now ?? Date.now,
    ...(options.healWindowMs === undefined ? {} : { healWindowMs: options.healWindowMs }),
    ...(options.completed === undefined ? {} : { completed: options.completed }),
  });
  return {
    server,
    log,
    handler,
    async close() {
      ecr.destroy();
      await server.close();
    },
  };
}

/** For a test file: fake credentials in the environment while it runs (the SDK reads them). */
export function fakeCredentialsPerFile(): void {
  beforeAll(() => {
    for (const [name, value] of Object.entries(FAKE_CREDENTIALS_ENV)) vi.stubEnv(name, value);
  });
  afterAll(() => vi.unstubAllEnvs());
}

/**
 * For a test file: fake credentials while it runs, and a harness per test, started by `start` (with `startOne`:
 * this folder's harness or the reliability one) and closed after the test. `current` is the running one.
 */
export function harnessPerTest<A extends unknown[], H extends { close(): Promise<void> }>(startOne: (...args: A) => Promise<H>): { start: (...args: A) => Promise<H>; current: () => H } {
  let harness: H | undefined;
  fakeCredentialsPerFile();
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return {
    start: async (...args) => (harness = await startOne(...args)),
    current: () => {
      if (!harness) throw new Error("no harness is running; call start() first");
      return harness;
    },
  };
}

