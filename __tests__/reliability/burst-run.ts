/**
 * A burst: `names` new repositories, each pushed `duplicates` times, every event delivered at once through
 * Lambda's async retries while ECR throttles the first `throttles` calls. Shared by burst.test.ts and
 * bench/burst.ts, which prints the figures.
 */
import { pushEvent } from "../support/handler-fixtures";
import { type Delivery, OUR_INVOKE_CONFIG } from "./lambda-delivery";
import { audit, type Harness } from "./support";

export interface BurstOptions {
  readonly names: number;
  readonly duplicates: number;
  readonly throttles: number;
}

export interface BurstResult {
  readonly names: readonly string[];
  readonly deliveries: readonly Delivery[];
  readonly audit: ReturnType<typeof audit>;
  readonly figures: {
    readonly events: number;
    readonly repositoriesComplete: number;
    readonly createRepositoryCalls: number;
    readonly throttledCalls: number;
    /** PutLifecyclePolicy and SetRepositoryPolicy calls ECR applied: 2 per repository when no duplicate rewrites one. */
    readonly policyWrites: number;
    /** Invocations beyond the first, summed over events: Lambda's retries used. */
    readonly lambdaRetries: number;
    readonly deadLettered: number;
    /** Invocations that failed, or log lines that failed, because the name already existed. */
    readonly alreadyExistsFailures: number;
    readonly decisions: Readonly<Record<string, number>>;
  };
}

export const burstNames = (count: number) => Array.from({ length: count }, (_, i) => (i % 2 ? `team-a/svc-${i}` : `platform/tools/tool-${i}`));

export async function runBurst(h: Harness, options: BurstOptions): Promise<BurstResult> {
  const names = burstNames(options.names);
  h.server.inject({ times: options.throttles, fault: { kind: "error", errorType: "ThrottlingException" } });
  const events = names.flatMap((name) => Array.from({ length: options.duplicates }, () => pushEvent(name)));
  const deliveries = await Promise.all(events.map((event) => h.deliver(event, OUR_INVOKE_CONFIG)));
  const result = audit(h.server, names);
  const decisions: Record<string, number> = {};
  for (const entry of h.log.entries) decisions[entry.decision] = (decisions[entry.decision] ?? 0) + 1;
  const alreadyExists = (text: string | undefined) => text === "RepositoryAlreadyExistsException";
  return {
    names,
    deliveries,
    audit: result,
    figures: {
      events: events.length,
      repositoriesComplete: names.length - Object.keys(result.incomplete).length,
      createRepositoryCalls: h.server.callsTo("CreateRepository").length,
      throttledCalls: h.server.calls.filter((call) => call.errorType === "ThrottlingException").length,
      policyWrites: h.server.calls.filter((call) => (call.operation === "PutLifecyclePolicy" || call.operation === "SetRepositoryPolicy") && call.status === 200).length,
      lambdaRetries: deliveries.reduce((sum, delivery) => sum + delivery.attempts - 1, 0),
      deadLettered: deliveries.filter((delivery) => delivery.outcome === "dead-lettered").length,
      alreadyExistsFailures:
        deliveries.flatMap((delivery) => delivery.errors).filter(alreadyExists).length +
        h.log.entries.filter((entry) => entry.decision === "failed" && alreadyExists(entry.error?.name)).length,
      decisions,
    },
  };
}
