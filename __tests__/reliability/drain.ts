/**
 * A burst drained at reserved concurrency 1: every event goes, one after another, to the same warm instance (the
 * real handler and client against the local ECR server). Shared by drain.test.ts and bench/burst.ts, which turns
 * each invocation's kind into time with durations measured at a realistic ECR latency.
 */
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { createEcrClient } from "../../handler/act";
import { createCompletedRecord } from "../../handler/completed";
import { createHandler } from "../../handler/handle";
import type { EcrServer } from "../support/ecr-server";
import { CONTEXT, memoryLogger, pushEvent } from "../support/handler-fixtures";
import { burstNames } from "./burst-run";
import { SETTINGS } from "./support";

/** What an invocation did, by the handler's own log: created, found done in its record, or read ECR to find it done. */
export type InvocationKind = "created" | "record" | "read" | "other";

export interface DrainOptions {
  readonly names: number;
  readonly eventsPerName: number;
  /** The instance keeps its record of completed names (this change); false is the path before it. */
  readonly record: boolean;
  /** Seed of the arrival order. */
  readonly seed?: number;
  /**
   * "shuffled": the events of all names mixed at random; "by-push": each push's events together (its layers and
   * attempts come within seconds), pushes in random order. The last repository is created latest "by-push".
   */
  readonly order?: "shuffled" | "by-push";
}

export interface Drain {
  /** Per event, in processing order: its kind and the ECR calls it made. */
  readonly invocations: readonly { readonly name: string; readonly kind: InvocationKind; readonly ecrCalls: number }[];
  readonly repositories: number;
}

/** A small deterministic PRNG (mulberry32), so two runs shuffle the same way. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `names` x `eventsPerName` failed pushes, all from before the drain starts, in a shuffled arrival order. */
function burstEvents(names: number, eventsPerName: number, seed = 12, order: DrainOptions["order"] = "shuffled"): { name: string; event: unknown }[] {
  const next = random(seed);
  const failedAt = new Date(Date.now() - 60_000).toISOString();
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  const repeat = (name: string) => Array.from({ length: eventsPerName }, () => name);
  const events = order === "by-push" ? shuffle(burstNames(names)).flatMap(repeat) : shuffle(burstNames(names).flatMap(repeat));
  return events.map((name) => {
    const event = pushEvent(name);
    event.detail.eventTime = failedAt;
    return { name, event };
  });
}

function kindOf(entry: { decision: string; reason?: string | undefined } | undefined): InvocationKind {
  if (entry?.decision === "created") return "created";
  if (entry?.decision === "exists") return entry.reason === "completed-by-this-instance" ? "record" : "read";
  return "other";
}

export async function drainAtConcurrencyOne(server: EcrServer, options: DrainOptions): Promise<Drain> {
  const ecr = createEcrClient({ endpoint: server.url, retryStrategy: new ConfiguredRetryStrategy(3, () => 1) });
  const log = memoryLogger();
  const handler = createHandler({ settings: SETTINGS, ecr, log, now: Date.now, ...(options.record ? { completed: createCompletedRecord() } : {}) });
  const invocations: Drain["invocations"][number][] = [];
  try {
    for (const { name, event } of burstEvents(options.names, options.eventsPerName, options.seed, options.order)) {
      const before = server.calls.length;
      await handler(event, CONTEXT);
      invocations.push({ name, kind: kindOf(log.entries.at(-1)), ecrCalls: server.calls.length - before });
    }
  } finally {
    ecr.destroy();
  }
  return { invocations, repositories: server.repositories.size };
}
