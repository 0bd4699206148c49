/**
 * The contract between the construct (which writes the function's environment) and the handler (which
 * reads it once, at cold start). Types only, plus the variable names: both sides import this file.
 */

export const IMAGE_TAG_MUTABILITIES = ["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"] as const;
export type ImageTagMutability = (typeof IMAGE_TAG_MUTABILITIES)[number];

export const ENCRYPTION_TYPES = ["AES256", "KMS"] as const;
export type EncryptionType = (typeof ENCRYPTION_TYPES)[number];

/**
 * ECR's limits that both the construct (at synth and plan time) and the handler (at cold start) enforce, so a bad
 * value fails early with a message instead of at the first push (AWS-FACTS §3-4).
 */
export const ECR_LIMITS = {
  tagsPerResource: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  lifecyclePolicyMin: 100,
  lifecyclePolicyMax: 30_720,
  repositoryPolicyMax: 10_240,
  exclusionFiltersMax: 5,
} as const;
/** A KMS key ARN: what the function's role is scoped to, so an alias or bare key id would fail at CreateRepository. */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** An image tag mutability exclusion filter (WILDCARD), as ECR's model defines it. */
export const EXCLUSION_FILTER_PATTERN = /^[0-9a-zA-Z._*-]{1,128}$/;

/** Everything a created repository gets. The catch-all settings are complete; per-prefix ones override. */
export interface RepositorySettings {
  readonly imageTagMutability: ImageTagMutability;
  /** Wildcard tag filters for the *_WITH_EXCLUSION mutabilities; empty otherwise. */
  readonly imageTagMutabilityExclusionFilters: readonly string[];
  readonly scanOnPush: boolean;
  readonly encryptionType: EncryptionType;
  /** KMS key ARN or id when encryptionType is KMS; null uses the AWS managed key. */
  readonly kmsKey: string | null;
  /** Lifecycle policy JSON text; null puts none. */
  readonly lifecyclePolicy: string | null;
  /** Repository policy JSON text; null sets none. */
  readonly repositoryPolicy: string | null;
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
} as const;

/** Tag the handler puts on every repository it creates: the function's name. Also marks repositories it may heal. */
export const CREATED_BY_TAG = "created-by";
/** Tag carrying the ARN of the principal whose push caused the creation. */
export const CREATED_FOR_TAG = "created-for";

/**
 * The IAM actions behind every ECR call the handler makes, by purpose. The construct grants exactly these
 * (lifecycle and policy only when some setting uses them); a test checks act.ts against this list.
 */
export const ECR_ACTIONS = {
  /** CreateRepository with tags also needs ecr:TagResource (tag-on-create, AWS-FACTS §4). */
  create: ["ecr:CreateRepository", "ecr:TagResource"],
  /**
   * Finishing a repository an earlier invocation created but did not configure: its age, its created-by tag,
   * and which policies it lacks (only those are put; a policy in place is never overwritten). Reads only.
   */
  heal: ["ecr:DescribeRepositories", "ecr:ListTagsForResource", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy"],
  lifecyclePolicy: ["ecr:PutLifecyclePolicy"],
  repositoryPolicy: ["ecr:SetRepositoryPolicy"],
} as const;

/** KMS actions ECR needs from the caller of CreateRepository with a customer managed key. */
export const KMS_ACTIONS = ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"] as const;
