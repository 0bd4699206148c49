/**
 * One base class for every error the handler raises on purpose. Each keeps the original `cause`, so the
 * log line and the dead-letter queue show what AWS (or the environment) actually said. Its `name` is what Lambda
 * reports as the error type (the Errors metric, the on-failure record's errorType): see nameErrorClasses.
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

/**
 * Gives each class its own name as data. The zip is minified, which renames classes (`new.target.name` read "bt"
 * for ConfigError and "cr" for EcrCallError); object keys survive minification, so the names set here are what every
 * instance reports. Cheaper than esbuild's keepNames, which would keep every name of the SDK too (about 4.5 KB of
 * zip, parsed at each cold start). __tests__/integration/bundled-function.test.ts reads the names from the zip.
 */
export function nameErrorClasses(classes: Readonly<Record<string, abstract new (...args: never[]) => Error>>): void {
  for (const [name, type] of Object.entries(classes)) Object.defineProperty(type, "name", { value: name });
}

nameErrorClasses({ CreateOnPushError, ConfigError, ContextError, OutOfTimeError, EcrCallError });
