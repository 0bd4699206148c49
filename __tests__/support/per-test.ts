/**
 * Per-file and per-test setup for the suites that run a handler against the local ECR server. Apart from the
 * harnesses themselves (integration/support.ts, reliability/support.ts), which bench/ scripts import too and which
 * therefore must not load vitest.
 */
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { FAKE_CREDENTIALS_ENV } from "../integration/support";

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
