/**
 * The rules across repository-settings fields, as data. Three renderers read this one table: the handler's
 * settings parser (settings-schema.ts, at cold start), the construct's synth-time validator (lib/validate.ts) and
 * the plan-time preconditions over the settings the function will receive (lib/settings-preconditions.ts). The
 * message is the same words in all three, so a value is refused the same way wherever it is first seen. The rules
 * on one field at a time are field-rules.ts.
 */
import { ECR_LIMITS } from "./ecr-model";
import { type PrefixSettings } from "./function-config";

/** The four fields the rules read. */
export interface CheckedSettings {
  readonly imageTagMutability: string;
  readonly imageTagMutabilityExclusionFilters: readonly string[] | null;
  readonly encryptionType: string;
  readonly kmsKey: string | null;
}
export type CheckedField = keyof CheckedSettings;
export const CHECKED_FIELDS: readonly CheckedField[] = ["imageTagMutability", "imageTagMutabilityExclusionFilters", "encryptionType", "kmsKey"];

/** The fields the rules read, out of complete settings (the catch-all ones, say). */
export function checkedFields(settings: CheckedSettings): CheckedSettings {
  return {
    imageTagMutability: settings.imageTagMutability,
    imageTagMutabilityExclusionFilters: settings.imageTagMutabilityExclusionFilters,
    encryptionType: settings.encryptionType,
    kmsKey: settings.kmsKey,
  };
}

/** A condition on one field: it ends with a suffix, or equals a value. */
export type RuleCondition = { readonly field: CheckedField; readonly endsWith: string } | { readonly field: CheckedField; readonly equals: string };

export interface CombinationRule {
  /** Stable, for tests; the same code the synth-time validator reports. */
  readonly code: string;
  /** The field the problem is reported on, as the construct input (camelCase) and as the Terraform variable. */
  readonly field: CheckedField;
  readonly tfvar: string;
  /** `count-when`: when `when` holds, the field has min-max items. `empty-unless`: unless `when` holds, the field is null or empty. */
  readonly kind: "count-when" | "empty-unless";
  readonly when: RuleCondition;
  readonly min?: number;
  readonly max?: number;
  readonly message: string;
}

const WITH_EXCLUSION: RuleCondition = { field: "imageTagMutability", endsWith: "_WITH_EXCLUSION" };
const KMS: RuleCondition = { field: "encryptionType", equals: "KMS" };

export const COMBINATION_RULES: readonly CombinationRule[] = [
  {
    code: "exclusion-filters.count",
    field: "imageTagMutabilityExclusionFilters",
    tfvar: "image_tag_mutability_exclusion_filters",
    kind: "count-when",
    when: WITH_EXCLUSION,
    min: 1,
    max: ECR_LIMITS.exclusionFiltersMax,
    message: `IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION need 1-${ECR_LIMITS.exclusionFiltersMax} exclusion filters`,
  },
  {
    code: "exclusion-filters.unused",
    field: "imageTagMutabilityExclusionFilters",
    tfvar: "image_tag_mutability_exclusion_filters",
    kind: "empty-unless",
    when: WITH_EXCLUSION,
    message: "exclusion filters apply only with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION; set one of those or drop the filters",
  },
  {
    code: "kms-key.unused",
    field: "kmsKey",
    tfvar: "kms_key",
    kind: "empty-unless",
    when: KMS,
    message: 'a KMS key applies only with encryptionType "KMS"; set it or drop the key',
  },
];

export function conditionHolds(condition: RuleCondition, settings: Partial<CheckedSettings>): boolean {
  const value = settings[condition.field];
  if (typeof value !== "string") return false;
  return "endsWith" in condition ? value.endsWith(condition.endsWith) : value === condition.equals;
}

const size = (value: unknown): number => (value === null || value === undefined ? 0 : (value as { length: number }).length);

export function violates(rule: CombinationRule, settings: CheckedSettings): boolean {
  const holds = conditionHolds(rule.when, settings);
  const n = size(settings[rule.field]);
  if (rule.kind === "count-when") return holds && (n < (rule.min ?? 0) || n > (rule.max ?? Number.POSITIVE_INFINITY));
  return !holds && n > 0;
}

/** The rules `settings` breaks. */
export function brokenRules(settings: CheckedSettings): CombinationRule[] {
  return COMBINATION_RULES.filter((rule) => violates(rule, settings));
}

/** Fields a prefix override inherits only where the merged settings can use them (mergeSettings' rule). */
export const INHERITED_ONLY_WHEN = { imageTagMutabilityExclusionFilters: WITH_EXCLUSION, kmsKey: KMS } as const;

/**
 * What a prefix override is checked as: the merged mutability and encryption, and the filters and key the
 * override sets itself, or else those it would inherit where the merged settings can use them (an inherited key
 * or filter list is dropped silently, but never one the override names).
 */
export function prefixView(defaults: CheckedSettings, override: PrefixSettings): CheckedSettings {
  const merged = {
    imageTagMutability: override.imageTagMutability ?? defaults.imageTagMutability,
    encryptionType: override.encryptionType ?? defaults.encryptionType,
  };
  const usable = (field: keyof typeof INHERITED_ONLY_WHEN) => conditionHolds(INHERITED_ONLY_WHEN[field], { ...defaults, ...merged });
  return {
    ...merged,
    imageTagMutabilityExclusionFilters: override.imageTagMutabilityExclusionFilters ?? (usable("imageTagMutabilityExclusionFilters") ? defaults.imageTagMutabilityExclusionFilters : []),
    kmsKey: override.kmsKey ?? (usable("kmsKey") ? defaults.kmsKey : null),
  };
}
