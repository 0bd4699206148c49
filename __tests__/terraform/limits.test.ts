/**
 * Limits: 200 prefixes fit Lambda's 4 KB environment (long values are gzipped) and IAM's policy sizes (the
 * repository ARNs go into as many 6,144-character managed policies as they need); far beyond, Terraform refuses
 * at plan time with a message naming the limit (a literal config is refused at synth, see validate.test.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { TerraformVariable } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { EcrCreateOnPushStack } from "../../lib/stacks";
import { offlineCopy, type OfflineStack, planFailure, planOffline, type PlannedResource } from "../../scripts/terraform";
import { fullSynth } from "../support/synth";

const prefixes = (count: number, length = 16) => Array.from({ length: count }, (_, i) => `dept-${String(i % 20).padStart(2, "0")}/team-${String(i).padStart(4, "0")}`.padEnd(length, "x"));
const PREFIXES = prefixes(200);

/** The environment as Lambda stores it: keys and values, in bytes. */
const environmentBytes = (fn: PlannedResource) =>
  Object.entries((fn.values.environment as { variables: Record<string, string> }[])[0].variables).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

describe("200 prefixes", () => {
  const planned: Record<string, PlannedResource[]> = {};

  beforeAll(async () => {
    const literal = offlineCopy(fullSynth((app) => new EcrCreateOnPushStack(app, "limits", { managedRepoPrefixes: PREFIXES })));
    const variables = offlineCopy(fullSynth((app) => new EcrCreateOnPushStack(app, "limits", (s) => ({ managedRepoPrefixes: new TerraformVariable(s, "prefixes", { type: "list(string)" }).listValue }))));
    writeFileSync(join(variables.dir, "prefixes.tfvars.json"), JSON.stringify({ prefixes: PREFIXES }));
    const [a, b] = await Promise.all([planOffline(literal), planOffline(variables, ["-var-file=prefixes.tfvars.json"])]);
    planned.literal = a.planned_values.root_module.resources ?? [];
    planned.variables = b.planned_values.root_module.resources ?? [];
  });

  it.each(["literal", "variables"])("fit Lambda's 4 KB environment, gzipped, as %s", (source) => {
    // Act
    const fn = planned[source].find((r) => r.type === "aws_lambda_function")!;
    const stored = (fn.values.environment as { variables: Record<string, string> }[])[0].variables.ALLOWED_PREFIXES;

    // Assert
    expect(environmentBytes(fn)).toBeLessThanOrEqual(4096);
    expect(JSON.parse(gunzipSync(Buffer.from(stored, "base64")).toString("utf8"))).toEqual(PREFIXES);
  });

  it.each(["literal", "variables"])("fit IAM's limits in a few managed policies covering every prefix, as %s", (source) => {
    // Act
    const policies = planned[source].filter((r) => r.type === "aws_iam_policy").map((r) => r.values.policy as string);
    const arns = policies.flatMap((p) => JSON.parse(p).Statement.flatMap((s: { Resource: string[] }) => s.Resource));
    const inline = planned[source].find((r) => r.type === "aws_iam_role_policy")!.values.policy as string;

    // Assert
    expect(policies.length).toBeGreaterThanOrEqual(2);
    expect(policies.length).toBeLessThanOrEqual(10);
    for (const p of policies) expect(p.length).toBeLessThanOrEqual(6144);
    expect(inline.length).toBeLessThanOrEqual(10240);
    expect(arns.sort()).toEqual(PREFIXES.map((p) => `arn:aws:ecr:eu-west-1:\${aws:PrincipalAccount}:repository/${p}/*`).sort());
    expect(planned[source].filter((r) => r.type === "aws_iam_role_policy_attachment")).toHaveLength(policies.length);
  });
});

describe("far beyond 200 prefixes, given as a Terraform variable", () => {
  let stack: OfflineStack;

  beforeAll(async () => {
    stack = offlineCopy(fullSynth((app) => new EcrCreateOnPushStack(app, "limits", (s) => ({ managedRepoPrefixes: new TerraformVariable(s, "prefixes", { type: "list(string)" }).listValue }))));
    await stack.init();
  });

  it("refuses the plan, naming IAM's limit on managed policies per role", async () => {
    // Arrange
    writeFileSync(join(stack.dir, "long.tfvars.json"), JSON.stringify({ prefixes: prefixes(250, 200) }));

    // Act
    const error = await planFailure(stack, ["-var-file=long.tfvars.json"]);

    // Assert
    expect(error).toMatch(/the prefixes need more than IAM's 10 managed policies of 6144 characters per role/);
  });

  it("refuses the plan, naming Lambda's environment limit", async () => {
    // Arrange
    let seed = 11;
    const random = Array.from({ length: 600 }, () => Array.from({ length: 12 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 26 + 10).toString(36)).join(""));
    writeFileSync(join(stack.dir, "random.tfvars.json"), JSON.stringify({ prefixes: random }));

    // Act
    const error = await planFailure(stack, ["-var-file=random.tfvars.json"]);

    // Assert
    expect(error).toMatch(/exceeds Lambda's 4096-byte environment limit even compressed/);
  });
});
