/**
 * Burst benchmark: `npx tsx bench/burst.ts [names] [duplicates] [throttles]` (default 100 3 600). Every event
 * is delivered at once through a simulation of Lambda's async retries while the local ECR server throttles
 * the first calls. Prints figures; asserts nothing (__tests__/reliability/burst.test.ts asserts).
 */
import { runBurst } from "../__tests__/reliability/burst-run";
import { FAKE_CREDENTIALS, startHarness } from "../__tests__/reliability/support";

async function main(): Promise<void> {
  Object.assign(process.env, FAKE_CREDENTIALS);
  const [names = 100, duplicates = 3, throttles = 600] = process.argv.slice(2).map(Number);
  const harness = await startHarness();
  const started = performance.now();
  try {
    const { figures } = await runBurst(harness, { names, duplicates, throttles });
    const rows: [string, unknown][] = [
      ["events delivered", figures.events],
      ["repositories fully configured", `${figures.repositoriesComplete}/${names}`],
      ["CreateRepository calls", figures.createRepositoryCalls],
      ["calls throttled by ECR (SDK retried)", figures.throttledCalls],
      ["policy writes applied (2 per repository at least)", figures.policyWrites],
      ["Lambda retries used (invocations beyond the first)", figures.lambdaRetries],
      ["events dead-lettered", figures.deadLettered],
      ["failures on 'already exists'", figures.alreadyExistsFailures],
      ["decisions logged", JSON.stringify(figures.decisions)],
      ["wall time (ms, this machine)", Math.round(performance.now() - started)],
    ];
    for (const [label, value] of rows) console.log(`${label.padEnd(52)} ${value}`);
  } finally {
    await harness.close();
  }
}

void main();
