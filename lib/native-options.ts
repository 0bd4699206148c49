import { ECR_LIMITS } from "../handler/ecr-model";
import { type PrefixSettings } from "../handler/function-config";
import { normalizePrefix } from "../handler/repository-names";
import type { ConfigIssue } from "./errors";
import { isLiteral } from "./tokens";

/** aws_ecr_repository_creation_template accepts CREATE_ON_PUSH from 6.28.0 (AWS-FACTS §7, PR #45720). */
export const NATIVE_PROVIDER_CONSTRAINT = ">= 6.28.0, < 7.0.0";
/** aws_ecr_account_setting accepts BLOB_MOUNTING from 6.29.0 (AWS-FACTS §7, PR #46092). */
export const NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT = ">= 6.29.0, < 7.0.0";

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

/** The provider constraint a stack holding EcrNativeCreateOnPush with these options needs. */
export function nativeProviderConstraint(options: Pick<NativeOptions, "blobMounting"> = {}): string {
  return options.blobMounting ? NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT : NATIVE_PROVIDER_CONSTRAINT;
}

const TEMPLATE_DESCRIPTION_MAX = 256;
const TAG_VALUE_MAX = ECR_LIMITS.tagValueLength;

/** Problems with the native-only inputs, and with shared inputs native mode needs literal. */
export function nativeIssues(config: { readonly prefixSettings: Readonly<Record<string, PrefixSettings>> }, options: ResolvedNativeOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (code: string, input: string, value: unknown, problem: string) => issues.push({ code, input, message: `${input}: ${JSON.stringify(value) ?? String(value)} ${problem}` });

  if (isLiteral(options.appliedFor)) {
    options.appliedFor.forEach((value, i) => {
      if (!(EXTRA_APPLIED_FOR as readonly string[]).includes(value)) {
        add("applied-for.invalid", `appliedFor[${i}]`, value, `is not a scenario a template can add; use ${EXTRA_APPLIED_FOR.map((v) => `"${v}"`).join(" or ")} (CREATE_ON_PUSH is always there)`);
      }
    });
  }
  if (typeof options.blobMounting !== "boolean") {
    add("blob-mounting.token", "blobMounting", "<token>", "must be a literal true or false: it decides whether the account setting resource exists");
  }
  if (isLiteral(options.description) && options.description.length > TEMPLATE_DESCRIPTION_MAX) {
    add("description.length", "description", `${options.description.slice(0, 57)}...`, `is ${options.description.length} characters; ECR accepts at most ${TEMPLATE_DESCRIPTION_MAX}`);
  }
  const createdBy = options.createdBy;
  if (createdBy !== null && isLiteral(createdBy) && (createdBy.length < 1 || createdBy.length > TAG_VALUE_MAX)) {
    add("created-by.length", "createdBy", createdBy, `is not a tag value of 1-${TAG_VALUE_MAX} characters; use null for no created-by tag`);
  }
  if (!isLiteral(config.prefixSettings)) {
    // Each key becomes a template whose settings depend on which keys are its parents; Terraform could compute
    // that, but the expression would be unreadable in a plan. managedRepoPrefixes may be a token.
    add("prefix-settings.token", "prefixSettings", "<token>", "must be literal in native mode: each prefix becomes its own repository creation template (managedRepoPrefixes may be a Terraform variable)");
  } else {
    const seen = new Map<string, string>();
    for (const prefix of Object.keys(config.prefixSettings)) {
      const bare = normalizePrefix(prefix);
      const earlier = seen.get(bare);
      if (earlier !== undefined) add("prefix.duplicate", `prefixSettings[${JSON.stringify(prefix)}]`, prefix, `repeats ${JSON.stringify(earlier)} (a trailing "/" is implied); keep one`);
      else seen.set(bare, prefix);
    }
  }
  return issues;
}
