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
 * What a managed prefix means, the one place it is defined (the construct's `prefixMatch`, the handler's
 * PREFIX_MATCH): `namespace`, as in ECR's repository creation templates ("backend" covers "backend/api" only), or
 * `string`, as the Paradigm module's handler tests `repo.startswith(prefix)` ("backend" covers "backend-api" and
 * "backend/api"; "app-" is a valid prefix).
 */
export const PREFIX_MATCHES = ["namespace", "string"] as const;
export type PrefixMatch = (typeof PREFIX_MATCHES)[number];
export const DEFAULT_PREFIX_MATCH: PrefixMatch = "namespace";

/** The two meanings in words, for descriptions and for the warning that a prefix without "/" changes coverage. */
export const PREFIX_MATCH_WORDS: Readonly<Record<PrefixMatch, string>> = {
  namespace: 'a namespace: "backend" and "backend/" cover "backend/api", not "backend-api" (ECR\'s templates)',
  string: 'a plain string prefix: "backend" covers "backend-api" and "backend/api", "backend/" only "backend/api" (the Paradigm module)',
};

/** What a name must start with to lie under `prefix`: `<prefix>/` for a namespace, the prefix itself for a string prefix. */
export function coveredStart(prefix: string, match: PrefixMatch): string {
  return match === "string" ? prefix : `${normalizePrefix(prefix)}/`;
}

/** True when `name` lies under `prefix` in the given meaning. */
export function covers(name: string, prefix: string, match: PrefixMatch): boolean {
  return name.startsWith(coveredStart(prefix, match));
}

/** Why a string prefix could never start an ECR repository name, or undefined when it can ("app-", "backend", "team/"). */
export function stringPrefixProblem(prefix: string): string | undefined {
  if (prefix.length === 0) return "is empty; leave the list empty to allow every name";
  if (prefix.length > REPOSITORY_NAME_MAX - 1) return `is ${prefix.length} characters; at most ${REPOSITORY_NAME_MAX - 1} leave room for a name that starts with it`;
  // Some name starts with it exactly when it followed by one more letter is a name.
  if (!REPOSITORY_NAME_PATTERN.test(`${prefix}a`)) return "is not how an ECR name can start: lowercase letters and digits separated by '.', '_', '__' or '-', in '/'-separated parts";
  return undefined;
}

/** prefixProblem or stringPrefixProblem, by meaning. */
export function managedPrefixProblem(prefix: string, match: PrefixMatch): string | undefined {
  return match === "string" ? stringPrefixProblem(prefix) : prefixProblem(prefix);
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

/**
 * True when a prefix-settings key (a namespace) lies within the managed prefixes (itself or under one); any key
 * when there are none. A string prefix holds a key whose namespace starts with it.
 */
export function isWithinPrefixes(key: string, prefixes: readonly string[], match: PrefixMatch = DEFAULT_PREFIX_MATCH): boolean {
  const bare = normalizePrefix(key);
  if (match === "string") return prefixes.length === 0 || prefixes.some((p) => `${bare}/`.startsWith(p));
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
