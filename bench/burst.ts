/**
 * Burst benchmark: `npx tsx bench/burst.ts [names] [events-per-name]` (default 500 10). Prints figures; asserts
 * nothing (__tests__/reliability/burst.test.ts and drain.test.ts assert).
 *
 * 1. Throttling: 100 new names x 3 events delivered at once through a simulation of Lambda's async retries while
 *    the local ECR server throttles the first 600 calls.
 * 2. Drain at the default reserved concurrency of 1: names x events-per-name failed pushes arriving within one
 *    minute, processed one after another by one warm instance, before this change (every duplicate calls ECR) and
 *    after (a duplicate of a name the instance completed makes no call). The real handler decides every event
 *    (at 0 ms ECR latency, so the run takes seconds); each invocation then costs the median duration of its kind
 *    measured with 100 ms per ECR call, plus Lambda's per-invocation overhead (assumed, below).
 */
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { createEcrClient } from "../handler/act";
import { createCompletedRecord } from "../handler/completed";
import { createHandler } from "../handler/handle";
import { runBurst } from "../__tests__/reliability/burst-run";
import { drainAtConcurrencyOne, type InvocationKind } from "../__tests__/reliability/drain";
import { FAKE_CREDENTIALS, SETTINGS, startHarness } from "../__tests__/reliability/support";
import { startEcrServer } from "../__tests__/support/ecr-server";
import { ACCOUNT, CONTEXT, REGION, memoryLogger, pushEvent } from "../__tests__/support/handler-fixtures";

const LATENCY_MS = 100;
const SAMPLES = 7;
/** Lambda's own time between two invocations of one busy instance (queue, invoke, billing). UNCONFIRMED: no published figure. */
const INVOCATION_OVERHEAD_MS = 10;
const ARRIVAL_WINDOW_MS = 60_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median duration of each kind of invocation with LATENCY_MS added to every ECR call, on one warm instance. */
async function durations(): Promise<Record<InvocationKind, number>> {
  const server = await startEcrServer({ account: ACCOUNT, region: REGION, latencyMs: LATENCY_MS });
  const ecr = createEcrClient({ endpoint: server.url, retryStrategy: new ConfiguredRetryStrategy(3, () => 1) });
  const handler = createHandler({ settings: SETTINGS, ecr, log: memoryLogger(), now: Date.now, completed: createCompletedRecord() });
  const time = async (event: unknown) => {
    const started = performance.now();
    await handler(event, CONTEXT);
    return performance.now() - started;
  };
  // Pushes that failed before the measurement began, or (for the path before) a minute after it.
  const begun = Date.now();
  const at = (name: string, offsetMs: number) => {
    const event = pushEvent(name);
    event.detail.eventTime = new Date(begun + offsetMs).toISOString();
    return event;
  };
  try {
    await time(at("team-a/warm-up", -1_000));
    const created: number[] = [];
    const record: number[] = [];
    const read: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) created.push(await time(at(`team-a/measure-${i}`, -1_000)));
    for (let i = 0; i < SAMPLES; i += 1) record.push(await time(at(`team-a/measure-${i}`, -1_000)));
    // A push that failed after the creation completed is not in the record's reach: the path every duplicate took before.
    for (let i = 0; i < SAMPLES; i += 1) read.push(await time(at(`team-a/measure-${i}`, 600_000)));
    return { created: median(created), record: median(record), read: median(read), other: median(read) };
  } finally {
    ecr.destroy();
    await server.close();
  }
}

/** When the last repository exists and when the queue is empty, arrivals spread evenly over one minute. */
function timeline(kinds: readonly InvocationKind[], cost: Record<InvocationKind, number>) {
  let clock = 0;
  let lastCreated = 0;
  kinds.forEach((kind, i) => {
    clock = Math.max(clock, (ARRIVAL_WINDOW_MS * i) / kinds.length) + cost[kind] + INVOCATION_OVERHEAD_MS;
    if (kind === "created") lastCreated = clock;
  });
  return { lastRepositoryMin: +(lastCreated / 60_000).toFixed(1), queueEmptyMin: +(clock / 60_000).toFixed(1) };
}

async function main(): Promise<void> {
  Object.assign(process.env, FAKE_CREDENTIALS);
  const [names = 500, eventsPerName = 10] = process.argv.slice(2).map(Number);
  const rows: [string, unknown][] = [];

  const harness = await startHarness();
  try {
    const started = performance.now();
    const { figures } = await runBurst(harness, { names: 100, duplicates: 3, throttles: 600 });
    rows.push(
      ["-- throttling: 100 names x 3 events at once, first 600 ECR calls throttled", ""],
      ["events delivered", figures.events],
      ["repositories fully configured", `${figures.repositoriesComplete}/100`],
      ["CreateRepository calls", figures.createRepositoryCalls],
      ["calls throttled by ECR (SDK retried)", figures.throttledCalls],
      ["policy writes applied (2 per repository at least)", figures.policyWrites],
      ["Lambda retries used (invocations beyond the first)", figures.lambdaRetries],
      ["events dead-lettered", figures.deadLettered],
      ["failures on 'already exists'", figures.alreadyExistsFailures],
      ["decisions logged", JSON.stringify(figures.decisions)],
      ["wall time (ms, this machine)", Math.round(performance.now() - started)],
    );
  } finally {
    await harness.close();
  }

  const cost = await durations();
  rows.push(
    [`-- drain at reserved concurrency 1: ${names} names x ${eventsPerName} events within 1 minute`, ""],
    [`ms per invocation at ${LATENCY_MS} ms per ECR call: create / duplicate from record / duplicate reading ECR`, `${cost.created.toFixed(1)} / ${cost.record.toFixed(3)} / ${cost.read.toFixed(1)}`],
    ["Lambda overhead per invocation (assumed, UNCONFIRMED)", `${INVOCATION_OVERHEAD_MS} ms`],
  );
  for (const record of [false, true]) {
    const label = record ? "after (record of completed names)" : "before (every duplicate reads ECR)";
    for (const order of ["by-push", "shuffled"] as const) {
      const server = await startEcrServer({ account: ACCOUNT, region: REGION, maxRecordedCalls: 10_000_000 });
      try {
        const { invocations, repositories } = await drainAtConcurrencyOne(server, { names, eventsPerName, record, order });
        const { lastRepositoryMin, queueEmptyMin } = timeline(invocations.map((invocation) => invocation.kind), cost);
        const counts = Object.fromEntries(["created", "record", "read", "other"].map((kind) => [kind, invocations.filter((invocation) => invocation.kind === kind).length]));
        rows.push(
          [`${label}, events ${order}: last of ${names} repositories exists / queue empty after`, `${lastRepositoryMin} / ${queueEmptyMin} min`],
          [`${label}, events ${order}: ECR calls, repositories, invocations by kind`, `${invocations.reduce((sum, invocation) => sum + invocation.ecrCalls, 0)}, ${repositories}, ${JSON.stringify(counts)}`],
        );
      } finally {
        await server.close();
      }
    }
  }
  for (const [label, value] of rows) console.log(value === "" ? label : `${label.padEnd(104)} ${value}`);
}

void main();
