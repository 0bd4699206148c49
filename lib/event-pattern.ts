import { Fn, Op, TerraformIterator } from "./framework";
import { ANY_ACCOUNT } from "../handler/event-filters";
import { DEFAULT_PREFIX_MATCH, normalizePrefix, type PrefixMatch } from "../handler/repository-names";
import { CLOUDTRAIL_EVENT_SOURCE, DETAIL_TYPE, ERROR_CODE, EVENT_SOURCE } from "../handler/parse";
import type { ResolvedConfig } from "./config";
import { choose, type Derivation, derive, forFunctions, hasItems, includes, jsonText, nestable } from "./tokens";
import { barePrefix, call, cond, type Expr, index, matches, object, str, templateWithSuffix } from "./hcl";

type PatternInputs = Pick<ResolvedConfig, "eventNames" | "managedRepoPrefixes" | "allowedPusherAccounts" | "eventPatternQuota"> & Partial<Pick<ResolvedConfig, "prefixMatch">>;

/**
 * The failed-push CloudTrail records the rule matches (AWS-FACTS §1-2), with a repository-name filter when there
 * is one: the same values the handler's parser accepts, from the same constants.
 */
export function patternFor(config: Omit<PatternInputs, "managedRepoPrefixes" | "prefixMatch">, filters: unknown) {
  const detail = {
    eventSource: [CLOUDTRAIL_EVENT_SOURCE],
    eventName: nestable(config.eventNames),
    errorCode: [ERROR_CODE],
    ...(filters === undefined ? {} : { requestParameters: { repositoryName: filters } }),
  };
  return { source: [EVENT_SOURCE], "detail-type": [DETAIL_TYPE], detail: derive(PUSHER_FILTERED, config.allowedPusherAccounts, detail) };
}

/**
 * Unless any account may create, a record must name its pusher's account. The pattern cannot list the accounts
 * themselves: the registry's own is known only after apply (the policies name it as the IAM variable
 * ${aws:PrincipalAccount}, which event patterns lack), and a pattern known only after apply would hide the
 * rule from plan review. The handler compares the account exactly (handler/decide.ts pusherAllowed).
 */
const ACCOUNT_NAMED = { userIdentity: { accountId: [{ exists: true }] } };
export const PUSHER_FILTERED: Derivation<[pusherAccounts: readonly string[], detail: Readonly<Record<string, unknown>>], Record<string, unknown>> = {
  inputs: (pusherAccounts) => pusherAccounts,
  // The filter before requestParameters, where cdk.tf.json has always had it.
  literal: (pusherAccounts, { requestParameters, ...fields }) => ({
    ...fields,
    ...(pusherAccounts.includes(ANY_ACCOUNT) ? {} : ACCOUNT_NAMED),
    ...(requestParameters === undefined ? {} : { requestParameters }),
  }),
  // Through JSON text: Terraform's conditional cannot choose between objects of different attributes.
  terraform: (pusherAccounts, detail) => Fn.merge([detail, Fn.jsondecode(forFunctions(choose(includes(pusherAccounts, ANY_ACCOUNT), "{}", jsonText(ACCOUNT_NAMED))))]) as unknown as Record<string, unknown>,
};

/**
 * CloudTrail event names of ECR's read-only calls (IAM access level Read or List): BatchCheckLayerAvailability,
 * BatchGetImage, Describe*, Get*, List*. A rule in state ENABLED skips read-only management events; EventBridge's
 * guide adds that those not named Describe/Get/List may reach it anyway (AWS-FACTS §2), which no one can rely on.
 */
export const READ_ONLY_EVENT_NAME = /^(BatchCheck|BatchGet|Describe|Get|List)[A-Z]/;

const READ_ONLY_STATE = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
const RULE_DESCRIPTION = "Pushes to ECR repositories that do not exist (CloudTrail, RepositoryNotFoundException).";

/**
 * The rule's state and description: ENABLED, or, when an event name is a read-only call, the state that also
 * delivers read-only management events (AWS provider 5.100 and 6.x accept it; it conflicts only with the
 * deprecated is_enabled, which we never set), with the reason in the plan-visible description.
 */
export const ruleState = (eventNames: readonly string[]): RuleState => derive(RULE_STATE, eventNames);
interface RuleState {
  readonly state: string;
  readonly description: string;
}
const why = (names: string) =>
  `${RULE_DESCRIPTION} ${names} read-only, and a rule in state ENABLED is not sure to receive read-only CloudTrail management events, hence ${READ_ONLY_STATE}.`;
export const RULE_STATE: Derivation<[eventNames: readonly string[]], RuleState> = {
  inputs: (eventNames) => eventNames,
  literal: (eventNames) => {
    const readOnly = eventNames.filter((name) => READ_ONLY_EVENT_NAME.test(name));
    if (readOnly.length === 0) return { state: "ENABLED", description: RULE_DESCRIPTION };
    return { state: READ_ONLY_STATE, description: why(`${readOnly.join(", ")} ${readOnly.length === 1 ? "is" : "are"}`) };
  },
  terraform: (eventNames) => {
    const readOnly = Fn.compact(TerraformIterator.fromList(eventNames as string[]).forExpressionForList(cond(matches(READ_ONLY_EVENT_NAME, "val"), "val", str(""))) as unknown as string[]);
    const anyReadOnly = hasItems(readOnly);
    const named = Fn.format(why("%s %s"), [Fn.join(", ", readOnly), Fn.conditional(Op.eq(Fn.lengthOf(readOnly), 1), "is", "are")]);
    return { state: choose(anyReadOnly, READ_ONLY_STATE, "ENABLED"), description: choose(anyReadOnly, named, RULE_DESCRIPTION) };
  },
};

/** How closely the rule filters names: the prefixes themselves, their first segments, or not at all. */
export type PatternScope = "prefixes" | "top-level" | "none";

/**
 * The rule's event pattern as JSON text. With prefixes, EventBridge matches `<prefix>/` on the repository name, so
 * pushes outside them never invoke the function. The filter only saves invocations (the handler and the role
 * enforce the prefixes), so when the prefixes would not fit the account's event-pattern quota (eventPatternQuota,
 * AWS's default 2048 characters: lib/quotas.ts) the rule filters on their first segments instead, and failing that
 * on nothing. One rule, not several: the name filter is an optimisation, and one rule keeps one target, one
 * permission and one dead-letter wiring. What cannot fit even unfiltered is refused (eventPatternIssues).
 */
export const buildEventPattern = (config: PatternInputs): string => derive(EVENT_PATTERN, config);
export const EVENT_PATTERN: Derivation<[config: PatternInputs], string> = {
  inputs: (config) => [config.managedRepoPrefixes, config.eventPatternQuota],
  literal: (config) => literalPattern(config).text,
  terraform: (config) => prefixFilterHcl(config),
};

/** Terraform makes the same choice as the literal half from the variable's value. */
function prefixFilterHcl(config: PatternInputs): string {
  const prefixes = config.managedRepoPrefixes;
  const namespaces = (namespace: Expr) => TerraformIterator.fromList(prefixes).forExpressionForList(namespace);
  // Iterating a list goes through a set, which holds each namespace once, sorted, as filtersFor does.
  // A string prefix is matched as it is ("backend" covers "backend-api"); a namespace as `<prefix>/`.
  const asString = config.prefixMatch === "string";
  const filters = (list: ReturnType<typeof namespaces>, suffix: string) => TerraformIterator.fromList(list).forExpressionForList(object({ prefix: templateWithSuffix("val", suffix) }));
  const exact = Fn.jsonencode(patternFor(config, asString ? filters(namespaces("val"), "") : filters(namespaces(barePrefix("val")), "/")));
  const top = Fn.jsonencode(patternFor(config, filters(namespaces(index(call("split", str("/"), barePrefix("val")), 0)), asString ? "" : "/")));
  const base = Fn.jsonencode(patternFor(config, undefined));
  const fits = (text: string) => Op.lte(Fn.lengthOf(text), config.eventPatternQuota);
  return choose(hasItems(prefixes), choose(fits(exact), exact, choose(fits(top), top, base)), base);
}

/** For a literal config: how the rule will filter (synth warns when not on the prefixes themselves). */
export const eventPatternScope = (config: PatternInputs): PatternScope => literalPattern(config).scope;

/** The closest filter that fits, and the pattern's text with it. */
function literalPattern(config: PatternInputs): { scope: PatternScope; text: string } {
  const prefixes = config.managedRepoPrefixes;
  for (const scope of prefixes.length === 0 ? [] : (["prefixes", "top-level"] as const)) {
    const text = jsonText(patternFor(config, filtersFor(prefixes, scope, config.prefixMatch ?? DEFAULT_PREFIX_MATCH)));
    if (text.length <= config.eventPatternQuota) return { scope, text };
  }
  return { scope: "none", text: jsonText(patternFor(config, undefined)) };
}

/**
 * The prefix filters: each prefix, or only their first segments. A namespace is matched as `<prefix>/`, a string
 * prefix as it is (a first segment then as a string prefix too, which covers every name under the prefix).
 */
function filtersFor(prefixes: readonly string[], scope: Exclude<PatternScope, "none">, match: PrefixMatch) {
  const starts = scope === "prefixes" ? (match === "string" ? prefixes : prefixes.map(normalizePrefix)) : prefixes.map((p) => normalizePrefix(p).split("/")[0]);
  const end = match === "string" ? "" : "/";
  return [...new Set(starts)].sort().map((p) => ({ prefix: `${p}${end}` }));
}
