/** One problem with one input, found before any resource exists. */
export interface ConfigIssue {
  /** Stable code for tests and tooling, e.g. "retention.invalid". */
  readonly code: string;
  /** The input, in the construct's camelCase (with the path for nested values). */
  readonly input: string;
  /** `<input>: <bad value> <what is wrong>; <what is allowed>` */
  readonly message: string;
}

/** Base of every error this library throws; keeps the underlying `cause`. */
export class EcrCreateOnPushError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Every configuration problem at once, so a user fixes them in one pass. */
export class ConfigError extends EcrCreateOnPushError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(`ecr-create-on-push: ${issues.length} invalid input${issues.length === 1 ? "" : "s"}:\n${issues.map((i) => `  - ${i.message}`).join("\n")}`);
    this.issues = issues;
  }
}

/** The handler could not be bundled. */
export class BundleError extends EcrCreateOnPushError {}
