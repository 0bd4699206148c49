/**
 * One JSON line per decision. Strings are bounded so a hostile event cannot flood the logs, and the event
 * itself is never written: only the fields a person needs to follow one push.
 */
export type Decision = "created" | "exists" | "healed" | "skipped" | "failed";

export interface DecisionEntry {
  readonly decision: Decision;
  readonly repository?: string | undefined;
  readonly principal?: string | undefined;
  /** A stable code (e.g. "outside-allowed-prefixes", "created-by-other") for queries and tests. */
  readonly reason?: string | undefined;
  /** Human-readable explanation of the reason. */
  readonly detail?: string | undefined;
  readonly eventId?: string | undefined;
  readonly requestId?: string | undefined;
  readonly settingsPrefix?: string | undefined;
  /** For a push from an account not allowed to create: who pushed, and whose registry it is. */
  readonly pusherAccount?: string | undefined;
  readonly registryAccount?: string | undefined;
  readonly error?: { readonly operation: string; readonly name: string; readonly message: string; readonly transient: boolean } | undefined;
  /** Milliseconds per step and in total. */
  readonly durations?: Readonly<Record<string, number>> | undefined;
}

export type Logger = (entry: DecisionEntry) => void;

const STRING_MAX = 300;

function bounded(value: unknown): unknown {
  if (typeof value === "string") return value.length > STRING_MAX ? `${value.slice(0, STRING_MAX)}...(${value.length} chars)` : value;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, bounded(inner)]));
  }
  return value;
}

export function formatEntry(entry: DecisionEntry, time: Date): string {
  const level = entry.decision === "failed" ? "ERROR" : "INFO";
  return JSON.stringify({ level, time: time.toISOString(), ...(bounded(entry) as object) });
}

/** Writes straight to stdout: Lambda ships each line to CloudWatch as it is, with no text prefix. */
export const jsonLogger: Logger = (entry) => {
  process.stdout.write(`${formatEntry(entry, new Date())}\n`);
};
