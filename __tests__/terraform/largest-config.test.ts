/**
 * The largest configuration each stack accepts, planned in the longest Region code (ap-southeast-7): the longest
 * name, 48 stack tags of the longest keys and values, 48 repository tags, and as many 60-character prefixes as synth
 * accepts (found by search). Every planned document is measured against AWS's limit, and one prefix more is
 * refused at plan, naming the limit. The numbers are printed for the README and the closing note.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { EcrCreateOnPushConfig } from "../../lib";
import { resolveDefaults } from "../../lib/config";
import { LONGEST_REGION, longestName, RULE_NAME, SAMPLE_ROLE_NAME, TEMPLATES_ROLE_NAME } from "../../lib/resource-names";
import { offlineCopy, planFailure, planOffline, type PlannedResource } from "../../scripts/terraform";
import { swapFor5100 } from "../support/native-swap";
import { limitBreaches, namespaces } from "../support/quota-limits";
import { defaultsOf, type Stack, STACK_FOLDERS, STACKS, synthAccepts, tfvarsOf } from "../support/stack-inputs";
import { synthMain } from "../support/synth";

/** The longest name each stack's names allow in the longest Region (the rule's, the sample's role, the templates' role). */
const NAME_LENGTH: Record<Stack, number> = {
  paradigm: longestName(RULE_NAME, LONGEST_REGION),
  // The sample's own names would allow 37; synth measures the construct's rule name (29 in us-east-1) for literals.
  sample: Math.min(longestName(SAMPLE_ROLE_NAME, LONGEST_REGION), longestName(RULE_NAME)),
  native: longestName(TEMPLATES_ROLE_NAME, LONGEST_REGION),
};
const longTags = (n: number, lead: string) => Object.fromEntries(namespaces(n, 128, lead).map((key, i) => [key, `${namespaces(1, 256, "v")[0]!.slice(0, 250)}-${String(i).padStart(4, "0")}`.slice(0, 256)]));
const shortTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`tag-${i}`, `value ${i}`]));

/** All but the prefixes: everything at its maximum. Repository tags go to the function's 4 KB environment in Lambda mode, so short there. */
const base = (stack: Stack, prefixes: number): EcrCreateOnPushConfig => ({
  name: "n".repeat(NAME_LENGTH[stack]),
  tags: longTags(48, "k"),
  repoTags: stack === "native" ? longTags(48, "r") : shortTags(48),
  managedRepoPrefixes: namespaces(prefixes, 60),
});

/** The most prefixes synth accepts with everything else at its maximum (synth and plan agree: quota-parity.test.ts). */
function mostPrefixes(stack: Stack): number {
  let [low, high] = [0, 2048];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (synthAccepts(stack, base(stack, mid))) low = mid;
    else high = mid - 1;
  }
  return low;
}

describe("the largest configuration each stack accepts, in the longest Region", () => {
  const largest = {} as Record<Stack, { prefixes: number; planned: PlannedResource[]; refusal: string }>;

  beforeAll(async () => {
    const { stacks } = await synthMain();
    await Promise.all(
      STACKS.map(async (stack) => {
        const folder = stack === "native" ? swapFor5100(stacks[STACK_FOLDERS.native]!).dir : stacks[STACK_FOLDERS[stack]]!;
        const copy = offlineCopy(folder, LONGEST_REGION);
        const prefixes = mostPrefixes(stack);
        writeFileSync(join(copy.dir, "largest.tfvars.json"), JSON.stringify(tfvarsOf(stack, base(stack, prefixes))));
        writeFileSync(join(copy.dir, "beyond.tfvars.json"), JSON.stringify(tfvarsOf(stack, base(stack, prefixes + 1))));
        const plan = await planOffline(copy, ["-var-file=largest.tfvars.json"]);
        const refusal = await planFailure(copy, ["-var-file=beyond.tfvars.json"]);
        largest[stack] = { prefixes, planned: plan.planned_values.root_module.resources ?? [], refusal };
      }),
    );
    // The figures the README and the closing note quote.
    console.log(Object.entries(largest).map(([stack, l]) => `${stack}: ${l.prefixes} prefixes of 60, name of ${NAME_LENGTH[stack as Stack]}, 48+48 tags`).join("\n"));
  }, 900_000);

  it.each(STACKS)("plans the %s stack's largest configuration within every AWS limit", (stack) => {
    // Act
    const { planned, prefixes } = largest[stack];

    // Assert
    expect(prefixes).toBeGreaterThan(0);
    expect(limitBreaches(planned, resolveDefaults({ ...defaultsOf(stack), ...base(stack, prefixes) }))).toEqual([]);
    const arns = planned.filter((r) => r.type === "aws_iam_policy").flatMap((r) => JSON.parse(String(r.values.policy)).Statement.flatMap((s: { Resource: string[] }) => s.Resource));
    expect(arns).toHaveLength(prefixes);
  });

  it.each(STACKS)("refuses one prefix more for the %s stack at plan, naming the limit", (stack) => {
    // Assert
    expect(largest[stack].refusal).toMatch(stack === "native" ? /IAM's 10 managed policies of 6144 characters per role/ : /Lambda's 4096-byte environment limit/);
  });
});
