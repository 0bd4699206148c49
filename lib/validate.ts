import { ECR_LIMITS, ENCRYPTION_TYPES, EXCLUSION_FILTER_PATTERN as EXCLUSION_FILTER, IMAGE_TAG_MUTABILITIES, KMS_KEY_ARN_PATTERN } from "../handler/ecr-model";
import { CREATED_BY_TAG, CREATED_FOR_TAG, type PrefixSettings } from "../handler/function-config";
import { brokenRules, type CheckedSettings, checkedFields, prefixView } from "../handler/rules";
import { EVENT_NAME_PATTERN, pusherAccountsProblem } from "../handler/event-filters";
import { isWithinPrefixes, prefixProblem } from "../handler/repository-names";
import { catchAllSettings, type ResolvedConfig } from "./config";
import type { ConfigIssue } from "./errors";
import { isLiteral } from "./tokens";

/** CloudWatch Logs retention values (PutRetentionPolicy); 0 is the Paradigm module's "never expire". */
export const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** ECR's limits (handler/ecr-model.ts) and ours. */
export const LIMITS = {
  ...ECR_LIMITS,
  /** Lambda function names: 64 characters, and we append "-<region>" (longest region name: 14). */
  nameMax: 64 - 15,
} as const;
/** Tags the handler adds itself, so a configured map must leave room for them. */
const HANDLER_TAGS = 2;
export const KMS_KEY_ARN = KMS_KEY_ARN_PATTERN;
const FUNCTION_NAME = /^[a-zA-Z0-9_-]+$/;
/** What the alarms may notify: an SNS topic (standard or FIFO). */
export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
/** CloudWatch's limit on actions per alarm state (PutMetricAlarm AlarmActions). */
export const ALARM_ACTIONS_MAX = 5;

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value));
const issue = (code: string, input: string, value: unknown, problem: string): ConfigIssue => ({
  code,
  input,
  message: `${input}: ${show(value)} ${problem}`,
});

/** Every problem with the literal parts of a config. Token parts are left to Terraform's plan-time checks. */
export function validateConfig(config: ResolvedConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = <T>(value: T, fn: (value: T) => ConfigIssue[] | ConfigIssue | undefined) => {
    if (!isLiteral(value)) return;
    const found = fn(value);
    if (found) issues.push(...(Array.isArray(found) ? found : [found]));
  };

  check(config.name, (v) =>
    !FUNCTION_NAME.test(v) || v.length > LIMITS.nameMax
      ? issue("name.invalid", "name", v, `is not a valid base name; use 1-${LIMITS.nameMax} letters, digits, '-' or '_' ("-<region>" is appended to form the function name)`)
      : undefined,
  );
  check(config.lambdaConcurrency, (v) =>
    intIn(v, -1, Number.MAX_SAFE_INTEGER) ? undefined : issue("concurrency.invalid", "lambdaConcurrency", v, "is not a reserved concurrency; use -1 (unreserved) or a whole number from 0"),
  );
  check(config.lambdaTimeout, (v) => (intIn(v, 1, 900) ? undefined : issue("timeout.invalid", "lambdaTimeout", v, "is not a Lambda timeout; use whole seconds from 1 to 900")));
  check(config.logRetentionDays, (v) =>
    (LOG_RETENTION_DAYS as readonly number[]).includes(v)
      ? undefined
      : issue("retention.invalid", "logRetentionDays", v, `is not a CloudWatch retention; use one of ${LOG_RETENTION_DAYS.join(", ")} (0 = never expire)`),
  );
  check(config.tags, (v) => tagIssues("tags", v, LIMITS.tagsPerResource - 2));
  check(config.managedRepoPrefixes, (prefixes) =>
    prefixes.flatMap((p, i) => {
      const problem = typeof p === "string" ? prefixProblem(p) : "is not a string";
      return problem ? [issue("prefix.invalid", `managedRepoPrefixes[${i}]`, p, problem)] : [];
    }),
  );
  issues.push(...settingsIssues("", config));
  const defaults = checkedFields(catchAllSettings(config));
  issues.push(...combinationIssues("", defaults));
  check(config.prefixSettings, (map) =>
    Object.entries(map).flatMap(([prefix, settings]) => {
      const input = `prefixSettings[${JSON.stringify(prefix)}]`;
      const problem = prefixProblem(prefix);
      if (problem) return [issue("prefix.invalid", input, prefix, problem)];
      const managed = config.managedRepoPrefixes;
      if (isLiteral(managed) && !isWithinPrefixes(prefix, managed)) {
        return [issue("prefix.unmanaged", input, prefix, `lies outside managedRepoPrefixes (${managed.join(", ")}), so no repository could ever get these settings`)];
      }
      return [...settingsIssues(`${input}.`, settingsAsConfig(settings)), ...(isLiteral(settings) ? combinationIssues(`${input}.`, prefixView(defaults, settings)) : [])];
    }),
  );
  check(config.eventNames, (names) =>
    names.length === 0
      ? issue("event-names.empty", "eventNames", names, "is empty; name at least one ECR API call, e.g. InitiateLayerUpload")
      : names.flatMap((n, i) => (typeof n === "string" && EVENT_NAME_PATTERN.test(n) ? [] : [issue("event-name.invalid", `eventNames[${i}]`, n, "is not an ECR API action name, e.g. InitiateLayerUpload")])),
  );
  check(config.runtime, (v) =>
    /^nodejs(2[2-9]|[3-9]\d)\.x$/.test(v) ? undefined : issue("runtime.invalid", "runtime", v, "is not a runtime the bundle targets; use nodejs22.x or a later nodejsNN.x"),
  );
  check(config.architecture, (v) => (v === "arm64" || v === "x86_64" ? undefined : issue("architecture.invalid", "architecture", v, 'is not a Lambda architecture; use "arm64" or "x86_64"')));
  check(config.memorySize, (v) => (intIn(v, 128, 10240) ? undefined : issue("memory.invalid", "memorySize", v, "is not a Lambda memory size; use whole MB from 128 to 10240")));
  check(config.logKmsKeyArn, (v) => (v === null || KMS_KEY_ARN.test(v) ? undefined : issue("kms-key.invalid", "logKmsKeyArn", v, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)")));
  check(config.maximumEventAgeInSeconds, (v) =>
    intIn(v, 60, 21600) ? undefined : issue("event-age.invalid", "maximumEventAgeInSeconds", v, "is outside Lambda's 60-21600 seconds"),
  );
  check(config.maximumRetryAttempts, (v) => (intIn(v, 0, 2) ? undefined : issue("retries.invalid", "maximumRetryAttempts", v, "is outside Lambda's 0-2 retries")));
  check(config.allowedPusherAccounts, (v) => {
    const problem = Array.isArray(v) ? pusherAccountsProblem(v) : 'is not a list; use account ids, or ["*"] for any account';
    return problem ? issue("pusher-accounts.invalid", "allowedPusherAccounts", v, problem) : undefined;
  });
  if (!isLiteral(config.alarms) || typeof config.alarms !== "boolean") {
    issues.push({ code: "alarms.not-literal", input: "alarms", message: `alarms: ${isLiteral(config.alarms) ? show(config.alarms) : "a Terraform token"} must be a literal true or false (it decides which resources exist)` });
  }
  check(config.alarmActions, (v) =>
    v.length > ALARM_ACTIONS_MAX
      ? issue("alarm-actions.count", "alarmActions", v, `has ${v.length} actions; CloudWatch allows at most ${ALARM_ACTIONS_MAX} per alarm`)
      : v.flatMap((arn, i) => (typeof arn === "string" && SNS_TOPIC_ARN.test(arn) ? [] : [issue("alarm-action.invalid", `alarmActions[${i}]`, arn, "is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)")])),
  );
  return issues;
}

/** The catch-all settings in `config`, or one prefix's overrides, checked with the same rules. */
function settingsIssues(path: string, s: SettingsInputs): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (field: string) => `${path}${field}`;
  const mutability = s.imageTagMutability;
  if (mutability != null && isLiteral(mutability) && !(IMAGE_TAG_MUTABILITIES as readonly string[]).includes(mutability)) {
    issues.push(issue("mutability.invalid", at("imageTagMutability"), mutability, `is invalid; use ${IMAGE_TAG_MUTABILITIES.map((m) => `"${m}"`).join(", ")}`));
  }
  const filters = s.imageTagMutabilityExclusionFilters;
  if (filters != null && isLiteral(filters)) {
    filters.forEach((f, i) => {
      if (!EXCLUSION_FILTER.test(f)) issues.push(issue("exclusion-filter.invalid", at(`imageTagMutabilityExclusionFilters[${i}]`), f, "is not an ECR wildcard filter; use 1-128 of letters, digits, '.', '_', '*', '-'"));
    });
  }
  const encryption = s.encryptionType;
  if (encryption != null && isLiteral(encryption) && !(ENCRYPTION_TYPES as readonly string[]).includes(encryption)) {
    issues.push(issue("encryption.invalid", at("encryptionType"), encryption, `is invalid; use ${ENCRYPTION_TYPES.map((e) => `"${e}"`).join(" or ")}`));
  }
  const key = s.kmsKey;
  if (key != null && isLiteral(key)) {
    if (!KMS_KEY_ARN.test(key)) issues.push(issue("kms-key.invalid", at("kmsKey"), key, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); the role is scoped to the key's ARN"));
  }
  issues.push(...policyIssues(at("repoLifecyclePolicy"), s.repoLifecyclePolicy, LIMITS.lifecyclePolicyMin, LIMITS.lifecyclePolicyMax, "lifecycle"));
  issues.push(...policyIssues(at("repoPolicy"), s.repoPolicy, 0, LIMITS.repositoryPolicyMax, "repository"));
  if (s.repoTags != null && isLiteral(s.repoTags)) issues.push(...tagIssues(at("repoTags"), s.repoTags, LIMITS.tagsPerResource - HANDLER_TAGS));
  return issues;
}

/** The rules across fields (handler/rules.ts) on literal settings: `path` names the input they came from. */
function combinationIssues(path: string, settings: CheckedSettings): ConfigIssue[] {
  if (!isLiteral(settings)) return [];
  return brokenRules(settings).map((rule) => ({
    code: rule.code,
    input: `${path}${rule.field}`,
    message: `${path}${rule.field}: ${show(settings[rule.field])}: ${rule.message}`,
  }));
}

/** The setting fields under their construct input names, so both levels report the same way. */
interface SettingsInputs {
  imageTagMutability?: string | null;
  imageTagMutabilityExclusionFilters?: readonly string[] | null;
  encryptionType?: string | null;
  kmsKey?: string | null;
  repoLifecyclePolicy?: string | null;
  repoPolicy?: string | null;
  repoTags?: Readonly<Record<string, string>> | null;
}

function settingsAsConfig(s: PrefixSettings): SettingsInputs {
  return {
    imageTagMutability: s.imageTagMutability,
    imageTagMutabilityExclusionFilters: s.imageTagMutabilityExclusionFilters,
    encryptionType: s.encryptionType,
    kmsKey: s.kmsKey,
    // "" means "none for this prefix" (handler/function-config.ts), which needs no checking.
    repoLifecyclePolicy: s.lifecyclePolicy === "" ? null : s.lifecyclePolicy,
    repoPolicy: s.repositoryPolicy === "" ? null : s.repositoryPolicy,
    repoTags: s.tags,
  };
}

function policyIssues(input: string, text: string | null | undefined, min: number, max: number, kind: string): ConfigIssue[] {
  if (text == null || !isLiteral(text)) return [];
  const code = `${kind}-policy`;
  if (typeof text !== "string") return [issue(`${code}.type`, input, text, "is not a string of JSON")];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [issue(`${code}.json`, input, abbreviate(text), `is not JSON (${(error as Error).message})`)];
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return [issue(`${code}.json`, input, abbreviate(text), `is JSON but not an object; a ${kind} policy is a JSON object`)];
  if (text.length < min || text.length > max) return [issue(`${code}.length`, input, abbreviate(text), `is ${text.length} characters; ECR accepts ${min}-${max}`)];
  return [];
}

function tagIssues(input: string, tags: Readonly<Record<string, string>>, max: number): ConfigIssue[] {
  const entries = Object.entries(tags);
  const issues: ConfigIssue[] = [];
  if (entries.length > max) issues.push(issue("tags.count", input, `${entries.length} tags`, `is too many; at most ${max} fit (AWS allows ${LIMITS.tagsPerResource} per resource, and ${LIMITS.tagsPerResource - max} are added)`));
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > LIMITS.tagKeyLength) issues.push(issue("tag-key.length", `${input}[${JSON.stringify(key)}]`, key, `is ${key.length} characters; tag keys have 1-${LIMITS.tagKeyLength}`));
    if (key.toLowerCase().startsWith("aws:")) issues.push(issue("tag-key.reserved", `${input}[${JSON.stringify(key)}]`, key, 'uses the reserved "aws:" prefix'));
    // Top-level repoTags drop these (config.ts withoutFunctionTags); a prefix's tags are ours alone, so refused there.
    if (input.endsWith(".repoTags") && (key === CREATED_BY_TAG || key === CREATED_FOR_TAG)) {
      issues.push(issue("tag-key.reserved", `${input}[${JSON.stringify(key)}]`, key, "is set by the function itself (its name, and the pusher's ARN)"));
    }
    if (typeof value !== "string" || value.length > LIMITS.tagValueLength) issues.push(issue("tag-value.length", `${input}[${JSON.stringify(key)}]`, abbreviate(String(value)), `is not a string of at most ${LIMITS.tagValueLength} characters`));
  }
  return issues;
}

const intIn = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
const abbreviate = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
