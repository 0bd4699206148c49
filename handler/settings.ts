/**
 * The function's configuration, read from the environment once, at cold start. Anything malformed throws a
 * ConfigError naming the variable, so a bad deploy fails its first invocation loudly instead of creating
 * repositories with the wrong settings.
 */
import { gunzipSync } from "node:zlib";
import { DEFAULT_METRICS_NAMESPACE, ENV, GZIP_BASE64_MAGIC, METRICS_NAMESPACE_ENV, type PrefixSettings, type RepositorySettings } from "./function-config";
import { ConfigError } from "./errors";
import { ANY_ACCOUNT, EVENT_NAME_PATTERN, pusherAccountsProblem } from "./event-filters";
import { LOG_LEVELS, type LogLevel, type LogSettings } from "./log";
import { METRICS_NAMESPACE_RULE } from "./metrics";
import { DEFAULT_PREFIX_MATCH, isWithinPrefixes, managedPrefixProblem, normalizePrefix, PREFIX_MATCHES, type PrefixMatch, prefixProblem } from "./repository-names";
import { conditionHolds, INHERITED_ONLY_WHEN, prefixView } from "./rules";
import { checkCombination, checkMergedTags, checkPrefixSettings, checkRepositorySettings, isPlainObject } from "./settings-schema";

export interface HandlerSettings {
  /** AWS_LAMBDA_FUNCTION_NAME: the value of the created-by tag, and what marks repositories we may heal. */
  readonly functionName: string;
  /** AWS_REGION: events from any other region are skipped. */
  readonly region: string;
  /** Namespaces normalised (no trailing "/"), string prefixes as given; empty allows every valid name. */
  readonly allowedPrefixes: readonly string[];
  /** What allowedPrefixes mean (PREFIX_MATCH). */
  readonly prefixMatch: PrefixMatch;
  readonly eventNames: readonly string[];
  /** Accounts besides the function's own whose pushes may create, or "any" (["*"]). */
  readonly pusherAccounts: readonly string[] | "any";
  /** Catch-all settings (ECR's ROOT template). */
  readonly defaults: RepositorySettings;
  /** Normalised prefix -> complete settings, already merged over the defaults. */
  readonly prefixes: ReadonlyMap<string, RepositorySettings>;
}

export type Environment = Readonly<Record<string, string | undefined>>;

function required(env: Environment, variable: string): string {
  const value = env[variable];
  if (value === undefined || value.trim() === "") throw new ConfigError(variable, "is not set");
  return value;
}

function json(env: Environment, variable: string): unknown {
  const raw = required(env, variable);
  try {
    const text = raw.startsWith(GZIP_BASE64_MAGIC) ? gunzipSync(Buffer.from(raw, "base64")).toString("utf8") : raw;
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(variable, `is not valid JSON, nor base64 gzip of JSON (${(error as Error).message})`, { cause: error });
  }
}

function fail(variable: string, issues: readonly string[]): never {
  throw new ConfigError(variable, issues.length === 1 ? issues[0]! : `\n  - ${issues.join("\n  - ")}`);
}

function parsePrefixMatch(env: Environment): PrefixMatch {
  // Plain text, like METRICS_NAMESPACE: a stack sets it only when it is not the default.
  const value = env[ENV.prefixMatch];
  if (value === undefined) return DEFAULT_PREFIX_MATCH;
  if (!PREFIX_MATCHES.includes(value as PrefixMatch)) fail(ENV.prefixMatch, [`${JSON.stringify(value)} is not a meaning of a prefix; use ${PREFIX_MATCHES.join(" or ")}`]);
  return value as PrefixMatch;
}

function parseAllowedPrefixes(value: unknown, match: PrefixMatch): string[] {
  const variable = ENV.allowedPrefixes;
  if (!Array.isArray(value)) fail(variable, ["must be a JSON list of prefixes ([] allows every name)"]);
  const issues: string[] = [];
  const seen = new Set<string>();
  for (const prefix of value) {
    if (typeof prefix !== "string") {
      issues.push(`${JSON.stringify(prefix)} is not a string`);
      continue;
    }
    const problem = managedPrefixProblem(prefix, match);
    if (problem) issues.push(`prefix ${JSON.stringify(prefix)} ${problem}`);
    else seen.add(match === "string" ? prefix : normalizePrefix(prefix));
  }
  if (issues.length > 0) fail(variable, issues);
  return [...seen];
}

function parseEventNames(value: unknown): string[] {
  const variable = ENV.eventNames;
  if (!Array.isArray(value) || value.length === 0) fail(variable, ["must be a non-empty JSON list of CloudTrail event names"]);
  const bad = value.filter((name) => typeof name !== "string" || !EVENT_NAME_PATTERN.test(name));
  if (bad.length > 0) fail(variable, bad.map((name) => `${JSON.stringify(name)} is not an ECR API action name (${EVENT_NAME_PATTERN.source}), e.g. InitiateLayerUpload`));
  return [...new Set(value as string[])];
}

function parsePusherAccounts(value: unknown): readonly string[] | "any" {
  const variable = ENV.allowedPusherAccounts;
  if (!Array.isArray(value)) fail(variable, ['must be a JSON list of account ids ([] allows only the function\'s own account, ["*"] any)']);
  const problem = pusherAccountsProblem(value);
  if (problem) fail(variable, [problem]);
  return value.includes(ANY_ACCOUNT) ? "any" : [...new Set(value as string[])];
}

/**
 * Overrides win field by field; tags merge; "" turns a policy off for the prefix. A KMS key and exclusion
 * filters carry over only to settings that can use them (KMS, *_WITH_EXCLUSION).
 */
export function mergeSettings(defaults: RepositorySettings, override: PrefixSettings): RepositorySettings {
  const pick = <K extends keyof RepositorySettings>(key: K): RepositorySettings[K] => {
    const value = override[key];
    return value === null || value === undefined ? defaults[key] : (value as RepositorySettings[K]);
  };
  const policy = (key: "lifecyclePolicy" | "repositoryPolicy"): string | null => {
    const value = pick(key);
    return value === "" ? null : value;
  };
  const imageTagMutability = pick("imageTagMutability");
  const encryptionType = pick("encryptionType");
  const usable = (field: keyof typeof INHERITED_ONLY_WHEN) => conditionHolds(INHERITED_ONLY_WHEN[field], { imageTagMutability, encryptionType });
  return {
    imageTagMutability,
    // null means "inherit" in an override, so a prefix could never drop an inherited key or filter list;
    // they are inherited only where the merged settings can use them.
    imageTagMutabilityExclusionFilters: usable("imageTagMutabilityExclusionFilters") ? pick("imageTagMutabilityExclusionFilters") : [],
    scanOnPush: pick("scanOnPush"),
    encryptionType,
    kmsKey: usable("kmsKey") ? pick("kmsKey") : null,
    lifecyclePolicy: policy("lifecyclePolicy"),
    repositoryPolicy: policy("repositoryPolicy"),
    tags: { ...defaults.tags, ...(override.tags ?? {}) },
  };
}

function parsePrefixSettings(value: unknown, defaults: RepositorySettings, allowed: readonly string[], match: PrefixMatch): Map<string, RepositorySettings> {
  const variable = ENV.prefixSettings;
  if (!isPlainObject(value)) fail(variable, ["must be a JSON object of prefix -> settings overrides ({} for none)"]);
  const issues: string[] = [];
  const merged = new Map<string, RepositorySettings>();
  for (const [prefix, override] of Object.entries(value)) {
    const problem = prefixProblem(prefix);
    if (problem) {
      issues.push(`prefix ${JSON.stringify(prefix)} ${problem}`);
      continue;
    }
    const bare = normalizePrefix(prefix);
    if (!isWithinPrefixes(prefix, allowed, match)) {
      issues.push(`prefix ${JSON.stringify(prefix)} lies outside ${ENV.allowedPrefixes} (${allowed.join(", ")}), so no repository could ever get these settings`);
      continue;
    }
    if (merged.has(bare)) {
      issues.push(`prefix ${JSON.stringify(prefix)} repeats ${JSON.stringify(bare)} (a trailing "/" is implied)`);
      continue;
    }
    if (!checkPrefixSettings(override, prefix, issues)) continue;
    checkCombination(prefixView(defaults, override), prefix, issues);
    const settings = mergeSettings(defaults, override);
    checkMergedTags(settings, `${prefix} (merged over the defaults)`, issues);
    merged.set(bare, settings);
  }
  if (issues.length > 0) fail(variable, issues);
  return merged;
}

export function loadSettings(env: Environment): HandlerSettings {
  const functionName = required(env, "AWS_LAMBDA_FUNCTION_NAME");
  const region = required(env, "AWS_REGION");
  const prefixMatch = parsePrefixMatch(env);
  const allowedPrefixes = parseAllowedPrefixes(json(env, ENV.allowedPrefixes), prefixMatch);
  const eventNames = parseEventNames(json(env, ENV.eventNames));
  const pusherAccounts = parsePusherAccounts(json(env, ENV.allowedPusherAccounts));
  const defaultsValue = json(env, ENV.repositorySettings);
  const issues: string[] = [];
  if (!checkRepositorySettings(defaultsValue, "settings", issues)) fail(ENV.repositorySettings, issues);
  const prefixes = parsePrefixSettings(json(env, ENV.prefixSettings), defaultsValue, allowedPrefixes, prefixMatch);
  return { functionName, region, allowedPrefixes, prefixMatch, eventNames, pusherAccounts, defaults: defaultsValue, prefixes };
}

/**
 * Where the records go and which are written: the function's name as `service`, the metrics namespace, and the
 * application log level Lambda sets from the function's logging config (AWS_LAMBDA_LOG_LEVEL; INFO without one).
 */
export function loadLogSettings(env: Environment): LogSettings {
  const service = required(env, "AWS_LAMBDA_FUNCTION_NAME");
  const namespace = env[METRICS_NAMESPACE_ENV] || DEFAULT_METRICS_NAMESPACE;
  if (!METRICS_NAMESPACE_RULE.accepts(namespace)) {
    throw new ConfigError(METRICS_NAMESPACE_ENV, `${JSON.stringify(namespace)} is not a CloudWatch namespace; ${METRICS_NAMESPACE_RULE.message}`);
  }
  const level = (env.AWS_LAMBDA_LOG_LEVEL || "INFO").toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError("AWS_LAMBDA_LOG_LEVEL", `${JSON.stringify(env.AWS_LAMBDA_LOG_LEVEL)} is not a Lambda log level; use one of ${LOG_LEVELS.join(", ")}`);
  }
  return { service, namespace, level: level as LogLevel };
}
