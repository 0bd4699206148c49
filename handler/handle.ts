/**
 * The pipeline, with its dependencies passed in: index.ts wires the real ones at cold start, tests wire a
 * client pointed at the local ECR server.
 */
import { act, type ActDeps, type Outcome } from "./act";
import type { StsDeps } from "./caller-identity";
import { decide } from "./decide";
import { isEnsureRequest, planEnsure } from "./ensure";
import { stsEndpoint } from "./ensure-request";
import { ContextError, OutOfTimeError } from "./errors";
import { ACCOUNT_ID_PATTERN } from "./event-filters";
import { type Logger, traceIdOf } from "./log";
import { parsePushFailure } from "./parse";
import type { HandlerSettings } from "./settings";

/** The part of the Lambda context the handler reads. */
export interface LambdaContext {
  readonly invokedFunctionArn: string;
  readonly awsRequestId?: string;
  /** Milliseconds before Lambda stops this invocation. Lambda's context always has it; a test's may not. */
  readonly getRemainingTimeInMillis?: () => number;
}

/**
 * Time kept back from Lambda's timeout to log "failed" and throw. Killed at the timeout, an invocation leaves no
 * log line; the SDK's retries alone (3 attempts x 3 s, in two phases) can outlast a 10 s function.
 */
export const DEADLINE_MARGIN_MS = 500;

export interface HandlerDeps extends Omit<ActDeps, "requestId" | "signal"> {
  readonly settings: HandlerSettings;
  /** This invocation's X-Ray header (Lambda's _X_AMZN_TRACE_ID, which changes per invocation); none outside Lambda. */
  readonly traceHeader?: () => string | undefined;
  /** Where ensure requests' identities are verified; STS's regional endpoint when absent (index.ts reads the environment). */
  readonly sts?: StsDeps;
}

/** The function's own account: the 5th field of arn:partition:lambda:region:account:function:name. */
export function accountOf(context: LambdaContext | undefined): string {
  const account = context?.invokedFunctionArn?.split(":")[4];
  if (account === undefined || !ACCOUNT_ID_PATTERN.test(account)) {
    throw new ContextError(`context.invokedFunctionArn ${JSON.stringify(context?.invokedFunctionArn)} carries no 12-digit account id`);
  }
  return account;
}

/** A signal that aborts DEADLINE_MARGIN_MS before the invocation runs out of time; none without Lambda's clock. */
export function invocationDeadline(context: LambdaContext | undefined): { readonly signal: AbortSignal | undefined; clear(): void } {
  const remainingMs = typeof context?.getRemainingTimeInMillis === "function" ? context.getRemainingTimeInMillis() : Number.NaN;
  if (!Number.isFinite(remainingMs)) return { signal: undefined, clear: () => undefined };
  const controller = new AbortController();
  const budgetMs = Math.max(0, remainingMs - DEADLINE_MARGIN_MS);
  const timer = setTimeout(() => controller.abort(new OutOfTimeError(`${remainingMs} ms were left at the start; stopped after ${budgetMs} ms, keeping ${DEADLINE_MARGIN_MS} ms to log and throw`)), budgetMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

export function createHandler(deps: HandlerDeps) {
  const { settings } = deps;
  // One handler per execution environment (index.ts builds it at init), so its first call is the cold start.
  let coldStart = true;
  return async (event: unknown, context: LambdaContext): Promise<Outcome> => {
    const started = deps.now();
    const invocation = { requestId: context?.awsRequestId, coldStart, traceId: traceIdOf(deps.traceHeader?.()) };
    coldStart = false;
    const ensure = isEnsureRequest(event);
    // An ensure's records say so, for the queries that count what `push --ensure` created.
    const log: Logger = (entry) => deps.log(ensure ? { ...entry, trigger: "ensure" } : entry, { ...invocation, durationMs: deps.now() - started });
    const deadline = invocationDeadline(context);
    try {
      const expectations = { account: accountOf(context), region: settings.region, eventNames: settings.eventNames };
      const plan = ensure
        ? await planEnsure(event, expectations, (parsed) => decide(parsed, settings), {
            sts: deps.sts ?? { endpoint: stsEndpoint({}, settings.region) },
            functionName: settings.functionName,
            now: deps.now,
            log,
            signal: deadline.signal,
          })
        : decide(parsePushFailure(event, expectations), settings);
      const outcome = await act(plan, { ...deps, log, requestId: context.awsRequestId, signal: deadline.signal });
      // The caller of an ensure prints why it was refused; an event's outcome stays as it was.
      return ensure && plan.kind === "skip" ? { ...outcome, detail: plan.detail } : outcome;
    } finally {
      deadline.clear();
    }
  };
}
