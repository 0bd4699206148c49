/**
 * Resource names built from `name` (lib/resource-names.ts): synth refuses a literal name that fits no Region, and
 * leaves a name that fits some Regions to the resource's plan-time precondition (__tests__/terraform/names.test.ts).
 */
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ConfigError, EcrCreateOnPush, type EcrCreateOnPushConfig } from "../../../lib";
import { nameIssues } from "../../../lib/name-checks";
import { FUNCTION_NAME, longestName, RULE_NAME, SAMPLE_ROLE_NAME, SHORTEST_REGION, TEMPLATES_ROLE_NAME } from "../../../lib/resource-names";

const build = (config: EcrCreateOnPushConfig) => () => new EcrCreateOnPush(new TerraformStack(Testing.app(), "names"), "ecr", config);
const refusal = (config: EcrCreateOnPushConfig): string => {
  try {
    build(config)();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return "";
};

describe("resource names", () => {
  it("allows each name its limit less what the shortest Region adds", () => {
    // Assert: the rule's prefix and "-us-east-1" take 35 of EventBridge's 64 characters.
    expect(SHORTEST_REGION).toHaveLength(9);
    expect(longestName(RULE_NAME)).toBe(64 - "ecr-repo-404-on-push-for-".length - "-us-east-1".length);
    expect(longestName(FUNCTION_NAME)).toBe(54);
    expect(longestName(TEMPLATES_ROLE_NAME)).toBe(44);
    expect(longestName(SAMPLE_ROLE_NAME)).toBe(42);
  });

  it("names the resource whose limit a name breaks first, and how long a name may be", () => {
    // Act
    const issues = nameIssues("n".repeat(30), [FUNCTION_NAME, RULE_NAME]);

    // Assert
    expect(issues).toEqual([
      {
        code: "name.too-long",
        input: "name",
        message: `name: "${"n".repeat(30)}" is 30 characters; the rule name "ecr-repo-404-on-push-for-<name>-<region>" is over EventBridge's 64 characters even in us-east-1, so use at most 29`,
      },
    ]);
    expect(nameIssues("n".repeat(29), [FUNCTION_NAME, RULE_NAME])).toEqual([]);
  });

  it("refuses a Lambda-mode name that fits no Region at synth, and takes one a character shorter", () => {
    // Assert
    expect(refusal({ name: "n".repeat(30) })).toContain('name: "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn" is 30 characters; the rule name');
    expect(build({ name: "n".repeat(29) })).not.toThrow();
  });

  it("checks the native templates' role name only when there is a role", () => {
    // Assert: tags (created-by by default) need the role; without tags or KMS, ECR's service-linked role does.
    expect(refusal({ mode: "native", name: "n".repeat(45), managedRepoPrefixes: ["team"] })).toContain('the role name "<name>-templates-<region>" is over IAM\'s 64 characters even in us-east-1, so use at most 44');
    expect(build({ mode: "native", name: "n".repeat(44), managedRepoPrefixes: ["team"] })).not.toThrow();
    expect(build({ mode: "native", name: "n".repeat(45), managedRepoPrefixes: ["team"], repoTags: {}, native: { createdBy: null } })).not.toThrow();
  });

  it("lays the native templates out for the role name only once the input is valid", () => {
    // Assert: a prefix that is not a string is reported, not a TypeError from laying the templates out.
    expect(refusal({ mode: "native", name: "n".repeat(45), managedRepoPrefixes: [42 as unknown as string] })).toMatch(/1 invalid input:\n {2}- managedRepoPrefixes\[0\]: 42 is not a string$/);
  });
});
