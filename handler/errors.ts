/**
 * One base class for every error the handler raises on purpose. Each keeps the original `cause`, so the
 * log line and the dead-letter queue show what AWS (or the environment) actually said.
 */
export class CreateOnPushError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A function environment variable is missing or malformed. Raised at init, so the function never runs. */
export class ConfigError extends CreateOnPushError {
  constructor(
    readonly variable: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${variable}: ${problem}`, options);
  }
}

/** The Lambda context lacks what the handler needs (the account id of the function). */
export class ContextError extends CreateOnPushError {}

/**
 * The invocation was about to reach Lambda's timeout: the reason its ECR calls were aborted. The handler still
 * logs the failure and throws, which a kill at the timeout would not allow.
 */
export class OutOfTimeError extends CreateOnPushError {}

/**
 * An ECR call failed after the SDK's own retries. Always thrown out of the handler: Lambda retries it, and
 * what never succeeds lands in the dead-letter queue. `transient` only says whether a retry may help.
 */
export class EcrCallError extends CreateOnPushError {
  constructor(
    readonly operation: string,
    readonly repository: string,
    readonly errorName: string,
    readonly transient: boolean,
    options: { cause: unknown },
  ) {
    super(`${operation} for ${repository} failed: ${errorName}${transient ? " (transient)" : ""}`, options);
  }
}
