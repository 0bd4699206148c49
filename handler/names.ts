/**
 * Repository-name and prefix rules shared by the handler (at run time) and the construct (at synth).
 * Pure: no I/O, no AWS SDK, so `lib/` can import it without pulling the SDK into synth.
 */

/** ECR's repositoryName pattern (botocore ecr service-2.json, AWS-FACTS §3), anchored. */
export const REPOSITORY_NAME_PATTERN =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
export const REPOSITORY_NAME_MIN = 2;

/**
 * A CloudTrail eventName the function may react to: an ECR API action name (InitiateLayerUpload,
 * BatchCheckLayerAvailability). The construct validates its eventNames with this and the handler re-checks
 * the environment with it, so a value one side accepts the other never refuses.
 */
export const EVENT_NAME_PATTERN = /^[A-Z][A-Za-z]{2,63}$/;
export const REPOSITORY_NAME_MAX = 256;
/** A prefix leaves room for "/" and one more character of a name under it. */
export const PREFIX_MAX = REPOSITORY_NAME_MAX - 2;

/** An AWS account id (registryId in ECR's model, AWS-FACTS §3). */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** The allowed-pusher-accounts entry that lets a push from any account (or with none recorded) create. */
export const ANY_ACCOUNT = "*";

/**
 * Why a list of allowed pusher accounts is not one, or undefined: 12-digit account ids, or exactly ["*"] for any.
 * The construct checks its input with this and the handler its environment, so the two never disagree.
 */
export function pusherAccountsProblem(accounts: readonly unknown[]): string | undefined {
  if (accounts.includes(ANY_ACCOUNT)) return accounts.length === 1 ? undefined : 'mixes "*" with account ids; use ["*"] alone to allow any account';
  const bad = accounts.filter((account) => typeof account !== "string" || !ACCOUNT_ID_PATTERN.test(account));
  return bad.length === 0 ? undefined : `${bad.map((account) => JSON.stringify(account)).join(", ")} ${bad.length === 1 ? "is not" : "are not"} a 12-digit account id; list account ids, or ["*"] for any account`;
}

/** Why a name is not a repository name ECR would accept, or undefined when it is. */
export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < REPOSITORY_NAME_MIN || name.length > REPOSITORY_NAME_MAX) {
    return `length ${name.length} is outside ${REPOSITORY_NAME_MIN}-${REPOSITORY_NAME_MAX}`;
  }
  if (!REPOSITORY_NAME_PATTERN.test(name)) {
    return "breaks ECR's naming rule: lowercase letters and digits, separated by '.', '_', '__' or '-', in '/'-separated parts";
  }
  return undefined;
}

/**
 * A prefix is a namespace, as in ECR's repository creation templates: a trailing "/" is implied, so
 * "team" and "team/" both cover "team/api" and neither covers "team-b/api" (AWS-FACTS §8).
 * Returns the prefix without its trailing slash.
 */
export function normalizePrefix(prefix: string): string {
  return prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
}

/** Why a prefix could never start an ECR repository name as a namespace, or undefined when it can. */
export function prefixProblem(prefix: string): string | undefined {
  const bare = normalizePrefix(prefix);
  if (bare.length === 0) return "is empty; leave the list empty to allow every name";
  if (bare.length > PREFIX_MAX) return `is ${bare.length} characters; at most ${PREFIX_MAX} leave room for a name under it`;
  if (!REPOSITORY_NAME_PATTERN.test(bare)) {
    return "is not a namespace ECR names can start with: lowercase letters and digits separated by '.', '_', '__' or '-', in '/'-separated parts (a trailing '/' is implied)";
  }
  return undefined;
}

/** True when `name` lies under `prefix` (trailing "/" implied). */
export function isUnderPrefix(name: string, prefix: string): boolean {
  return name.startsWith(`${normalizePrefix(prefix)}/`);
}

/** True when a prefix-settings key lies within the managed prefixes (itself or under one); any key when there are none. */
export function isWithinPrefixes(key: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => normalizePrefix(key) === normalizePrefix(p) || isUnderPrefix(key, p));
}

/**
 * The most specific (longest) prefix that covers `name`, or undefined. ECR's templates apply the
 * most specific match; the handler and native mode choose settings the same way.
 */
export function mostSpecificPrefix(name: string, prefixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const prefix of prefixes) {
    const bare = normalizePrefix(prefix);
    if (isUnderPrefix(name, bare) && (best === undefined || bare.length > best.length)) best = bare;
  }
  return best;
}
