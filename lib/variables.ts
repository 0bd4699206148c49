import { TerraformLocal, TerraformVariable, type TerraformStack } from "./framework";
import { markValidated } from "./tokens";
import { SETTINGS_FIELDS as F, STACK_TAG_RULES } from "../handler/field-rules";
import { CREATED_BY_TAG, CREATED_FOR_TAG, DEFAULT_METRICS_NAMESPACE } from "../handler/function-config";
import { METRICS_NAMESPACE_RULE } from "../handler/metrics";
import { KMS_KEY_ARN_PATTERN } from "../handler/ecr-model";
import { ACCOUNT_ID_PATTERN, ANY_ACCOUNT, EVENT_NAME_PATTERN } from "../handler/event-filters";
import { DEFAULT_PREFIX_MATCH, PREFIX_MATCH_WORDS, PREFIX_MAX, type PrefixMatch, REPOSITORY_NAME_MAX, REPOSITORY_NAME_PATTERN } from "../handler/repository-names";
import { APPLICATION_LOG_LEVELS, ARCHITECTURES, DEFAULT_LIFECYCLE_POLICY, type EcrCreateOnPushConfig, SYSTEM_LOG_LEVELS } from "./config";
import { prefixSettingsValidations, type Validation, variableValidations } from "./field-conditions";
import { EVENT_PATTERN_QUOTA, LAMBDA_CONCURRENCY } from "./quotas";
import { ALARM_ACTION_INPUTS, ALARM_ACTIONS_MAX, IAM_PATH, KMS_KEY_INPUTS, LAMBDA_RANGES, LOG_RETENTION_DAYS, NAME_CHARACTERS, NAME_MAX, POLICY_ARN, RUNTIME_PATTERN, SNS_TOPIC_ARN } from "./validate";
import { and, attr, call, contains, eq, every, gte, interpolate, isWhole, length, list, lte, matches, not, nullOr, object, or, orEmpty, paren, startswith, str, variable as variableRef, barePrefix, forMap, templateWithSuffix } from "./hcl";

/**
 * Terraform variables for every construct input, so a `.tfvars` drives a synthesized stack. Names, types,
 * defaults, nullability and validation of the first eleven are the Paradigm module's; the rest are ours, each
 * with a default. A validation block checks one variable on its own; rules across inputs are preconditions
 * (lib/settings-preconditions.ts, lib/lambda-checks.ts), and __tests__/terraform/parity.test.ts checks that plan
 * and synth give the same verdict on its table of inputs.
 */
export interface VariableSpec {
  /** The construct input it feeds. */
  readonly input: keyof EcrCreateOnPushConfig;
  readonly type: string;
  readonly default: unknown;
  readonly nullable: boolean;
  readonly description: string;
  /** HCL conditions over `v` (the variable reference) with their messages. */
  readonly rules?: readonly Validation[];
}

/** A whole number within Lambda's range (validate.ts LAMBDA_RANGES). */
const inRange = (v: string, [min, max]: readonly [number, number]) => and(gte(v, min), lte(v, max), isWhole(v));
const KMS_KEY_RULES: readonly Validation[] = [[(v) => nullOr(v, matches(KMS_KEY_ARN_PATTERN, v)), "must be a KMS key ARN or null"]];
const ALARM_ACTION_RULES: readonly Validation[] = [
  [(v) => and(lte(length(v), ALARM_ACTIONS_MAX), every("a", v, matches(SNS_TOPIC_ARN, "a"))), `use at most ${ALARM_ACTIONS_MAX} SNS topic ARNs (arn:aws:sns:<region>:<account>:<topic>)`],
];
/** handler/metrics.ts METRICS_NAMESPACE_RULE, part by part (RE2 has no lookahead). */
const metricsNamespaceCondition = (v: string) =>
  and(matches(METRICS_NAMESPACE_RULE.characters, v), matches(METRICS_NAMESPACE_RULE.notBlank, v), ...METRICS_NAMESPACE_RULE.forbiddenPrefixes.map((p) => not(startswith(v, str(p)))));
/** Where a .tfvars key of prefix_settings (snake_case) feeds the construct's field (camelCase). */
const PREFIX_SETTINGS_KEYS = [F.imageTagMutability, F.imageTagMutabilityExclusionFilters, { setting: "scanOnPush", prefixKey: "scan_on_push" }, F.encryptionType, F.kmsKey, F.lifecyclePolicy, F.repositoryPolicy, F.tags];
const PREFIX_SETTINGS_TYPE =
  "map(object({ image_tag_mutability = optional(string), image_tag_mutability_exclusion_filters = optional(list(string)), scan_on_push = optional(bool), encryption_type = optional(string), kms_key = optional(string), lifecycle_policy = optional(string), repository_policy = optional(string), tags = optional(map(string)) }))";

/** The rules on a prefix settings map: its keys are namespaces, and each entry keeps every per-field rule. */
export const prefixSettingsRules = (keys: "tfvars" | "construct"): Validation[] => [
  [(v) => every("k", call("keys", v), and(matches(REPOSITORY_NAME_PATTERN, barePrefix("k")), lte(length(barePrefix("k")), PREFIX_MAX))), `each key is a namespace like the managed prefixes, of at most ${PREFIX_MAX} characters`],
  ...prefixSettingsValidations(keys),
];

/** The Paradigm module's variables (DESIGN.md), then ours, by Terraform name. */
export const VARIABLES: Readonly<Record<string, VariableSpec>> = {
  name: {
    input: "name",
    type: "string",
    default: "create-ecr-repo",
    nullable: false,
    description: "AWS Lambda name. Region will be appended as suffix: `<name>-<aws_region>`.",
    rules: [[(v) => matches(str(`^[${NAME_CHARACTERS}]{1,${NAME_MAX}}$`), v), `use 1-${NAME_MAX} letters, digits, "-" or "_"`]],
  },
  lambda_concurrency: {
    input: "lambdaConcurrency",
    type: "number",
    default: 1,
    nullable: false,
    description: "AWS Lambda concurrency reservation; -1 leaves it unreserved.",
    rules: [[(v) => and(gte(v, -1), isWhole(v)), "use -1 (unreserved) or a whole number from 0"]],
  },
  lambda_timeout: {
    input: "lambdaTimeout",
    type: "number",
    default: 10,
    nullable: false,
    description: "AWS Lambda timeout in seconds.",
    rules: [[(v) => inRange(v, LAMBDA_RANGES.timeout), `use whole seconds from ${LAMBDA_RANGES.timeout.join(" to ")}`]],
  },
  log_retention_days: {
    input: "logRetentionDays",
    type: "number",
    default: 14,
    nullable: false,
    description: "Number of days to retain AWS Lambda logs; 0 never expires them.",
    rules: [[(v) => contains(list(LOG_RETENTION_DAYS), v), `use one of ${LOG_RETENTION_DAYS.join(", ")} (0 = never expire)`]],
  },
  tags: { input: "tags", type: "map(string)", default: {}, nullable: false, description: "Tags to apply to created AWS resources.", rules: variableValidations(F.tags, STACK_TAG_RULES) },
  managed_repo_prefixes: managedPrefixesVariable(DEFAULT_PREFIX_MATCH),
  image_tag_mutability: {
    input: "imageTagMutability",
    type: "string",
    default: "MUTABLE",
    nullable: false,
    description: "ECR repo image tag mutability setting set on every repo Lambda creates.",
    rules: variableValidations(F.imageTagMutability),
  },
  repo_lifecycle_policy: {
    input: "repoLifecyclePolicy",
    type: "string",
    default: DEFAULT_LIFECYCLE_POLICY,
    nullable: true,
    description: "ECR lifecycle policy (JSON) put on every repo Lambda creates; null puts none.",
    rules: variableValidations(F.lifecyclePolicy),
  },
  repo_policy: {
    input: "repoPolicy",
    type: "string",
    default: null,
    nullable: true,
    description: "ECR repository policy (JSON) set on every repo Lambda creates; null sets none.",
    rules: variableValidations(F.repositoryPolicy),
  },
  repo_tags: {
    input: "repoTags",
    type: "map(string)",
    default: {},
    nullable: true,
    description: `ECR repo tags added to every repo Lambda creates (${CREATED_BY_TAG} and ${CREATED_FOR_TAG} are set by the function and ignored here).`,
    rules: variableValidations(F.tags),
  },
  repo_scan_on_push: { input: "repoScanOnPush", type: "bool", default: true, nullable: false, description: "Toggles Scan on push on repos Lambda creates." },
  image_tag_mutability_exclusion_filters: {
    input: "imageTagMutabilityExclusionFilters",
    type: "list(string)",
    default: [],
    nullable: false,
    description: "Wildcard tag filters (1-5) for the *_WITH_EXCLUSION mutabilities.",
    // How many filters a mutability needs is a rule across fields: a precondition (lib/settings-preconditions.ts).
    rules: variableValidations(F.imageTagMutabilityExclusionFilters),
  },
  encryption_type: {
    input: "encryptionType",
    type: "string",
    default: "AES256",
    nullable: false,
    description: "Encryption of created repositories: AES256 or KMS.",
    rules: variableValidations(F.encryptionType),
  },
  kms_key: {
    input: "kmsKey",
    type: "string",
    default: null,
    nullable: true,
    description: "KMS key ARN for encryption_type KMS; null uses the AWS managed key.",
    rules: variableValidations(F.kmsKey),
  },
  prefix_settings: {
    input: "prefixSettings",
    type: PREFIX_SETTINGS_TYPE,
    default: {},
    nullable: false,
    description: "Settings by namespace (most specific wins): image_tag_mutability, scan_on_push, encryption_type, kms_key, lifecycle_policy, repository_policy (\"\" = none), tags.",
    rules: prefixSettingsRules("tfvars"),
  },
  event_names: {
    input: "eventNames",
    type: "list(string)",
    default: ["InitiateLayerUpload"],
    nullable: false,
    description: "CloudTrail event names (failed with RepositoryNotFoundException) that trigger a creation.",
    rules: [[(v) => and(gte(length(v), 1), every("n", v, matches(EVENT_NAME_PATTERN, "n"))), "name at least one ECR API action, e.g. InitiateLayerUpload"]],
  },
  tracing: { input: "tracing", type: "bool", default: false, nullable: false, description: "X-Ray active tracing for the function." },
  runtime: { input: "runtime", type: "string", default: "nodejs22.x", nullable: false, description: "Lambda runtime.", rules: [[(v) => matches(RUNTIME_PATTERN, v), "use nodejs22.x or a later nodejsNN.x"]] },
  architecture: { input: "architecture", type: "string", default: "arm64", nullable: false, description: "Lambda architecture.", rules: [[(v) => contains(list(ARCHITECTURES), v), `use ${ARCHITECTURES.map((a) => `"${a}"`).join(" or ")}`]] },
  memory_size: { input: "memorySize", type: "number", default: 256, nullable: false, description: "Function memory in MB.", rules: [[(v) => inRange(v, LAMBDA_RANGES.memorySize), `use whole MB from ${LAMBDA_RANGES.memorySize.join(" to ")}`]] },
  log_kms_key_arn: { input: KMS_KEY_INPUTS.log_kms_key_arn, type: "string", default: null, nullable: true, description: "KMS key ARN for the log group.", rules: KMS_KEY_RULES },
  kms_key_arn: { input: KMS_KEY_INPUTS.kms_key_arn, type: "string", default: null, nullable: true, description: "KMS key ARN that encrypts the function's environment variables; null uses Lambda's AWS managed key.", rules: KMS_KEY_RULES },
  dead_letter_queue_kms_key_arn: {
    input: KMS_KEY_INPUTS.dead_letter_queue_kms_key_arn,
    type: "string",
    default: null,
    nullable: true,
    description: "KMS key ARN of the dead-letter queue instead of SQS-managed encryption; its key policy must let events.amazonaws.com use it.",
    rules: KMS_KEY_RULES,
  },
  application_log_level: {
    input: "applicationLogLevel",
    type: "string",
    default: "INFO",
    nullable: false,
    description: "The function's application log level (Lambda logging config).",
    rules: [[(v) => contains(list(APPLICATION_LOG_LEVELS), v), `use one of ${APPLICATION_LOG_LEVELS.join(", ")}`]],
  },
  system_log_level: {
    input: "systemLogLevel",
    type: "string",
    default: "WARN",
    nullable: false,
    description: "Level of Lambda's own records in the function's log group.",
    rules: [[(v) => contains(list(SYSTEM_LOG_LEVELS), v), `use one of ${SYSTEM_LOG_LEVELS.join(", ")}`]],
  },
  role_permissions_boundary: {
    input: "rolePermissionsBoundary",
    type: "string",
    default: null,
    nullable: true,
    description: "Permissions boundary (IAM policy ARN) of the roles created; null sets none.",
    rules: [[(v) => nullOr(v, matches(POLICY_ARN, v)), "must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>) or null"]],
  },
  role_path: {
    input: "rolePath",
    type: "string",
    default: "/",
    nullable: false,
    description: "IAM path of the roles created.",
    rules: [[(v) => matches(IAM_PATH, v), 'use "/" or "/<path>/" of printable ASCII, at most 512 characters']],
  },
  metrics_namespace: {
    input: "metricsNamespace",
    type: "string",
    default: null,
    nullable: true,
    description: `CloudWatch namespace of the function's metrics; null keeps the function's default (${DEFAULT_METRICS_NAMESPACE}).`,
    rules: [[(v) => nullOr(v, metricsNamespaceCondition(v)), METRICS_NAMESPACE_RULE.message]],
  },
  maximum_event_age_in_seconds: {
    input: "maximumEventAgeInSeconds",
    type: "number",
    default: 21600,
    nullable: false,
    description: "How long Lambda keeps retrying an event before the dead-letter queue.",
    rules: [[(v) => inRange(v, LAMBDA_RANGES.eventAge), `use ${LAMBDA_RANGES.eventAge.join("-")} seconds`]],
  },
  maximum_retry_attempts: { input: "maximumRetryAttempts", type: "number", default: 2, nullable: false, description: "Retries after a function error.", rules: [[(v) => inRange(v, LAMBDA_RANGES.retries), "use 0, 1 or 2"]] },
  allowed_pusher_accounts: {
    input: "allowedPusherAccounts",
    type: "list(string)",
    default: [],
    nullable: false,
    description: 'Accounts besides the registry\'s own whose pushes may create a repository; ["*"] allows any.',
    rules: [
      [
        (v) => or(paren(and(eq(length(v), "1"), contains(v, str(ANY_ACCOUNT)))), every("a", v, matches(ACCOUNT_ID_PATTERN, "a"))),
        'list 12-digit account ids, or ["*"] alone to allow any account',
      ],
    ],
  },
  alarm_actions: { input: ALARM_ACTION_INPUTS.alarm_actions, type: "list(string)", default: [], nullable: false, description: "SNS topic ARNs the alarms notify when they fire.", rules: ALARM_ACTION_RULES },
  ok_actions: { input: ALARM_ACTION_INPUTS.ok_actions, type: "list(string)", default: [], nullable: false, description: "SNS topic ARNs the alarms notify when they return to OK.", rules: ALARM_ACTION_RULES },
  account_concurrency_quota: {
    input: "accountConcurrencyQuota",
    type: "number",
    default: LAMBDA_CONCURRENCY.defaultQuota,
    nullable: false,
    description: `The account's Lambda concurrent-executions quota in the Region (AWS's default ${LAMBDA_CONCURRENCY.defaultQuota}); lambda_concurrency may reserve it less ${LAMBDA_CONCURRENCY.unreservedMinimum}.`,
    rules: [[(v) => and(gte(v, 1), isWhole(v)), "use your account's quota, a whole number from 1 (AWS's default is 1000)"]],
  },
  event_pattern_quota: {
    input: "eventPatternQuota",
    type: "number",
    default: EVENT_PATTERN_QUOTA.defaultQuota,
    nullable: false,
    description: `The account's EventBridge event-pattern size quota in characters (AWS's default ${EVENT_PATTERN_QUOTA.defaultQuota}, at most ${EVENT_PATTERN_QUOTA.hardMaximum}).`,
    rules: [[(v) => inRange(v, [EVENT_PATTERN_QUOTA.defaultQuota, EVENT_PATTERN_QUOTA.hardMaximum]), `use your account's quota, ${EVENT_PATTERN_QUOTA.defaultQuota}-${EVENT_PATTERN_QUOTA.hardMaximum} characters`]],
  },
};

/**
 * A variable's description with the allowed values and limits its validation blocks enforce, in the rule table's
 * own words, so that a reader of the module (its README, `terraform-docs`, an IDE) sees them and they cannot drift.
 */
export function describedWithRules(spec: VariableSpec): string {
  const rules = (spec.rules ?? []).map(([, message]) => message);
  return rules.length === 0 ? spec.description : `${spec.description} Allowed: ${rules.join("; ")}.`;
}

/**
 * managed_repo_prefixes in either meaning of a prefix (handler/repository-names.ts): the same limits the
 * function checks at cold start (prefixProblem, stringPrefixProblem).
 */
export function managedPrefixesVariable(match: PrefixMatch): VariableSpec {
  const common = { input: "managedRepoPrefixes", type: "list(string)", default: [], nullable: false } as const;
  if (match === "string") {
    return {
      ...common,
      description: `List of managed ECR repo prefixes Lambda can create repos for; each is ${PREFIX_MATCH_WORDS.string}, of at most ${REPOSITORY_NAME_MAX - 1} characters; empty allows every name.`,
      rules: [
        [(v) => every("p", v, matches(REPOSITORY_NAME_PATTERN, templateWithSuffix("p", "a"))), 'each prefix must be how an ECR name can start: lowercase letters and digits separated by ".", "_", "__" or "-", in "/"-separated parts ("app-" and "backend" are prefixes)'],
        [(v) => every("p", v, and(gte(length("p"), 1), lte(length("p"), REPOSITORY_NAME_MAX - 1))), `each prefix has 1 to ${REPOSITORY_NAME_MAX - 1} characters, to leave room for a name that starts with it`],
      ],
    };
  }
  return {
    ...common,
    description: `List of managed ECR repo prefixes Lambda can create repos for; each is ${PREFIX_MATCH_WORDS.namespace}, of at most ${PREFIX_MAX} characters; empty allows every name.`,
    rules: [
      [(v) => every("p", v, matches(REPOSITORY_NAME_PATTERN, barePrefix("p"))), 'each prefix is a namespace: lowercase letters and digits separated by ".", "_", "__" or "-", in "/"-separated parts (a trailing "/" is implied)'],
      [(v) => every("p", v, lte(length(barePrefix("p")), PREFIX_MAX)), `each prefix has at most ${PREFIX_MAX} characters, to leave room for a name under it`],
    ],
  };
}

/**
 * Declares `specs` as variables in `stack` (under the names given, with overridden defaults where asked) and
 * returns the construct config that reads them.
 */
export function declareVariables(stack: TerraformStack, specs: Readonly<Record<string, VariableSpec>>): EcrCreateOnPushConfig {
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const v = variableRef(name);
    const variable = new TerraformVariable(stack, name, {
      type: spec.type,
      nullable: spec.nullable,
      description: describedWithRules(spec),
      validation: (spec.rules ?? []).map(([condition, message]) => ({ condition: interpolate(condition(v)), errorMessage: `${name}: ${message}.` })),
    });
    // cdktf drops a null default; Terraform needs it to make the variable optional.
    variable.addOverride("default", spec.default);
    config[spec.input] = valueOf(variable, spec.type);
  }
  const tagsVar = Object.entries(specs).find(([, s]) => s.input === "repoTags")?.[0];
  if (tagsVar) {
    // null is the anchors' "no tags"; config.ts withoutFunctionTags drops the keys the function sets.
    config.repoTags = local(stack, "repo_tags", paren(orEmpty(variableRef(tagsVar), "{}")));
  }
  const settingsVar = Object.entries(specs).find(([, s]) => s.input === "prefixSettings")?.[0];
  if (settingsVar) {
    config.prefixSettings = local(
      stack,
      "prefix_settings",
      forMap("k, s", variableRef(settingsVar), "k", object(Object.fromEntries(PREFIX_SETTINGS_KEYS.map((f) => [f.setting, attr("s", f.prefixKey)])))),
    );
  }
  // Each value is checked by its variable's validation blocks, with its input's rules: the construct need not repeat them.
  for (const value of Object.values(config)) markValidated(value);
  return config as EcrCreateOnPushConfig;
}

function valueOf(variable: TerraformVariable, type: string): unknown {
  if (type.startsWith("list")) return variable.listValue;
  if (type === "number") return variable.numberValue;
  if (type === "bool") return variable.booleanValue;
  if (type === "string") return variable.stringValue;
  return variable.value;
}

function local(stack: TerraformStack, name: string, expression: string): Record<string, never> {
  const l = new TerraformLocal(stack, `${name}-local`, interpolate(expression));
  l.overrideLogicalId(name);
  return l.asAnyMap as Record<string, never>;
}
