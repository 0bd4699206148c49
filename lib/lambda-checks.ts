import { Annotations, Fn, TerraformIterator, TerraformStack } from "./framework";
import type { Construct } from "constructs";
import { FUNCTION_TAG_KEYS as FUNCTION_TAGS } from "../handler/field-rules";
import type { ResolvedConfig } from "./config";
import { ENVIRONMENT_LIMIT_BYTES } from "./environment-checks";
import { eventPatternScope } from "./event-pattern";
import { hasItems, hcl, isLiteral, nestable } from "./tokens";
import { anytrue, barePrefix, call, eq, forList, interpolate, length, not, or, startswith, str, withinPrefix } from "./hcl";
import { PREFIX_MATCH_WORDS } from "../handler/repository-names";
import type { Precondition } from "./errors";

const EMPTY_PREFIXES =
  "managed_repo_prefixes is empty: a push of any valid name creates a repository, and the role may create every repository in the account. Set prefixes to limit both.";

/**
 * Where prefixes are namespaces but come from a variable a Paradigm user may have kept, a prefix without a trailing
 * "/" covers less than it did there ("backend" no longer covers "backend-api"): a plan-time warning (check block)
 * names both meanings and the prefixes concerned. "backend/" means the same in both, so it never warns.
 */
export function warnPrefixMeaning(scope: Construct, config: Pick<ResolvedConfig, "managedRepoPrefixes" | "prefixMatch">): void {
  if (config.prefixMatch !== "namespace" || isLiteral(config.managedRepoPrefixes)) return;
  const prefixes = hcl(config.managedRepoPrefixes);
  const without = forList("p", prefixes, "p", not(call("endswith", "p", str("/"))));
  TerraformStack.of(scope).addOverride(`check.${scope.node.id}_prefix_meaning`, {
    assert: [
      {
        condition: interpolate(eq(length(without), "0")),
        error_message:
          `managed_repo_prefixes: \${join(", ", ${without})} without a trailing "/": here each prefix is ${PREFIX_MATCH_WORDS.namespace}; ` +
          `the Paradigm module's handler matched it as ${PREFIX_MATCH_WORDS.string}. Write "<prefix>/" for the namespace, which both read alike, or list the names it should cover.`,
      },
    ],
  });
}

/** Legal but risky Lambda-mode input: a synth warning for literals, a plan-time check block for the prefixes from a variable. */
export function warnLambda(scope: Construct, config: ResolvedConfig): void {
  const annotations = Annotations.of(scope);
  if (!isLiteral(config.managedRepoPrefixes)) {
    // The same warning at plan time, for prefixes from a variable: a check block warns, it does not fail.
    TerraformStack.of(scope).addOverride(`check.${scope.node.id}_managed_repo_prefixes`, {
      assert: [
        {
          condition: hasItems(config.managedRepoPrefixes),
          error_message: EMPTY_PREFIXES,
        },
      ],
    });
  }
  warnPrefixMeaning(scope, config);
  if (isLiteral(config.managedRepoPrefixes) && config.managedRepoPrefixes.length === 0) {
    annotations.addWarning(EMPTY_PREFIXES.replace("managed_repo_prefixes", "managedRepoPrefixes"));
  }
  if (isLiteral([config.managedRepoPrefixes, config.eventNames, config.eventPatternQuota])) {
    const scope = eventPatternScope(config);
    if (config.managedRepoPrefixes.length > 0 && scope !== "prefixes") {
      annotations.addWarning(
        `managedRepoPrefixes: ${config.managedRepoPrefixes.length} prefixes do not fit the account's event-pattern quota of ${config.eventPatternQuota} characters (eventPatternQuota), so the rule filters ${scope === "top-level" ? "on their first segments" : "on no name"}; the function still skips names outside the prefixes, at the cost of an invocation each.`,
      );
    }
  }
  const dropped = isLiteral(config.repoTags) ? Object.keys(config.repoTags).filter((key) => FUNCTION_TAGS.includes(key)) : [];
  if (dropped.length > 0) annotations.addWarning(`repoTags: ${dropped.join(", ")} ignored; the function sets ${FUNCTION_TAGS.join(" and ")} itself.`);
  if (isLiteral(config.lambdaConcurrency) && config.lambdaConcurrency === 0) {
    annotations.addWarning("lambdaConcurrency is 0: the function can never run; events wait, then go to the dead-letter queue.");
  }
  if (isLiteral(config.runtime) && config.runtime !== "nodejs22.x") {
    annotations.addWarning(`runtime ${config.runtime} needs an AWS provider that knows it (nodejs24.x: 6.21.0 or later).`);
  }
}

/**
 * What synth checks on literal values, checked by Terraform for values from variables: the environment's size,
 * and that every prefixSettings key lies within the managed prefixes (else the handler refuses to start).
 */
export function planTimeChecks(config: ResolvedConfig, fits: boolean | undefined): Precondition[] {
  const checks: Precondition[] = [];
  if (fits !== undefined) {
    checks.push({
      condition: fits,
      errorMessage: `managed_repo_prefixes, prefix_settings, repo_lifecycle_policy, repo_policy: the function's configuration exceeds Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte environment limit even compressed; use fewer prefixes (a parent namespace covers its children) or shorter policies.`,
    });
  }
  if (!isLiteral([config.prefixSettings, config.managedRepoPrefixes])) {
    const prefixes = hcl(config.managedRepoPrefixes);
    const within = TerraformIterator.fromMap(nestable(config.prefixSettings)).forExpressionForList(
      or(eq(length(prefixes), "0"), anytrue(forList("p", prefixes, config.prefixMatch === "string" ? startswith(call("format", str("%s/"), barePrefix("key")), "p") : withinPrefix("key", "p")))),
    );
    checks.push({
      condition: Fn.alltrue(within as unknown as boolean[]),
      errorMessage: "prefix_settings: every key must lie within managed_repo_prefixes (when set), or no repository could get its settings and the function refuses to start.",
    });
  }
  return checks;
}
