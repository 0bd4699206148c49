import { Fn, Op, TerraformIterator } from "./framework";
import { normalizePrefix } from "../handler/names";
import { CLOUDTRAIL_EVENT_SOURCE, DETAIL_TYPE, ERROR_CODE, EVENT_SOURCE } from "../handler/parse";
import type { ResolvedConfig } from "./config";
import { choose, hasItems, isLiteral, jsonText, nestable } from "./tokens";

/** The AWS provider's limit on an event pattern (aws_cloudwatch_event_rule validates 4096 characters). */
export const EVENT_PATTERN_LIMIT = 4096;

/**
 * The failed-push CloudTrail records the rule matches, before any prefix filter (AWS-FACTS §1-2): the same values
 * the handler's parser accepts, from the same constants.
 */
export function basePattern(eventNames: readonly string[]) {
  return {
    source: [EVENT_SOURCE],
    "detail-type": [DETAIL_TYPE],
    detail: {
      eventSource: [CLOUDTRAIL_EVENT_SOURCE],
      eventName: nestable(eventNames),
      errorCode: [ERROR_CODE],
    },
  };
}

/** How closely the rule filters names: the prefixes themselves, their first segments, or not at all. */
export type PatternScope = "prefixes" | "top-level" | "none";

/**
 * The rule's event pattern as JSON text. With prefixes, EventBridge matches `<prefix>/` on the repository name, so
 * pushes outside them never invoke the function. The filter only saves invocations (the handler and the role
 * enforce the prefixes), so when the prefixes would not fit the pattern's 4096 characters the rule filters on
 * their first segments instead, and failing that on nothing.
 */
export function buildEventPattern(config: Pick<ResolvedConfig, "eventNames" | "managedRepoPrefixes">): string {
  const prefixes = config.managedRepoPrefixes;
  if (isLiteral(prefixes)) {
    const scope = eventPatternScope(config);
    return jsonText(patternFor(config.eventNames, scope === "none" ? undefined : filtersFor(prefixes, scope)));
  }
  // Terraform makes the same choice from the variable's value.
  const exact = Fn.jsonencode(patternFor(config.eventNames, TerraformIterator.fromList(prefixes).forExpressionForList('{ prefix = "${trimsuffix(val, "/")}/" }')));
  const top = Fn.jsonencode(patternFor(config.eventNames, TerraformIterator.fromList(prefixes).forExpressionForList('{ prefix = "${split("/", trimsuffix(val, "/"))[0]}/" }')));
  const base = Fn.jsonencode(patternFor(config.eventNames, undefined));
  const fits = (text: string) => Op.lte(Fn.lengthOf(text), EVENT_PATTERN_LIMIT);
  return choose(hasItems(prefixes), choose(fits(exact), exact, choose(fits(top), top, base)), base);
}

/** The pattern, with a repository-name filter when there is one. */
function patternFor(eventNames: readonly string[], filters: unknown) {
  const base = basePattern(eventNames);
  return filters === undefined ? base : { ...base, detail: { ...base.detail, requestParameters: { repositoryName: filters } } };
}

/** For a literal config: how the rule will filter (synth warns when not on the prefixes themselves). */
export function eventPatternScope(config: Pick<ResolvedConfig, "eventNames" | "managedRepoPrefixes">): PatternScope {
  const prefixes = config.managedRepoPrefixes;
  if (prefixes.length === 0) return "none";
  const fits = (scope: Exclude<PatternScope, "none">) => jsonText(patternFor(config.eventNames, filtersFor(prefixes, scope))).length <= EVENT_PATTERN_LIMIT;
  if (fits("prefixes")) return "prefixes";
  if (fits("top-level")) return "top-level";
  return "none";
}

/** The prefix filters: each namespace, or only their first segments. */
function filtersFor(prefixes: readonly string[], scope: Exclude<PatternScope, "none">) {
  const bare = prefixes.map(normalizePrefix);
  const namespaces = scope === "prefixes" ? bare : bare.map((p) => p.split("/")[0]);
  return [...new Set(namespaces)].sort().map((p) => ({ prefix: `${p}/` }));
}
