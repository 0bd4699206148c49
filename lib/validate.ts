import { KMS_KEY_ARN_PATTERN } from "../handler/ecr-model";
import { describeOffender, type FieldRule, offenders, rulesOf, SETTINGS_FIELDS, type SettingsField, STACK_TAG_RULES } from "../handler/field-rules";
import { brokenRules, type CheckedSettings, checkedFields, prefixView } from "../handler/rules";
import { EVENT_NAME_PATTERN, pusherAccountsProblem } from "../handler/event-filters";
import { isWithinPrefixes, managedPrefixProblem, PREFIX_MATCHES, prefixProblem } from "../handler/repository-names";
import { APPLICATION_LOG_LEVELS, ARCHITECTURES, catchAllSettings, type ResolvedConfig, SYSTEM_LOG_LEVELS } from "./config";
import { METRICS_NAMESPACE_RULE } from "../handler/metrics";
import type { ConfigIssue } from "./errors";
import { FUNCTION_NAME, LONGEST_REGION, longestName } from "./resource-names";
import { isLiteral } from "./tokens";
import { EVENT_PATTERN_QUOTA } from "./quotas";

/** CloudWatch Logs retention values (PutRetentionPolicy); 0 is the Paradigm module's "never expire". */
export const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** The base name's characters, and its length: the function name `<name>-<region>` fits Lambda's 64 in every Region. */
export const NAME_CHARACTERS = "A-Za-z0-9_-";
export const NAME_MAX = longestName(FUNCTION_NAME, LONGEST_REGION);
const NAME = new RegExp(`^[${NAME_CHARACTERS}]+$`);
/** Lambda's ranges for the function's settings: [min, max]. */
export const LAMBDA_RANGES = { timeout: [1, 900], memorySize: [128, 10_240], eventAge: [60, 21_600], retries: [0, 2] } as const;
/** Lambda runtimes the bundle targets. */
export const RUNTIME_PATTERN = /^nodejs(2[2-9]|[3-9][0-9])\.x$/;

/** What the alarms may notify: an SNS topic (standard or FIFO). */
export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
/** CloudWatch's limit on actions per alarm state (PutMetricAlarm AlarmActions, OKActions). */
export const ALARM_ACTIONS_MAX = 5;
/** The alarm action inputs, by Terraform variable: one rule for both (at most ALARM_ACTIONS_MAX SNS topics). */
export const ALARM_ACTION_INPUTS = { alarm_actions: "alarmActions", ok_actions: "okActions" } as const;
/** A managed policy, as a permissions boundary: the customer's own, or an AWS managed one (`iam::aws:`). */
export const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/([\x21-\x7E]{1,510}\/)?[A-Za-z0-9+=,.@_-]{1,128}$/;
/** IAM's path: "/" or "/<printable ASCII>/", at most 512 characters (CreateRole Path). */
export const IAM_PATH = /^\/([\x21-\x7E]{1,510}\/)?$/;
/** The KMS key inputs besides the repositories' kmsKey: each a key ARN, as IAM needs one to scope the role to it. */
export const KMS_KEY_INPUTS = { log_kms_key_arn: "logKmsKeyArn", kms_key_arn: "environmentKmsKeyArn", dead_letter_queue_kms_key_arn: "deadLetterQueueKmsKeyArn" } as const;

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value));
/** One problem: the input, its value, what is wrong and what is allowed. */
export const issue = (code: string, input: string, value: unknown, problem: string): ConfigIssue => ({
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
    !NAME.test(v) || v.length > NAME_MAX
      ? issue("name.invalid", "name", v, `is not a valid base name; use 1-${NAME_MAX} letters, digits, '-' or '_' ("-<region>" is appended to form the function name)`)
      : undefined,
  );
  check(config.lambdaConcurrency, (v) =>
    intIn(v, -1, Number.MAX_SAFE_INTEGER) ? undefined : issue("concurrency.invalid", "lambdaConcurrency", v, "is not a reserved concurrency; use -1 (unreserved) or a whole number from 0"),
  );
  check(config.accountConcurrencyQuota, (v) => (intIn(v, 1, Number.MAX_SAFE_INTEGER) ? undefined : issue("concurrency-quota.invalid", "accountConcurrencyQuota", v, "is not a concurrency quota; use your account's, a whole number from 1 (AWS's default is 1000)")));
  check(config.eventPatternQuota, (v) =>
    intIn(v, EVENT_PATTERN_QUOTA.defaultQuota, EVENT_PATTERN_QUOTA.hardMaximum)
      ? undefined
      : issue("event-pattern-quota.invalid", "eventPatternQuota", v, `is not an event-pattern quota; use your account's, ${EVENT_PATTERN_QUOTA.defaultQuota}-${EVENT_PATTERN_QUOTA.hardMaximum} characters`),
  );
  check(config.lambdaTimeout, (v) => (intIn(v, ...LAMBDA_RANGES.timeout) ? undefined : issue("timeout.invalid", "lambdaTimeout", v, `is not a Lambda timeout; use whole seconds from ${LAMBDA_RANGES.timeout.join(" to ")}`)));
  check(config.logRetentionDays, (v) =>
    (LOG_RETENTION_DAYS as readonly number[]).includes(v)
      ? undefined
      : issue("retention.invalid", "logRetentionDays", v, `is not a CloudWatch retention; use one of ${LOG_RETENTION_DAYS.join(", ")} (0 = never expire)`),
  );
  // Tags of the stack's own resources: the repositories' limits, with the characters of the services they reach.
  issues.push(...fieldIssues(SETTINGS_FIELDS.tags, config.tags, "tags", false, STACK_TAG_RULES));
  if (!PREFIX_MATCHES.includes(config.prefixMatch)) {
    issues.push(issue("prefix-match.invalid", "prefixMatch", config.prefixMatch, `is not a meaning of a prefix; use ${PREFIX_MATCHES.map((m) => JSON.stringify(m)).join(" or ")}`));
  } else if (config.mode === "native" && config.prefixMatch !== "namespace") {
    issues.push(issue("prefix-match.native", "prefixMatch", config.prefixMatch, 'is not available in native mode: ECR\'s repository creation templates match prefixes as namespaces; use "namespace"'));
  }
  check(config.managedRepoPrefixes, (prefixes) =>
    prefixes.flatMap((p, i) => {
      const problem = typeof p === "string" ? managedPrefixProblem(p, config.prefixMatch) : "is not a string";
      return problem ? [issue("prefix.invalid", `managedRepoPrefixes[${i}]`, p, problem)] : [];
    }),
  );
  const inputs: Readonly<Record<string, unknown>> = config;
  for (const field of Object.values(SETTINGS_FIELDS)) issues.push(...fieldIssues(field, inputs[field.input], field.input, false));
  const defaults = checkedFields(catchAllSettings(config));
  issues.push(...combinationIssues("", defaults));
  check(config.prefixSettings, (map) =>
    Object.entries(map).flatMap(([prefix, settings]) => {
      const input = `prefixSettings[${JSON.stringify(prefix)}]`;
      const problem = prefixProblem(prefix);
      if (problem) return [issue("prefix.invalid", input, prefix, problem)];
      const managed = config.managedRepoPrefixes;
      if (isLiteral(managed) && !isWithinPrefixes(prefix, managed, config.prefixMatch)) {
        return [issue("prefix.unmanaged", input, prefix, `lies outside managedRepoPrefixes (${managed.join(", ")}), so no repository could ever get these settings`)];
      }
      const overrides: Readonly<Record<string, unknown>> = settings;
      return [
        ...Object.values(SETTINGS_FIELDS).flatMap((field) => fieldIssues(field, overrides[field.setting], `${input}.${field.setting}`, true)),
        ...(isLiteral(settings) ? combinationIssues(`${input}.`, prefixView(defaults, settings)) : []),
      ];
    }),
  );
  check(config.eventNames, (names) =>
    names.length === 0
      ? issue("event-names.empty", "eventNames", names, "is empty; name at least one ECR API call, e.g. InitiateLayerUpload")
      : names.flatMap((n, i) => (typeof n === "string" && EVENT_NAME_PATTERN.test(n) ? [] : [issue("event-name.invalid", `eventNames[${i}]`, n, "is not an ECR API action name, e.g. InitiateLayerUpload")])),
  );
  check(config.runtime, (v) =>
    RUNTIME_PATTERN.test(v) ? undefined : issue("runtime.invalid", "runtime", v, "is not a runtime the bundle targets; use nodejs22.x or a later nodejsNN.x"),
  );
  check(config.architecture, (v) => ((ARCHITECTURES as readonly string[]).includes(v) ? undefined : issue("architecture.invalid", "architecture", v, `is not a Lambda architecture; use ${ARCHITECTURES.map((a) => `"${a}"`).join(" or ")}`)));
  check(config.memorySize, (v) => (intIn(v, ...LAMBDA_RANGES.memorySize) ? undefined : issue("memory.invalid", "memorySize", v, `is not a Lambda memory size; use whole MB from ${LAMBDA_RANGES.memorySize.join(" to ")}`)));
  for (const input of Object.values(KMS_KEY_INPUTS)) {
    check(config[input], (v) => (v === null || (typeof v === "string" && KMS_KEY_ARN_PATTERN.test(v)) ? undefined : issue("kms-key.invalid", input, v, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)")));
  }
  check(config.applicationLogLevel, (v) =>
    (APPLICATION_LOG_LEVELS as readonly string[]).includes(v) ? undefined : issue("log-level.invalid", "applicationLogLevel", v, `is not a Lambda application log level; use one of ${APPLICATION_LOG_LEVELS.join(", ")}`),
  );
  check(config.systemLogLevel, (v) => ((SYSTEM_LOG_LEVELS as readonly string[]).includes(v) ? undefined : issue("log-level.invalid", "systemLogLevel", v, `is not a Lambda system log level; use one of ${SYSTEM_LOG_LEVELS.join(", ")}`)));
  check(config.rolePermissionsBoundary, (v) =>
    v === null || (typeof v === "string" && POLICY_ARN.test(v)) ? undefined : issue("permissions-boundary.invalid", "rolePermissionsBoundary", v, "is not an IAM policy ARN (arn:aws:iam::<account>:policy/<name>, or arn:aws:iam::aws:policy/<name>)"),
  );
  check(config.rolePath, (v) => (typeof v === "string" && IAM_PATH.test(v) ? undefined : issue("role-path.invalid", "rolePath", v, 'is not an IAM path; use "/" or "/<path>/" of printable ASCII, at most 512 characters')));
  check(config.metricsNamespace, (v) =>
    v === null || (typeof v === "string" && METRICS_NAMESPACE_RULE.accepts(v)) ? undefined : issue("metrics-namespace.invalid", "metricsNamespace", v, `is not a CloudWatch namespace; ${METRICS_NAMESPACE_RULE.message}`),
  );
  check(config.maximumEventAgeInSeconds, (v) =>
    intIn(v, ...LAMBDA_RANGES.eventAge) ? undefined : issue("event-age.invalid", "maximumEventAgeInSeconds", v, `is outside Lambda's ${LAMBDA_RANGES.eventAge.join("-")} seconds`),
  );
  check(config.maximumRetryAttempts, (v) => (intIn(v, ...LAMBDA_RANGES.retries) ? undefined : issue("retries.invalid", "maximumRetryAttempts", v, `is outside Lambda's ${LAMBDA_RANGES.retries.join("-")} retries`)));
  check(config.allowedPusherAccounts, (v) => {
    const problem = Array.isArray(v) ? pusherAccountsProblem(v) : 'is not a list; use account ids, or ["*"] for any account';
    return problem ? issue("pusher-accounts.invalid", "allowedPusherAccounts", v, problem) : undefined;
  });
  if (!isLiteral(config.alarms) || typeof config.alarms !== "boolean") {
    issues.push({ code: "alarms.not-literal", input: "alarms", message: `alarms: ${isLiteral(config.alarms) ? show(config.alarms) : "a Terraform token"} must be a literal true or false (it decides which resources exist)` });
  }
  for (const input of Object.values(ALARM_ACTION_INPUTS)) {
    check(config[input], (v) =>
      v.length > ALARM_ACTIONS_MAX
        ? issue("alarm-actions.count", input, v, `has ${v.length} actions; CloudWatch allows at most ${ALARM_ACTIONS_MAX} per alarm`)
        : v.flatMap((arn, i) => (typeof arn === "string" && SNS_TOPIC_ARN.test(arn) ? [] : [issue("alarm-action.invalid", `${input}[${i}]`, arn, "is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)")])),
    );
  }
  return issues;
}

/**
 * The per-field rules (handler/field-rules.ts) on one literal value, reported at `path`; a token is left to the
 * variable's validation. `isPrefix`: a prefix override, where "" turns a policy off and the function's own tags
 * are refused rather than dropped.
 */
function fieldIssues(field: SettingsField, value: unknown, path: string, isPrefix: boolean, rules: readonly FieldRule[] = rulesOf(field)): ConfigIssue[] {
  if (value === null || value === undefined || !isLiteral(value) || (isPrefix && value === field.prefixNone)) return [];
  return rules
    .filter((rule) => isPrefix || rule.construct !== "prefix-only")
    .flatMap((rule) => offenders(rule, value).map((offender) => ({ code: rule.code, input: `${path}${offender.at}`, message: describeOffender(rule, path, offender) })));
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

const intIn = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
