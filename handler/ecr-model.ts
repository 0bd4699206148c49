/**
 * What ECR accepts and what the handler's calls need from IAM, as the construct (at synth and plan time) and the
 * handler (at cold start) both enforce it, so a bad value fails early with a message instead of at the first push
 * (AWS-FACTS §3-4). Pure data: `lib/` imports it without pulling the SDK into synth.
 */

export const IMAGE_TAG_MUTABILITIES = ["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"] as const;
export type ImageTagMutability = (typeof IMAGE_TAG_MUTABILITIES)[number];

export const ENCRYPTION_TYPES = ["AES256", "KMS"] as const;
export type EncryptionType = (typeof ENCRYPTION_TYPES)[number];

/** ECR's limits on what a created repository gets. */
export const ECR_LIMITS = {
  tagsPerResource: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  lifecyclePolicyMin: 100,
  lifecyclePolicyMax: 30_720,
  repositoryPolicyMin: 0,
  repositoryPolicyMax: 10_240,
  exclusionFiltersMax: 5,
} as const;
/** A KMS key ARN: what the function's role is scoped to, so an alias or bare key id would fail at CreateRepository. */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** An image tag mutability exclusion filter (WILDCARD), as ECR's model defines it. */
export const EXCLUSION_FILTER_PATTERN = /^[0-9a-zA-Z._*-]{1,128}$/;

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
