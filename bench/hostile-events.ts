/**
 * Hostile-event benchmark: `npx tsx bench/hostile-events.ts [events] [seed]` (default 10000). Generated events
 * (__tests__/reliability/hostile-generator.ts) through the real handler and SDK against the local ECR server,
 * one at a time. Prints figures; asserts nothing (the suite runs a 1,000-event sample and asserts).
 */
import fc from "fast-check";
import { eventArbitrary, observe, violations } from "../__tests__/reliability/hostile-generator";
import { FAKE_CREDENTIALS, startHarness } from "../__tests__/reliability/support";

async function main(): Promise<void> {
  Object.assign(process.env, FAKE_CREDENTIALS);
  const count = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? 20_260_806);
  const events = fc.sample(eventArbitrary, { numRuns: count, seed });
  const harness = await startHarness();
  const tally = { invalid: 0, valid: 0, writesForInvalid: 0, writesForValid: 0, crashes: 0, hangs: 0, skipsLoggedWithReason: 0, violations: 0 };
  const reasons: Record<string, number> = {};
  const firstViolations: string[] = [];
  const started = performance.now();
  try {
    for (const event of events) {
      const o = await observe(harness, event);
      const writes = o.calls.filter((call) => call.write).length;
      if (o.expected === undefined) {
        tally.invalid += 1;
        tally.writesForInvalid += writes;
      } else {
        tally.valid += 1;
        tally.writesForValid += writes;
      }
      if (o.crash) tally.crashes += 1;
      if (o.hang) tally.hangs += 1;
      for (const entry of o.logs) {
        const key = `${entry.decision}${entry.reason ? `:${entry.reason}` : ""}`;
        reasons[key] = (reasons[key] ?? 0) + 1;
        if (entry.decision === "skipped" && entry.reason) tally.skipsLoggedWithReason += 1;
      }
      const found = violations(o);
      if (found.length > 0) {
        tally.violations += 1;
        if (firstViolations.length < 5) firstViolations.push(found.join("; "));
      }
    }
  } finally {
    await harness.close();
  }
  const rows: [string, unknown][] = [
    ["events tried", events.length],
    ["invalid (oracle: create nothing)", tally.invalid],
    ["valid (oracle: create the pushed name)", tally.valid],
    ["ECR writes for invalid events", tally.writesForInvalid],
    ["ECR writes for valid events", tally.writesForValid],
    ["crashes", tally.crashes],
    ["hangs (> 5 s)", tally.hangs],
    ["skips logged with a reason", `${tally.skipsLoggedWithReason}/${tally.invalid}`],
    ["events violating the oracle", tally.violations],
    ["wall time (ms, this machine)", Math.round(performance.now() - started)],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(40)} ${value}`);
  console.log("logged decisions and reasons:");
  for (const [reason, n] of Object.entries(reasons).sort((a, b) => b[1] - a[1])) console.log(`  ${reason.padEnd(38)} ${n}`);
  for (const violation of firstViolations) console.log(`VIOLATION ${violation}`);
}

void main();
