/**
 * What the construct (which writes the function's environment) and the handler (which reads it once, at cold
 * start) agree on: the variable names and their encoding, the settings types, and the tags the function sets.
 */
import type { EncryptionType, ImageTagMutability } from "./ecr-model";

/** Everything a created repository gets. The catch-all settings are complete; per-prefix ones override. */
export interface RepositorySettings {
  /** Tag mutability of the repository (MUTABLE, IMMUTABLE, or either *_WITH_EXCLUSION). */
  readonly imageTagMutability: ImageTagMutability;
  /** Wildcard tag filters for the *_WITH_EXCLUSION mutabilities; empty otherwise. */
  readonly imageTagMutabilityExclusionFilters: readonly string[];
  /** Scan images on push. */
  readonly scanOnPush: boolean;
  /** AES256, or KMS with kmsKey. */
  readonly encryptionType: EncryptionType;
  /** KMS key ARN or id when encryptionType is KMS; null uses the AWS managed key. */
  readonly kmsKey: string | null;
  /** Lifecycle policy JSON text; null puts none. */
  readonly lifecyclePolicy: string | null;
  /** Repository policy JSON text; null sets none. */
  readonly repositoryPolicy: string | null;
  /** Tags on the repository (the function adds created-by and created-for). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Per-prefix overrides. An absent or null field inherits the catch-all value; tags are merged over the
 * catch-all tags. For the two policies, "" means "none for this prefix" (null means inherit).
 */
export type PrefixSettings = { readonly [K in keyof RepositorySettings]?: RepositorySettings[K] | null };

/**
 * A value longer than this is stored as base64 of its gzip (Terraform's base64gzip), so that long prefix lists
 * and policies fit Lambda's 4 KB environment. JSON always starts with "[" or "{"; gzip in base64 with "H4sI".
 */
export const COMPRESS_OVER_CHARS = 1024;
export const GZIP_BASE64_MAGIC = "H4sI";

/** Names of the environment variables the construct sets. Each holds JSON, compressed when long (above). */
export const ENV = {
  /** string[]: the namespaces the function may create under; [] allows every valid name. */
  allowedPrefixes: "ALLOWED_PREFIXES",
  /** string[]: CloudTrail eventName values the function reacts to. */
  eventNames: "EVENT_NAMES",
  /** RepositorySettings: the catch-all settings (ECR's ROOT template). */
  repositorySettings: "REPOSITORY_SETTINGS",
  /** Record<prefix, PrefixSettings>: the most specific matching prefix wins. */
  prefixSettings: "PREFIX_SETTINGS",
  /** string[]: accounts besides the function's own whose pushes may create; ["*"] allows any. */
  allowedPusherAccounts: "ALLOWED_PUSHER_ACCOUNTS",
  /** Plain text, not JSON: "namespace" | "string", what ALLOWED_PREFIXES mean (repository-names.ts PREFIX_MATCHES); absent is "namespace". */
  prefixMatch: "PREFIX_MATCH",
} as const;

/** The longest Lambda keeps retrying an asynchronous event (its maximum event age, AWS-FACTS §6). */
export const MAX_EVENT_AGE_SECONDS = 21_600;
/** How long the dead-letter queue keeps a message: SQS's maximum, so an operator has two weeks to redrive it. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/**
 * The CloudWatch namespace of the function's metrics (handler/metrics.ts), as plain text. Optional: the default
 * applies when it is unset or empty, so a stack that does not set it keeps working.
 */
export const METRICS_NAMESPACE_ENV = "METRICS_NAMESPACE";
export const DEFAULT_METRICS_NAMESPACE = "EcrCreateOnPush";

/** Tag the handler puts on every repository it creates: the function's name. Also marks repositories it may heal. */
export const CREATED_BY_TAG = "created-by";
/** Tag carrying the ARN of the principal whose push caused the creation. */
export const CREATED_FOR_TAG = "created-for";
