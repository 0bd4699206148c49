/** A literal `name` checked at synth against every resource name built from it (lib/resource-names.ts). */
import type { ConfigIssue } from "./errors";
import { longestName, type ResourceName, shapeOf, SHORTEST_REGION } from "./resource-names";
import { isLiteral } from "./tokens";

/** The name is refused when it fits no Region; a Region-specific excess is left to the resource's precondition. */
export function nameIssues(name: string, resources: readonly ResourceName[]): ConfigIssue[] {
  if (!isLiteral(name)) return [];
  const binding = resources.filter((r) => name.length > longestName(r)).sort((a, b) => longestName(a) - longestName(b))[0];
  if (!binding) return [];
  return [
    {
      code: "name.too-long",
      input: "name",
      message: `name: ${JSON.stringify(name)} is ${name.length} characters; ${binding.what} "${shapeOf(binding)}" is over ${binding.service}'s ${binding.max} characters even in ${SHORTEST_REGION}, so use at most ${longestName(binding)}`,
    },
  ];
}
