/**
 * A name that fits some Regions only: synth cannot know the Region, so the rule's precondition decides at plan,
 * from the same table (lib/resource-names.ts) that refuses at synth a name fitting no Region.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { offlineCopy, planFailure, planOffline, type PlannedResource } from "../../scripts/terraform";
import { synthMain } from "../support/synth";

const NAME = "n".repeat(29);

describe("a 29-character name", () => {
  let planned: PlannedResource[];
  let refusal: string;

  beforeAll(async () => {
    const dir = (await synthMain()).stacks["ecr-create-on-push"]!;
    const [plan, error] = await Promise.all([planOffline(offlineCopy(dir, "eu-west-1"), [`-var=name=${NAME}`]), planFailure(offlineCopy(dir, "ap-southeast-7"), [`-var=name=${NAME}`])]);
    planned = plan.planned_values.root_module.resources ?? [];
    refusal = error;
  });

  it("plans in eu-west-1, where the rule name is exactly EventBridge's 64 characters", () => {
    // Act
    const rule = planned.find((r) => r.type === "aws_cloudwatch_event_rule");

    // Assert
    expect(rule?.values.name).toBe(`ecr-repo-404-on-push-for-${NAME}-eu-west-1`);
    expect(String(rule?.values.name)).toHaveLength(64);
  });

  it("is refused by the plan in ap-southeast-7, naming the rule name and EventBridge's limit", () => {
    // Assert
    expect(refusal).toContain('name: the rule name "ecr-repo-404-on-push-for-<name>-<region>" is longer than EventBridge\'s 64 characters; use a shorter name.');
  });
});
