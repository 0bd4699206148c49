import { TerraformIterator } from "cdktf";
import { normalizePrefix } from "../handler/names";
import type { ResolvedConfig } from "./config";
import { choose, hasItems, isLiteral, jsonText, nestable } from "./tokens";

/** The failed-push CloudTrail records the rule matches, before any prefix filter (AWS-FACTS §1-2). */
export function basePattern(eventNames: readonly string[]) {
  return {
    source: ["aws.ecr"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: {
      eventSource: ["ecr.amazonaws.com"],
      eventName: nestable(eventNames),
      errorCode: ["RepositoryNotFoundException"],
    },
  };
}

/**
 * The rule's event pattern as JSON text. With prefixes, EventBridge matches `<prefix>/` on the repository name,
 * so pushes outside them never invoke the function (and never cost an invocation).
 */
export function buildEventPattern(config: Pick<ResolvedConfig, "eventNames" | "managedRepoPrefixes">): string {
  const base = basePattern(config.eventNames);
  const withPrefixes = (repositoryName: unknown) => ({
    ...base,
    detail: { ...base.detail, requestParameters: { repositoryName } },
  });
  const prefixes = config.managedRepoPrefixes;
  if (isLiteral(prefixes)) {
    if (prefixes.length === 0) return jsonText(base);
    return jsonText(withPrefixes([...new Set(prefixes.map((p) => `${normalizePrefix(p)}/`))].sort().map((prefix) => ({ prefix }))));
  }
  // Terraform computes the same filter from the variable: trim the optional "/" and add exactly one.
  const filters = TerraformIterator.fromList(prefixes).forExpressionForList('{ prefix = "${trimsuffix(val, "/")}/" }');
  return choose(hasItems(prefixes), jsonText(withPrefixes(filters)), jsonText(base));
}
