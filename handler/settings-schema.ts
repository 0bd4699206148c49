/**
 * Validation of the repository settings the construct writes into the environment. Pure: value in, issues
 * out. Every limit here is one ECR would enforce later (AWS-FACTS §3, §4), so a bad value fails at init,
 * where the message can name the variable, instead of at the first push.
 */
import { ECR_LIMITS, ENCRYPTION_TYPES, EXCLUSION_FILTER_PATTERN as EXCLUSION_FILTER, IMAGE_TAG_MUTABILITIES, KMS_KEY_ARN_PATTERN } from "./ecr-model";
import { CREATED_BY_TAG, CREATED_FOR_TAG, type PrefixSettings, type RepositorySettings } from "./function-config";
import { brokenRules, type CheckedSettings } from "./rules";

export const MAX_TAGS = ECR_LIMITS.tagsPerResource;
/** Two tags are always ours: created-by and created-for. */
export const MAX_CONFIGURED_TAGS = MAX_TAGS - 2;
export const TAG_KEY_MAX = ECR_LIMITS.tagKeyLength;
export const TAG_VALUE_MAX = ECR_LIMITS.tagValueLength;
const LIFECYCLE_MIN = ECR_LIMITS.lifecyclePolicyMin;
const LIFECYCLE_MAX = ECR_LIMITS.lifecyclePolicyMax;
const REPOSITORY_POLICY_MAX = ECR_LIMITS.repositoryPolicyMax;
const FIELDS = [
  "imageTagMutability",
  "imageTagMutabilityExclusionFilters",
  "scanOnPush",
  "encryptionType",
  "kmsKey",
  "lifecyclePolicy",
  "repositoryPolicy",
  "tags",
] as const satisfies readonly (keyof RepositorySettings)[];

type Issues = string[];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, issues: Issues): value is T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return true;
  issues.push(`${path}: ${show(value)} is invalid; use one of ${allowed.join(", ")}`);
  return false;
}

function checkJsonText(value: unknown, path: string, min: number, max: number, issues: Issues): void {
  if (value === null) return;
  if (typeof value !== "string") {
    issues.push(`${path}: ${show(value)} must be JSON text or null`);
    return;
  }
  if (value.length < min || value.length > max) {
    issues.push(`${path}: is ${value.length} characters; ECR accepts ${min}-${max}`);
    return;
  }
  try {
    if (!isPlainObject(JSON.parse(value))) issues.push(`${path}: must be a JSON object`);
  } catch (error) {
    issues.push(`${path}: is not valid JSON (${(error as Error).message})`);
  }
}

function checkTags(value: unknown, path: string, issues: Issues): void {
  if (!isPlainObject(value)) {
    issues.push(`${path}: ${show(value)} must be an object of string values`);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_CONFIGURED_TAGS) {
    issues.push(`${path}: has ${keys.length} tags; at most ${MAX_CONFIGURED_TAGS} (ECR allows ${MAX_TAGS}, two are ${CREATED_BY_TAG} and ${CREATED_FOR_TAG})`);
  }
  for (const key of keys) {
    const tagValue = value[key];
    if (key.length === 0 || key.length > TAG_KEY_MAX) issues.push(`${path}: key ${show(key)} must be 1-${TAG_KEY_MAX} characters`);
    if (key.toLowerCase().startsWith("aws:")) issues.push(`${path}: key ${show(key)} uses the reserved "aws:" prefix`);
    if (key === CREATED_BY_TAG || key === CREATED_FOR_TAG) issues.push(`${path}: key ${show(key)} is set by the function itself`);
    if (typeof tagValue !== "string") issues.push(`${path}.${key}: ${show(tagValue)} must be a string`);
    else if (tagValue.length > TAG_VALUE_MAX) issues.push(`${path}.${key}: value is ${tagValue.length} characters; at most ${TAG_VALUE_MAX}`);
  }
}

function checkExclusionFilters(value: unknown, path: string, issues: Issues): void {
  if (!Array.isArray(value)) {
    issues.push(`${path}: ${show(value)} must be a list of wildcard filters`);
    return;
  }
  for (const filter of value) {
    if (typeof filter !== "string" || !EXCLUSION_FILTER.test(filter)) {
      issues.push(`${path}: ${show(filter)} must match ${EXCLUSION_FILTER.source}`);
    }
  }
}

function checkUnknownKeys(value: Record<string, unknown>, path: string, issues: Issues): void {
  for (const key of Object.keys(value)) {
    if (!(FIELDS as readonly string[]).includes(key)) issues.push(`${path}: unknown setting ${show(key)}; known: ${FIELDS.join(", ")}`);
  }
}

/** Checks one field's value; `allowEmptyPolicy` is for prefix overrides, where "" means "none here". */
function checkField(field: (typeof FIELDS)[number], value: unknown, path: string, issues: Issues, allowEmptyPolicy: boolean): void {
  const at = `${path}.${field}`;
  switch (field) {
    case "imageTagMutability":
      checkOneOf(value, IMAGE_TAG_MUTABILITIES, at, issues);
      return;
    case "imageTagMutabilityExclusionFilters":
      checkExclusionFilters(value, at, issues);
      return;
    case "scanOnPush":
      // A string "false" must not become true (a defect of the tools we replace).
      if (typeof value !== "boolean") issues.push(`${at}: ${show(value)} must be true or false (a JSON boolean)`);
      return;
    case "encryptionType":
      checkOneOf(value, ENCRYPTION_TYPES, at, issues);
      return;
    case "kmsKey":
      if (value !== null && (typeof value !== "string" || !KMS_KEY_ARN_PATTERN.test(value))) {
        issues.push(`${at}: ${show(value)} must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or null`);
      }
      return;
    case "lifecyclePolicy":
      if (!(allowEmptyPolicy && value === "")) checkJsonText(value, at, LIFECYCLE_MIN, LIFECYCLE_MAX, issues);
      return;
    case "repositoryPolicy":
      if (!(allowEmptyPolicy && value === "")) checkJsonText(value, at, 1, REPOSITORY_POLICY_MAX, issues);
      return;
    case "tags":
      checkTags(value, at, issues);
      return;
  }
}

/** The rules across fields (rules.ts), on the catch-all settings or on a prefix's view of them. */
export function checkCombination(settings: CheckedSettings, path: string, issues: Issues): void {
  for (const rule of brokenRules(settings)) issues.push(`${path}.${rule.field}: ${show(settings[rule.field])}: ${rule.message}`);
}

/** Tags once merged over the defaults' tags must still fit. */
export function checkMergedTags(settings: RepositorySettings, path: string, issues: Issues): void {
  checkTags(settings.tags, `${path}.tags`, issues);
}

/** The catch-all settings: every field present, no "" policies. */
export function checkRepositorySettings(value: unknown, path: string, issues: Issues): value is RepositorySettings {
  if (!isPlainObject(value)) {
    issues.push(`${path}: ${show(value)} must be an object with ${FIELDS.join(", ")}`);
    return false;
  }
  const before = issues.length;
  checkUnknownKeys(value, path, issues);
  for (const field of FIELDS) {
    if (!Object.hasOwn(value, field)) issues.push(`${path}.${field}: is missing`);
    else checkField(field, value[field], path, issues, false);
  }
  if (issues.length > before) return false;
  checkCombination(value as unknown as RepositorySettings, path, issues);
  checkMergedTags(value as unknown as RepositorySettings, path, issues);
  return issues.length === before;
}

/** A per-prefix override: any field may be absent or null (inherit). */
export function checkPrefixSettings(value: unknown, path: string, issues: Issues): value is PrefixSettings {
  if (!isPlainObject(value)) {
    issues.push(`${path}: ${show(value)} must be an object of overrides`);
    return false;
  }
  const before = issues.length;
  checkUnknownKeys(value, path, issues);
  for (const field of FIELDS) {
    if (Object.hasOwn(value, field) && value[field] !== null && value[field] !== undefined) {
      checkField(field, value[field], path, issues, true);
    }
  }
  return issues.length === before;
}
