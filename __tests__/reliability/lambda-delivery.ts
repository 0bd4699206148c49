/**
 * Lambda's asynchronous delivery, simulated: an invocation that throws (or outlives the function timeout) is
 * retried after 1 then 2 minutes, up to the configured retries, while the event is younger than the maximum
 * event age; what is left goes to the on-failure destination (AWS-FACTS §6). Time is simulated: the event's
 * age is handed to the invocation (it becomes the handler's clock offset), nothing actually waits a minute.
 */

export interface AsyncInvokeConfig {
  /** 0-2 retries after a function error. */
  readonly maximumRetryAttempts: number;
  /** 60-21600 s; an older event is not retried. */
  readonly maximumEventAgeSeconds: number;
}

/** Our defaults (lib/config.ts): Lambda's maximums, then the dead-letter queue. */
export const OUR_INVOKE_CONFIG: AsyncInvokeConfig = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 };
/** tradeparadigm/terraform-aws-ecr-repo-lambda: 0 retries, events older than 60 s dropped. */
export const PARADIGM_INVOKE_CONFIG: AsyncInvokeConfig = { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 };

/** Seconds Lambda waits before each retry of a function error (AWS-FACTS §6). */
export const RETRY_DELAYS_SECONDS = [60, 120] as const;

export interface Invocation {
  /** 0 for the first attempt. */
  readonly attempt: number;
  /** Simulated age of the event when this attempt starts. */
  readonly ageMs: number;
}

export interface Delivery {
  readonly outcome: "handled" | "dead-lettered";
  readonly attempts: number;
  /** What each failed attempt threw (error name), in order. */
  readonly errors: readonly string[];
  readonly result?: unknown;
}

export const FUNCTION_TIMED_OUT = "Task timed out";

/** Rejects when `promise` outlives `ms` of real time, as Lambda stops an invocation at its timeout. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${FUNCTION_TIMED_OUT} after ${ms} ms`), { name: FUNCTION_TIMED_OUT })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Delivers one event the way Lambda's async invocation does; `invoke` runs the handler once. */
export async function deliverAsync(
  invoke: (invocation: Invocation) => Promise<unknown>,
  config: AsyncInvokeConfig,
  options: {
    readonly functionTimeoutMs: number;
    /** Extra wait before each retry: the retry queued behind a backlog at the reserved concurrency (throttles). */
    readonly backlogSeconds?: number;
  },
): Promise<Delivery> {
  const errors: string[] = [];
  let ageMs = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await withTimeout(invoke({ attempt, ageMs }), options.functionTimeoutMs);
      return { outcome: "handled", attempts: attempt + 1, errors, result };
    } catch (error) {
      errors.push(error instanceof Error ? error.name : String(error));
    }
    const delay = RETRY_DELAYS_SECONDS[attempt];
    if (attempt >= config.maximumRetryAttempts || delay === undefined) break;
    ageMs += (delay + (options.backlogSeconds ?? 0)) * 1000;
    if (ageMs > config.maximumEventAgeSeconds * 1000) break;
  }
  return { outcome: "dead-lettered", attempts: errors.length, errors };
}
