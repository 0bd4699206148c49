/**
 * Repository-name and prefix rules shared by the handler (at run time) and the construct (at synth).
 * Pure: no I/O, no AWS SDK, so `lib/` can import it without pulling the SDK into synth.
 */

/** ECR's repositoryName pattern (botocore ecr service-2.json, AWS-FACTS §3), anchored. */
export const REPOSITORY_NAME_PATTERN =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
export const REPOSITORY_NAME_MIN = 2;
export const REPOSITORY_NAME_MAX = 256;
/** A prefix leaves room for "/" and one more character of a name under it. */
export const PREFIX_MAX = REPOSITORY_NAME_MAX - 2;

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
  const bare = normalizePrefix(key);
  return prefixes.length === 0 || prefixes.some((p) => bare === normalizePrefix(p) || isUnderPrefix(key, p));
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
