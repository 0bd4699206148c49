/**
 * One JSON record per decision, which is also the decision's metrics (metrics.ts). Strings are bounded so a hostile
 * event cannot flood the logs, and the event itself is never written: only the fields a person needs to follow one
 * push. Beside ours, the keys Powertools for AWS Lambda writes (AWS-FACTS §15), so the queries people already have
 * for their other functions work here too.
 */
import { metricMembers } from "./metrics";

export type Decision = "created" | "exists" | "healed" | "skipped" | "failed";

/** Lambda's application log levels, least severe first (its logging config; AWS_LAMBDA_LOG_LEVEL at run time). */
export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A failure is an error; every other decision is the function doing its job. */
export const DECISION_LEVEL: Readonly<Record<Decision, LogLevel>> = { created: "INFO", exists: "INFO", healed: "INFO", skipped: "INFO", failed: "ERROR" };

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
  readonly error?: ErrorFields | undefined;
  /** "ensure" for a request from `push --ensure`; absent for a push event. */
  readonly trigger?: "ensure" | undefined;
  /** Milliseconds per step and in total. */
  readonly durations?: Readonly<Record<string, number>> | undefined;
}

/** What a failed call said, with what AWS support asks for: its request id, the HTTP status, the SDK's attempts. */
export interface ErrorFields {
  readonly operation: string;
  readonly name: string;
  readonly message: string;
  readonly transient: boolean;
  readonly awsRequestId?: string | undefined;
  readonly httpStatusCode?: number | undefined;
  readonly attempts?: number | undefined;
}

/** The invocation a record belongs to. */
export interface Invocation {
  /** Lambda's request id (context.awsRequestId). */
  readonly requestId: string | undefined;
  /** Whether this is the first invocation of the execution environment. */
  readonly coldStart: boolean;
  /** The X-Ray trace id (the Root of _X_AMZN_TRACE_ID), when the invocation has one. */
  readonly traceId: string | undefined;
  /** Milliseconds from the start of the invocation. */
  readonly durationMs: number;
}

/** The second argument is absent only where no invocation exists (tests that build entries by hand). */
export type Logger = (entry: DecisionEntry, invocation?: Invocation) => void;

export interface LogSettings {
  /** The `service` key and metric dimension: the function's name. */
  readonly service: string;
  readonly namespace: string;
  /** Records below it are not written (Lambda would drop them anyway, after paying for them). */
  readonly level: LogLevel;
}

const STRING_MAX = 300;

function bounded(value: unknown): unknown {
  if (typeof value === "string") return value.length > STRING_MAX ? `${value.slice(0, STRING_MAX)}...(${value.length} chars)` : value;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, bounded(inner)]));
  }
  return value;
}

/** The record's `message`: what happened to which repository, in one phrase. */
export function messageOf(entry: DecisionEntry): string {
  const subject = entry.repository ?? "an event without a repository name";
  const reason = entry.reason === undefined ? "" : `: ${entry.reason}`;
  const error = entry.error === undefined ? "" : ` (${entry.error.operation}: ${entry.error.name})`;
  return `${entry.decision} ${subject}${reason}${error}`;
}

const NO_INVOCATION: Invocation = { requestId: undefined, coldStart: false, traceId: undefined, durationMs: 0 };

export function formatEntry(entry: DecisionEntry, time: Date, settings: Pick<LogSettings, "service" | "namespace">, invocation: Invocation = NO_INVOCATION): string {
  const record = {
    timestamp: time.toISOString(),
    level: DECISION_LEVEL[entry.decision],
    message: messageOf(entry),
    service: settings.service,
    cold_start: invocation.coldStart,
    ...(invocation.requestId === undefined ? {} : { function_request_id: invocation.requestId }),
    ...(invocation.traceId === undefined ? {} : { xray_trace_id: invocation.traceId }),
    ...(entry as object),
  };
  const metrics = metricMembers({
    namespace: settings.namespace,
    service: settings.service,
    decision: entry.decision,
    reason: entry.reason,
    durationMs: invocation === NO_INVOCATION ? (entry.durations?.totalMs ?? 0) : invocation.durationMs,
    timestamp: time,
  });
  return JSON.stringify({ ...(bounded(record) as object), ...metrics });
}

const RANK = new Map<LogLevel, number>(LOG_LEVELS.map((level, rank) => [level, rank]));

/** Whether a record at `level` is written when the function's level is `threshold`. */
export const isLogged = (level: LogLevel, threshold: LogLevel): boolean => RANK.get(level)! >= RANK.get(threshold)!;

/**
 * Writes straight to stdout: Lambda ships each JSON line as it is (console.* would wrap it in its own record, and
 * CloudWatch would no longer see the metrics), and filters by our `level` key.
 */
export function createJsonLogger(settings: LogSettings, write: (line: string) => void = (line) => void process.stdout.write(line)): Logger {
  return (entry, invocation) => {
    if (!isLogged(DECISION_LEVEL[entry.decision], settings.level)) return;
    write(`${formatEntry(entry, new Date(), settings, invocation)}\n`);
  };
}

/** The X-Ray trace id in Lambda's _X_AMZN_TRACE_ID ("Root=1-...;Parent=...;Sampled=1"), as Powertools logs it. */
export function traceIdOf(header: string | undefined): string | undefined {
  const root = header?.split(";").find((part) => part.startsWith("Root="));
  return root === undefined ? undefined : root.slice("Root=".length) || undefined;
}
