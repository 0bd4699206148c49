import { Fn, type IResolvable, type TerraformProvider, Token } from "./framework";
import { type EncryptionType, type ImageTagMutability } from "../handler/ecr-model";
import { FUNCTION_TAG_KEYS } from "../handler/field-rules";
import { type PrefixSettings, type RepositorySettings } from "../handler/function-config";
import { DEFAULT_PREFIX_MATCH, type PrefixMatch } from "../handler/repository-names";
import { LOG_LEVELS } from "../handler/log";
import { type Derivation, derive } from "./tokens";
import type { NativeOptions } from "./native-options";
import { EVENT_PATTERN_QUOTA, LAMBDA_CONCURRENCY } from "./quotas";

/**
 * Inputs of {@link EcrCreateOnPush}. The first eleven are the Paradigm module's variables
 * (tradeparadigm/terraform-aws-ecr-repo-lambda) in camelCase, with the same meaning and defaults.
 *
 * Every input may be a Terraform token (for example a `TerraformVariable`'s value) except `deadLetterQueue`,
 * which decides which resources exist. Literal values are validated at synth; tokens at plan time. Inputs with a
 * fixed set of values are typed as that set; a token goes in as a variable's `value` or `Token.asAny(...)`.
 */
export interface EcrCreateOnPushConfig {
  /**
   * The AWS provider of every resource and data source this construct creates, so that one stack can serve several
   * Regions or accounts (one instance per provider). Two instances with the same provider need different `name`s.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * `lambda`: an EventBridge rule and a function create repositories (AWS provider 5.100 or 6.x). `native`: ECR's
   * own CREATE_ON_PUSH repository creation templates, one per prefix (AWS provider 6.28 or later). Must be a literal.
   * @default "lambda"
   */
  readonly mode?: "lambda" | "native";
  /**
   * Native mode only: extra `appliedFor` values, `blobMounting` (the registry's BLOB_MOUNTING setting), template
   * `description` and `createdBy` tag. Must be a literal object.
   * @default {}
   */
  readonly native?: NativeOptions;
  /**
   * Base name. The function, its role and its log group are named `<name>-<region>`. At most 29 characters in
   * Lambda mode: the rule `ecr-repo-404-on-push-for-<name>-<region>` must fit EventBridge's 64 even in a
   * 9-character Region such as us-east-1, and the plan checks the real Region's. At most 44 when native mode
   * creates its role `<name>-templates-<region>`.
   * @default "create-ecr-repo"
   */
  readonly name?: string;
  /**
   * Reserved concurrency of the function; -1 leaves it unreserved.
   * @default 1
   */
  readonly lambdaConcurrency?: number;
  /**
   * The account's Lambda concurrent-executions quota in the Region (adjustable): Lambda keeps 100 of it
   * unreserved, so lambdaConcurrency may be at most this minus 100. Set it when your quota was raised.
   * @default 1000 - AWS's default quota
   */
  readonly accountConcurrencyQuota?: number;
  /**
   * The account's EventBridge event-pattern size quota in characters (adjustable up to 4096). When the prefixes do
   * not fit one pattern under it, the rule filters on their first segments, or on no name (the function still
   * skips names outside them); a pattern that cannot fit at all is refused.
   * @default 2048 - AWS's default quota
   */
  readonly eventPatternQuota?: number;
  /**
   * Function timeout in seconds (1-900).
   * @default 10
   */
  readonly lambdaTimeout?: number;
  /**
   * Days to keep the function's logs: one of CloudWatch's values; 0 keeps them forever.
   * @default 14
   */
  readonly logRetentionDays?: number;
  /**
   * Tags on the AWS resources this construct creates (`managed-by = terraform` is added unless set here).
   * @default {}
   */
  readonly tags?: Record<string, string>;
  /**
   * Prefixes the function may create repositories under, in the meaning `prefixMatch` gives them (by default
   * namespaces: "team" and "team/" both cover "team/api").
   * Also filtered in the EventBridge pattern and the IAM policy, so nothing outside them is even invoked.
   * @default [] - every valid name is allowed (synth warns)
   */
  readonly managedRepoPrefixes?: string[];
  /**
   * What a managed prefix means: `"namespace"` ("backend" covers "backend/api", not "backend-api", as ECR's
   * templates have it) or `"string"` (a plain string prefix, as the Paradigm module's handler has it: "backend"
   * covers "backend-api"; "app-" is valid). The rule's pattern, the role's ARNs and the function follow it.
   * Native mode takes only `"namespace"`: ECR's templates know no other.
   * @default "namespace" - the ParadigmCompatibleStack sets "string"
   */
  readonly prefixMatch?: PrefixMatch;
  /**
   * Tag mutability of created repositories: MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION.
   * @default "MUTABLE"
   */
  readonly imageTagMutability?: ImageTagMutability | IResolvable;
  /**
   * Wildcard tag filters (1-5) for the *_WITH_EXCLUSION mutabilities.
   * @default []
   */
  readonly imageTagMutabilityExclusionFilters?: string[];
  /**
   * Lifecycle policy JSON put on every created repository; null puts none.
   * @default keep the 20 most recent untagged images (rule priority 10)
   */
  readonly repoLifecyclePolicy?: string | null;
  /**
   * Repository policy JSON set on every created repository; null sets none.
   * @default null
   */
  readonly repoPolicy?: string | null;
  /**
   * Tags on every created repository. The function adds `created-by` (its name) and `created-for` (the pusher's ARN).
   * @default {}
   */
  readonly repoTags?: Record<string, string>;
  /**
   * Scan on push for created repositories.
   * @default true
   */
  readonly repoScanOnPush?: boolean | IResolvable;
  /**
   * Encryption of created repositories: AES256, or KMS (with `kmsKey`, or the AWS managed key when unset).
   * @default "AES256"
   */
  readonly encryptionType?: EncryptionType | IResolvable;
  /**
   * KMS key ARN for `encryptionType` KMS. The function's role may use only this key, and only through ECR.
   * @default null - the AWS managed key `aws/ecr`
   */
  readonly kmsKey?: string | null;
  /**
   * Settings by namespace, overriding the ones above for names under it; the most specific prefix wins,
   * as with ECR's repository creation templates. Each key must lie within `managedRepoPrefixes` when that is set.
   * @default {}
   */
  readonly prefixSettings?: Record<string, PrefixSettings>;
  /**
   * CloudTrail event names (failed with RepositoryNotFoundException) that trigger a creation.
   * @default ["InitiateLayerUpload"]
   */
  readonly eventNames?: string[];
  /**
   * X-Ray active tracing for the function.
   * @default false
   */
  readonly tracing?: boolean | IResolvable;
  /**
   * Lambda runtime: nodejs22.x or a later Node.js runtime.
   * @default "nodejs22.x"
   */
  readonly runtime?: NodejsRuntime | IResolvable;
  /**
   * Lambda architecture: arm64 or x86_64.
   * @default "arm64"
   */
  readonly architecture?: Architecture | IResolvable;
  /**
   * Function memory in MB (128-10240). More memory also means more CPU for a faster cold start.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * KMS key ARN for the log group; null uses CloudWatch's default encryption.
   * @default null
   */
  readonly logKmsKeyArn?: string | null;
  /**
   * Application log level of the function (Lambda's logging config): TRACE, DEBUG, INFO, WARN, ERROR or FATAL.
   * Lambda passes it to the function as AWS_LAMBDA_LOG_LEVEL, and the function writes only records at or above it.
   * @default "INFO"
   */
  readonly applicationLogLevel?: ApplicationLogLevel;
  /**
   * Level of the records Lambda itself writes to the function's log group (START, END, REPORT, platform
   * events): DEBUG, INFO or WARN.
   * @default "WARN"
   */
  readonly systemLogLevel?: SystemLogLevel;
  /**
   * KMS key ARN that encrypts the function's environment variables (Lambda `kms_key_arn`). Lambda decrypts them
   * through a grant it makes with the deploying principal's permissions, which therefore needs kms:CreateGrant,
   * kms:Encrypt and kms:Decrypt on the key; the function's role needs none (docs/operations.md, "Customer KMS keys").
   * @default null - Lambda's AWS managed key
   */
  readonly environmentKmsKeyArn?: string | null;
  /**
   * KMS key ARN of the dead-letter queue (SQS `kms_master_key_id`) instead of SQS-managed encryption. The
   * function's role may use it (kms:GenerateDataKey and kms:Decrypt, through SQS only) to send Lambda's failures;
   * EventBridge sends the rule's with the key's own policy, which must allow events.amazonaws.com the same two
   * actions (docs/operations.md, "Customer KMS keys").
   * @default null - SQS-managed encryption (SSE-SQS)
   */
  readonly deadLetterQueueKmsKeyArn?: string | null;
  /**
   * Permissions boundary (an IAM policy ARN) of the roles this construct creates: the function's role, and native
   * mode's templates role when there is one. For accounts whose SCPs demand one on every role.
   * @default null - no permissions boundary
   */
  readonly rolePermissionsBoundary?: string | null;
  /**
   * IAM path of the roles this construct creates (the function's, and native mode's templates role): "/" or
   * "/<path>/", at most 512 characters.
   * @default "/"
   */
  readonly rolePath?: string;
  /**
   * CloudWatch namespace of the function's metrics (its EMF records): 1-255 letters, digits, spaces and
   * . - _ / # :, not starting with ":" or "AWS/". Sets the function's METRICS_NAMESPACE variable only when given.
   * @default null - the function's own default, "EcrCreateOnPush"
   */
  readonly metricsNamespace?: string | null;
  /**
   * An encrypted SQS dead-letter queue for events that the rule could not deliver or the function never
   * handled. Must be a literal: it decides which resources exist.
   * @default true
   */
  readonly deadLetterQueue?: boolean;
  /**
   * How long Lambda keeps retrying an event (throttles included) before it goes to the dead-letter queue, 60-21600 s.
   * @default 21600 - Lambda's maximum, so a burst that meets the reserved concurrency waits instead of being dropped
   */
  readonly maximumEventAgeInSeconds?: number;
  /**
   * Retries after a function error (0-2), before the event goes to the dead-letter queue.
   * @default 2
   */
  readonly maximumRetryAttempts?: number;
  /**
   * Accounts besides the registry's own whose pushes may create a repository (CI in other accounts pushing to a
   * central registry); ["*"] allows any account. The function checks the CloudTrail record's
   * `userIdentity.accountId`; a record without one creates only with ["*"].
   * @default [] - only the registry's own account
   */
  readonly allowedPusherAccounts?: string[];
  /**
   * CloudWatch alarms on the dead-letter queue (any message) and on the function's errors. Must be a literal: it
   * decides which resources exist.
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * SNS topic ARNs (at most 5) the alarms notify when they fire.
   * @default [] - the alarms change state but notify nobody
   */
  readonly alarmActions?: string[];
  /**
   * SNS topic ARNs (at most 5) the alarms notify when they return to OK, so whoever heard of a failure also hears
   * that it ended.
   * @default [] - nobody hears of the recovery
   */
  readonly okActions?: string[];
}

export const ARCHITECTURES = ["arm64", "x86_64"] as const;
/** Lambda's application log levels: the function's own (handler/log.ts), which Lambda passes as AWS_LAMBDA_LOG_LEVEL. */
export const APPLICATION_LOG_LEVELS = LOG_LEVELS;
export type ApplicationLogLevel = (typeof APPLICATION_LOG_LEVELS)[number];
/** Lambda's system log levels (LoggingConfig SystemLogLevel). */
export const SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"] as const;
export type SystemLogLevel = (typeof SYSTEM_LOG_LEVELS)[number];
export type Architecture = (typeof ARCHITECTURES)[number];
/** A Lambda Node.js runtime identifier, e.g. "nodejs22.x". */
export type NodejsRuntime = `nodejs${number}.x`;

/** The Paradigm module's default lifecycle policy: keep the 20 most recent untagged images. */
export const DEFAULT_LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 10,
      description: "Only keep 20 most recent untagged images.",
      selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 20 },
      action: { type: "expire" },
    },
  ],
});

/** The construct's inputs with every default filled in. */
export type ResolvedConfig = {
  readonly [K in Exclude<keyof EcrCreateOnPushConfig, "repoLifecyclePolicy" | "repoPolicy" | "kmsKey" | "logKmsKeyArn" | "environmentKmsKeyArn" | "deadLetterQueueKmsKeyArn" | "rolePermissionsBoundary" | "metricsNamespace" | "imageTagMutability" | "encryptionType" | "runtime" | "architecture" | "provider">]-?: NonNullable<EcrCreateOnPushConfig[K]>;
} & {
  readonly repoLifecyclePolicy: string | null;
  readonly repoPolicy: string | null;
  readonly kmsKey: string | null;
  readonly logKmsKeyArn: string | null;
  readonly environmentKmsKeyArn: string | null;
  readonly deadLetterQueueKmsKeyArn: string | null;
  readonly rolePermissionsBoundary: string | null;
  readonly metricsNamespace: string | null;
  /** Enum inputs: the literal, or a string token (typed as the set, like cdktf's own string tokens). */
  readonly imageTagMutability: ImageTagMutability;
  readonly encryptionType: EncryptionType;
  readonly runtime: NodejsRuntime;
  readonly architecture: Architecture;
  /** undefined: the stack's default AWS provider. */
  readonly provider: TerraformProvider | undefined;
};

/** An enum input as a string: a token given as `IResolvable` becomes a string token. */
const asEnum = <T extends string>(value: T | IResolvable): T => (typeof value === "string" ? value : (Token.asString(value) as T));

/** Fills in defaults, once; nothing else in the library uses `??` on config. */
export function resolveDefaults(config: EcrCreateOnPushConfig = {}): ResolvedConfig {
  return {
    provider: config.provider,
    mode: config.mode ?? "lambda",
    native: config.native ?? {},
    name: config.name ?? "create-ecr-repo",
    lambdaConcurrency: config.lambdaConcurrency ?? 1,
    accountConcurrencyQuota: config.accountConcurrencyQuota ?? LAMBDA_CONCURRENCY.defaultQuota,
    eventPatternQuota: config.eventPatternQuota ?? EVENT_PATTERN_QUOTA.defaultQuota,
    lambdaTimeout: config.lambdaTimeout ?? 10,
    logRetentionDays: config.logRetentionDays ?? 14,
    tags: config.tags ?? {},
    managedRepoPrefixes: config.managedRepoPrefixes ?? [],
    prefixMatch: config.prefixMatch ?? DEFAULT_PREFIX_MATCH,
    imageTagMutability: asEnum(config.imageTagMutability ?? "MUTABLE"),
    imageTagMutabilityExclusionFilters: config.imageTagMutabilityExclusionFilters ?? [],
    // `null` is meaningful here (no policy), so only an absent value takes the default.
    repoLifecyclePolicy: config.repoLifecyclePolicy === undefined ? DEFAULT_LIFECYCLE_POLICY : config.repoLifecyclePolicy,
    repoPolicy: config.repoPolicy ?? null,
    repoTags: config.repoTags ?? {},
    repoScanOnPush: config.repoScanOnPush ?? true,
    encryptionType: asEnum(config.encryptionType ?? "AES256"),
    kmsKey: config.kmsKey ?? null,
    prefixSettings: config.prefixSettings ?? {},
    eventNames: config.eventNames ?? ["InitiateLayerUpload"],
    tracing: config.tracing ?? false,
    runtime: asEnum(config.runtime ?? "nodejs22.x"),
    architecture: asEnum(config.architecture ?? "arm64"),
    memorySize: config.memorySize ?? 256,
    logKmsKeyArn: config.logKmsKeyArn ?? null,
    applicationLogLevel: config.applicationLogLevel ?? "INFO",
    systemLogLevel: config.systemLogLevel ?? "WARN",
    environmentKmsKeyArn: config.environmentKmsKeyArn ?? null,
    deadLetterQueueKmsKeyArn: config.deadLetterQueueKmsKeyArn ?? null,
    rolePermissionsBoundary: config.rolePermissionsBoundary ?? null,
    rolePath: config.rolePath ?? "/",
    metricsNamespace: config.metricsNamespace ?? null,
    deadLetterQueue: config.deadLetterQueue ?? true,
    maximumEventAgeInSeconds: config.maximumEventAgeInSeconds ?? 21600,
    maximumRetryAttempts: config.maximumRetryAttempts ?? 2,
    allowedPusherAccounts: config.allowedPusherAccounts ?? [],
    alarms: config.alarms ?? true,
    alarmActions: config.alarmActions ?? [],
    okActions: config.okActions ?? [],
  };
}

/** The catch-all repository settings (ECR's ROOT template) the config describes. */
export function catchAllSettings(config: ResolvedConfig): RepositorySettings {
  return {
    imageTagMutability: config.imageTagMutability,
    imageTagMutabilityExclusionFilters: config.imageTagMutabilityExclusionFilters,
    scanOnPush: config.repoScanOnPush as boolean,
    encryptionType: config.encryptionType,
    kmsKey: config.kmsKey,
    lifecyclePolicy: config.repoLifecyclePolicy,
    repositoryPolicy: config.repoPolicy,
    tags: withoutFunctionTags(config.repoTags),
  };
}

/**
 * The function sets created-by and created-for itself. The anchors let users set created-by (theirs was then
 * overwritten), so a `.tfvars` that sets it must keep working: the keys are dropped, with a warning, not refused.
 */
export const withoutFunctionTags = (tags: Readonly<Record<string, string>>): Record<string, string> => derive(WITHOUT_FUNCTION_TAGS, tags);
export const WITHOUT_FUNCTION_TAGS: Derivation<[tags: Readonly<Record<string, string>>], Record<string, string>> = {
  inputs: (tags) => tags,
  literal: (tags) => Object.fromEntries(Object.entries(tags).filter(([key]) => !FUNCTION_TAG_KEYS.includes(key))),
  terraform: (tags) => {
    // keys() and values() list a map in the same (key) order, so matchkeys keeps the pairs together.
    const kept = Fn.setsubtract(Fn.keys(tags), [...FUNCTION_TAG_KEYS]);
    return Fn.zipmap(Fn.matchkeys(Fn.keys(tags), Fn.keys(tags), kept), Fn.matchkeys(Fn.values(tags), Fn.keys(tags), kept)) as unknown as Record<string, string>;
  },
};

