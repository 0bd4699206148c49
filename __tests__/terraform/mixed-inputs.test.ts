/**
 * Configs that mix literals and Terraform variables, and literal values long enough to be stored gzipped: the
 * strings cdktf would write unescaped into Terraform functions (quotes, "${", "%{") must reach the function intact.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { TerraformVariable } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { EcrCreateOnPushStack } from "../../lib/stacks";
import { offlineCopy, planFailure, planOffline, type PlannedResource } from "../../scripts/terraform";
import { fullSynth } from "../support/synth";

const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["ecr:BatchGetImage"], Condition: { StringLike: { "aws:username": "${aws:username}", "aws:PrincipalTag/note": '100%{x} and say "hi"' } } }],
});
const LONG_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: Array.from({ length: 6 }, (_, i) => ({ Sid: `Pull${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::11112222333${i}:root` }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] })),
});
// Tag values may not hold quotes, "$" or "%" (ECR, IAM and Logs refuse them; issue 20): the policy above carries those.
const TAGS = { note: "100 percent: a=b+c @ d/e", team: "platform" };

/** The function's environment as Lambda would hold it, each value decoded (gzipped or not) and parsed. */
function environment(resources: PlannedResource[]): Record<string, unknown> {
  const fn = resources.find((r) => r.type === "aws_lambda_function")!;
  const variables = (fn.values.environment as { variables: Record<string, string> }[])[0].variables;
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, JSON.parse(v.startsWith("H4sI") ? gunzipSync(Buffer.from(v, "base64")).toString("utf8") : v)]));
}

describe("inputs that mix literals and variables", () => {
  let mixed: PlannedResource[];
  let long: PlannedResource[];

  beforeAll(async () => {
    const mixedStack = offlineCopy(
      fullSynth((app) => new EcrCreateOnPushStack(app, "mixed", (s) => ({ repoScanOnPush: new TerraformVariable(s, "scan", { type: "bool", default: false }).booleanValue, repoPolicy: POLICY, repoTags: TAGS }))),
    );
    const longStack = offlineCopy(fullSynth((app) => new EcrCreateOnPushStack(app, "long", { managedRepoPrefixes: ["team"], repoPolicy: LONG_POLICY, repoTags: TAGS })));
    const [a, b] = await Promise.all([planOffline(mixedStack), planOffline(longStack)]);
    mixed = a.planned_values.root_module.resources ?? [];
    long = b.planned_values.root_module.resources ?? [];
  });

  it("hands quotes, ${ and %{ in literal values to the function intact when another input is a variable", () => {
    // Act
    const settings = environment(mixed).REPOSITORY_SETTINGS as Record<string, unknown>;

    // Assert
    expect(settings).toMatchObject({ scanOnPush: false, repositoryPolicy: POLICY, tags: TAGS });
  });

  it("stores a long literal value gzipped, and it decodes to the configured text", () => {
    // Act
    const fn = long.find((r) => r.type === "aws_lambda_function")!;
    const stored = (fn.values.environment as { variables: Record<string, string> }[])[0].variables.REPOSITORY_SETTINGS;

    // Assert
    expect(stored.startsWith("H4sI")).toBe(true);
    expect(environment(long).REPOSITORY_SETTINGS).toMatchObject({ repositoryPolicy: LONG_POLICY, tags: TAGS });
  });
});

describe("plan-time rules for prefix_settings", () => {
  it("refuses a prefix_settings key outside managed_repo_prefixes, naming both", async () => {
    // Arrange
    const stack = offlineCopy(
      fullSynth((app) =>
        new EcrCreateOnPushStack(app, "outside", (s) => ({
          managedRepoPrefixes: new TerraformVariable(s, "prefixes", { type: "list(string)" }).listValue,
          prefixSettings: new TerraformVariable(s, "settings", { type: "map(object({ imageTagMutability = optional(string) }))" }).value,
        })),
      ),
    );
    writeFileSync(join(stack.dir, "inputs.tfvars.json"), JSON.stringify({ prefixes: ["team-a"], settings: { "team-b/api": { imageTagMutability: "IMMUTABLE" } } }));

    // Act
    const error = await planFailure(stack, ["-var-file=inputs.tfvars.json"]);

    // Assert
    expect(error).toMatch(/prefix_settings: every key must lie within managed_repo_prefixes/);
  });
});
