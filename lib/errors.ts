/** One problem with one input, found before any resource exists. */
export interface ConfigIssue {
  /** Stable code for tests and tooling, e.g. "retention.invalid". */
  readonly code: string;
  /** The input, in the construct's camelCase (with the path for nested values). */
  readonly input: string;
  /** `<input>: <bad value> <what is wrong>; <what is allowed>` */
  readonly message: string;
}

/** A lifecycle precondition: a problem Terraform finds at plan: a Terraform condition and the message when it fails. */
export interface Precondition {
  readonly condition: unknown;
  readonly errorMessage: string;
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
  /** The problems, each once; the message lists the same ones. */
  declare readonly issues: readonly ConfigIssue[];
  /** The construct path of the instance they are about (`registry/ecr-west`), when there is one. */
  declare readonly path: string | undefined;

  constructor(issues: readonly ConfigIssue[], path?: string) {
    super(`${path ?? "ecr-create-on-push"}: ${issues.length} invalid input${issues.length === 1 ? "" : "s"}:\n${issues.map((i) => `  - ${i.message}`).join("\n")}`);
    // Not enumerable: Node prints an uncaught error's own enumerable fields after its stack, which would list
    // every problem a second time.
    Object.defineProperty(this, "issues", { value: issues, enumerable: false });
    Object.defineProperty(this, "path", { value: path, enumerable: false });
  }
}

/** The handler could not be bundled. */
export class BundleError extends EcrCreateOnPushError {}
