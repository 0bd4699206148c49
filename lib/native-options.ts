/** aws_ecr_repository_creation_template accepts CREATE_ON_PUSH from 6.28.0 (AWS-FACTS §7, PR #45720). */
export const NATIVE_PROVIDER_MINIMUM = "6.28.0";
/** aws_ecr_account_setting accepts BLOB_MOUNTING from 6.29.0 (AWS-FACTS §7, PR #46092). */
export const NATIVE_BLOB_MOUNTING_PROVIDER_MINIMUM = "6.29.0";
export const NATIVE_PROVIDER_CONSTRAINT = `>= ${NATIVE_PROVIDER_MINIMUM}, < 7.0.0`;
export const NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT = `>= ${NATIVE_BLOB_MOUNTING_PROVIDER_MINIMUM}, < 7.0.0`;

/** appliedFor values a template may carry besides CREATE_ON_PUSH (BOTO, AWS-FACTS §8). */
export const EXTRA_APPLIED_FOR = ["PULL_THROUGH_CACHE", "REPLICATION"] as const;

/** Inputs only native mode has; everything else comes from the shared EcrCreateOnPushConfig. */
export interface NativeOptions {
  /**
   * Further repository-creation scenarios the templates apply to, besides CREATE_ON_PUSH: PULL_THROUGH_CACHE,
   * REPLICATION. REPLICATION also grants the templates' role ecr:ReplicateImage.
   * @default [] - create on push only
   */
  readonly appliedFor?: string[];
  /**
   * Turn on the registry's BLOB_MOUNTING account setting (layer sharing between repositories with the same
   * encryption). Registry-wide, and needs AWS provider 6.29.0. Must be a literal: it decides whether a resource exists.
   * @default false
   */
  readonly blobMounting?: boolean;
  /**
   * Description of every template (at most 256 characters).
   * @default "Repositories ECR creates on push (ecr-create-on-push)."
   */
  readonly description?: string;
  /**
   * Value of the `created-by` tag on every repository the templates create; null adds no such tag. Without any
   * tag and without KMS, ECR's service-linked role suffices and no custom role is created.
   * @default "ecr-create-on-push"
   */
  readonly createdBy?: string | null;
}

export type ResolvedNativeOptions = { readonly [K in Exclude<keyof NativeOptions, "createdBy">]-?: NonNullable<NativeOptions[K]> } & {
  readonly createdBy: string | null;
};

export function resolveNativeDefaults(options: NativeOptions = {}): ResolvedNativeOptions {
  return {
    appliedFor: options.appliedFor ?? [],
    blobMounting: options.blobMounting ?? false,
    description: options.description ?? "Repositories ECR creates on push (ecr-create-on-push).",
    // null is meaningful (no tag), so only an absent value takes the default.
    createdBy: options.createdBy === undefined ? "ecr-create-on-push" : options.createdBy,
  };
}

/** The oldest AWS provider EcrNativeCreateOnPush with these options works with, and what needs it. */
export function nativeProviderMinimum(options: Pick<NativeOptions, "blobMounting"> = {}): { readonly version: string; readonly needs: string } {
  return options.blobMounting
    ? { version: NATIVE_BLOB_MOUNTING_PROVIDER_MINIMUM, needs: "the BLOB_MOUNTING account setting" }
    : { version: NATIVE_PROVIDER_MINIMUM, needs: "CREATE_ON_PUSH repository creation templates" };
}

/** The provider constraint a stack holding EcrNativeCreateOnPush with these options needs. */
export function nativeProviderConstraint(options: Pick<NativeOptions, "blobMounting"> = {}): string {
  return options.blobMounting ? NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT : NATIVE_PROVIDER_CONSTRAINT;
}
