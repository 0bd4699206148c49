/**
 * Every AWS limit a planned request must meet, as one list for people: the README's limits table is generated
 * from it (`npm run docs`). The values are the constants the rules read (the field rules, the variables'
 * validations, the preconditions and the function's parser), so the table cannot say one thing while the checks
 * do another; each constant's own comment cites its source in more detail.
 */
import { ECR_LIMITS } from "../handler/ecr-model";
import { TAG_CHARACTERS_IN_WORDS, TAG_SERVICES } from "../handler/aws-tags";
import { PREFIX_MAX, REPOSITORY_NAME_MAX } from "../handler/repository-names";
import { FUNCTION_TAG_KEYS } from "../handler/field-rules";
import { ENVIRONMENT_LIMIT_BYTES } from "./environment-checks";
import { MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, ROLE_POLICY_LIMIT } from "./iam-policy";
import { EVENT_PATTERN_QUOTA, LAMBDA_CONCURRENCY } from "./quotas";
import { FUNCTION_NAME, RULE_NAME, TEMPLATES_ROLE_NAME } from "./resource-names";
import { ALARM_ACTIONS_MAX, LAMBDA_RANGES, LOG_RETENTION_DAYS } from "./validate";

export interface AwsLimit {
  readonly limit: string;
  readonly value: string;
  readonly source: string;
  /** The input that raises it (an adjustable quota), or null for a fixed limit. */
  readonly raisedBy: string | null;
}

const ECR_MODEL = "ECR API model (botocore ecr 2015-09-21)";
const LAMBDA_MODEL = "Lambda API reference (CreateFunction, PutFunctionEventInvokeConfig)";
const range = ([min, max]: readonly [number, number]) => `${min}-${max}`;
const characterRows = Object.values(TAG_SERVICES).map(
  (s): AwsLimit => ({
    limit: `Tag key and value characters, ${s.service} (${s.calls})`,
    value: s.characters === null ? "no character set in the model" : TAG_CHARACTERS_IN_WORDS,
    source: s.source,
    raisedBy: null,
  }),
);

export const AWS_LIMITS: readonly AwsLimit[] = [
  { limit: "Event pattern size (PutRule EventPattern)", value: `${EVENT_PATTERN_QUOTA.defaultQuota} characters by default, at most ${EVENT_PATTERN_QUOTA.hardMaximum}`, source: "EventBridge quotas (eb-quota); events API model EventPattern", raisedBy: "eventPatternQuota / event_pattern_quota" },
  { limit: "Reserved concurrency (PutFunctionConcurrency)", value: `account quota (${LAMBDA_CONCURRENCY.defaultQuota} by default) less ${LAMBDA_CONCURRENCY.unreservedMinimum} unreserved`, source: "Lambda quotas (gettingstarted-limits); API_PutFunctionConcurrency", raisedBy: "accountConcurrencyQuota / account_concurrency_quota" },
  { limit: "Inline policies of one role, together (PutRolePolicy)", value: `${ROLE_POLICY_LIMIT} characters`, source: "IAM quotas (reference_iam-quotas)", raisedBy: null },
  { limit: "Customer managed policy (CreatePolicy)", value: `${MANAGED_POLICY_LIMIT} characters`, source: "IAM quotas (reference_iam-quotas)", raisedBy: null },
  { limit: "Managed policies attached to a role (AttachRolePolicy)", value: `${MANAGED_POLICIES_PER_ROLE} (AWS's default, adjustable; not an input yet)`, source: "IAM quotas (reference_iam-quotas)", raisedBy: null },
  { limit: "Function environment (CreateFunction Environment)", value: `${ENVIRONMENT_LIMIT_BYTES} bytes, keys and values`, source: "Lambda quotas (gettingstarted-limits)", raisedBy: null },
  { limit: "Function name, rule name, role name", value: `${FUNCTION_NAME.max}, ${RULE_NAME.max}, ${TEMPLATES_ROLE_NAME.max} characters`, source: "Lambda, EventBridge and IAM API models (FunctionName, RuleName, roleNameType)", raisedBy: null },
  { limit: "Function timeout, memory", value: `${range(LAMBDA_RANGES.timeout)} s, ${range(LAMBDA_RANGES.memorySize)} MB`, source: LAMBDA_MODEL, raisedBy: null },
  { limit: "Asynchronous event age, retries", value: `${range(LAMBDA_RANGES.eventAge)} s, ${range(LAMBDA_RANGES.retries)}`, source: LAMBDA_MODEL, raisedBy: null },
  { limit: "Log retention (PutRetentionPolicy)", value: LOG_RETENTION_DAYS.filter((d) => d > 0).join(", ") + " days (0: never expire)", source: "CloudWatch Logs API model retentionInDays", raisedBy: null },
  { limit: "Alarm actions (PutMetricAlarm AlarmActions)", value: `${ALARM_ACTIONS_MAX}`, source: "CloudWatch API model ResourceList", raisedBy: null },
  { limit: "Repository name, prefix", value: `${REPOSITORY_NAME_MAX} characters; a prefix at most ${PREFIX_MAX}, to leave room for a name`, source: `${ECR_MODEL} RepositoryName`, raisedBy: null },
  { limit: "Tags per resource", value: `${ECR_LIMITS.tagsPerResource} (${ECR_LIMITS.tagsPerResource - FUNCTION_TAG_KEYS.length} configurable: the function adds ${FUNCTION_TAG_KEYS.join(", ")})`, source: `${ECR_MODEL} TagList; IAM, Logs quotas`, raisedBy: null },
  { limit: "Tag key, value length", value: `1-${ECR_LIMITS.tagKeyLength}, 0-${ECR_LIMITS.tagValueLength} characters; no "aws:" key prefix`, source: `${ECR_MODEL} TagKey/TagValue; IAM tagKeyType`, raisedBy: null },
  ...characterRows,
  { limit: "Lifecycle policy (PutLifecyclePolicy)", value: `${ECR_LIMITS.lifecyclePolicyMin}-${ECR_LIMITS.lifecyclePolicyMax} characters`, source: `${ECR_MODEL} LifecyclePolicyText`, raisedBy: null },
  { limit: "Repository policy (SetRepositoryPolicy)", value: `${ECR_LIMITS.repositoryPolicyMin}-${ECR_LIMITS.repositoryPolicyMax} characters`, source: `${ECR_MODEL} RepositoryPolicyText`, raisedBy: null },
  { limit: "Tag mutability exclusion filters", value: `1-${ECR_LIMITS.exclusionFiltersMax}, each 1-128 of [0-9a-zA-Z._*-]`, source: `${ECR_MODEL} ImageTagMutabilityExclusionFilter`, raisedBy: null },
];
