/**
 * Validation of the repository settings the construct writes into the environment. Pure: value in, issues
 * out. Every limit here is one ECR would enforce later (AWS-FACTS §3, §4), so a bad value fails at init,
 * where the message can name the variable, instead of at the first push.
 */
import { describeOffender, offenders, rulesOf, SETTINGS_FIELDS, type SettingsField, show, TAG_COUNT_RULE } from "./field-rules";
import type { PrefixSettings, RepositorySettings } from "./function-config";
import { brokenRules, type CheckedSettings } from "./rules";

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


/** The table's rules on `field` (field-rules.ts); `isPrefix` skips a prefix override's "none" value. */
function checkRules(field: SettingsField, value: unknown, path: string, issues: Issues, isPrefix: boolean): void {
  if (isPrefix && field.prefixNone !== undefined && value === field.prefixNone) return;
  for (const rule of rulesOf(field)) {
    for (const offender of offenders(rule, value)) issues.push(describeOffender(rule, path, offender));
  }
}

/** The types the environment's JSON must have; what a value of the right type may be is the table's. */
function typeProblem(field: (typeof FIELDS)[number], value: unknown): string | undefined {
  switch (field) {
    case "imageTagMutabilityExclusionFilters":
      return Array.isArray(value) ? undefined : "must be a list of wildcard filters";
    case "scanOnPush":
      // A string "false" must not become true (a defect of the tools we replace).
      return typeof value === "boolean" ? undefined : "must be true or false (a JSON boolean)";
    case "lifecyclePolicy":
    case "repositoryPolicy":
      return typeof value === "string" ? undefined : "must be JSON text or null";
    case "tags":
      return isPlainObject(value) && Object.values(value).every((v) => typeof v === "string") ? undefined : "must be an object of string values";
    default:
      return undefined;
  }
}

function checkUnknownKeys(value: Record<string, unknown>, path: string, issues: Issues): void {
  for (const key of Object.keys(value)) {
    if (!(FIELDS as readonly string[]).includes(key)) issues.push(`${path}: unknown setting ${show(key)}; known: ${FIELDS.join(", ")}`);
  }
}

/** Fields whose null means "none". */
const NULLABLE: readonly string[] = ["kmsKey", "lifecyclePolicy", "repositoryPolicy"];

/** Checks one field's value: its type, then the table's rules. */
function checkField(field: (typeof FIELDS)[number], value: unknown, path: string, issues: Issues, isPrefix: boolean): void {
  const at = `${path}.${field}`;
  if (value === null && NULLABLE.includes(field)) return;
  const problem = typeProblem(field, value);
  if (problem) issues.push(`${at}: ${show(value)} ${problem}`);
  else if (field !== "scanOnPush") checkRules(SETTINGS_FIELDS[field], value, at, issues, isPrefix);
}

/** The rules across fields (rules.ts), on the catch-all settings or on a prefix's view of them. */
export function checkCombination(settings: CheckedSettings, path: string, issues: Issues): void {
  for (const rule of brokenRules(settings)) issues.push(`${path}.${rule.field}: ${show(settings[rule.field])}: ${rule.message}`);
}

/** Tags once merged over the defaults' tags must still fit: only their count can break, each half passed the rest. */
export function checkMergedTags(settings: RepositorySettings, path: string, issues: Issues): void {
  for (const offender of offenders(TAG_COUNT_RULE, settings.tags)) issues.push(describeOffender(TAG_COUNT_RULE, `${path}.tags`, offender));
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
