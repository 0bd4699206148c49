/** Wiring for integration tests: the real ECR client, fake credentials, the local server, fast retries. */
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

