import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, type Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import type { EcrCreateOnPushConfig } from "../../lib";
import { EcrNativeCreateOnPush, type NativeOptions, nativeProviderConstraint } from "../../lib/native";
import { type PlannedResource, planOffline } from "../../scripts/terraform";
import { swapFor5100 } from "../support/native-swap";
import { fullSynth } from "../support/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["ecr:BatchGetImage"], Condition: { StringLike: { "aws:username": "${aws:username}" } } }] });
const CONFIG: EcrCreateOnPushConfig = {
  managedRepoPrefixes: ["team-a", "team-b/"],
  imageTagMutability: "IMMUTABLE",
  repoPolicy: POLICY,
  repoTags: { cost: "shared" },
  prefixSettings: { "team-a/secure": { encryptionType: "KMS", kmsKey: KEY, tags: { data: "restricted" } } },
};
const OPTIONS: NativeOptions = { appliedFor: ["REPLICATION"], blobMounting: true };

function nativeStack(app: ReturnType<typeof Testing.app>, id: string, config: (stack: TerraformStack) => EcrCreateOnPushConfig): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", {});
  stack.addOverride("terraform.required_providers.aws.version", nativeProviderConstraint(OPTIONS));
  stack.addOverride("terraform.backend", undefined);
  new EcrNativeCreateOnPush(stack, "native", config(stack), OPTIONS);
  return stack;
}

describe("native stack with the real Terraform (5.100.0, two values swapped)", () => {
  let literal: ReturnType<typeof swapFor5100>;
  let validation: { valid: boolean; error_count: number; diagnostics: unknown[] };
  let planned: PlannedResource[];
  let fromVariables: PlannedResource[];

  beforeAll(async () => {
    literal = swapFor5100(fullSynth((app) => nativeStack(app, "native-literal", () => CONFIG)));
    const variables = swapFor5100(
      fullSynth((app) =>
        nativeStack(app, "native-variables", (stack) => ({
          ...CONFIG,
          managedRepoPrefixes: new TerraformVariable(stack, "managed_repo_prefixes", { type: "list(string)" }).listValue,
          repoPolicy: new TerraformVariable(stack, "repo_policy", { type: "string", nullable: true }).stringValue,
          repoTags: new TerraformVariable(stack, "repo_tags", { type: "map(string)" }).value,
        })),
      ),
    );
    writeFileSync(join(variables.dir, "inputs.tfvars.json"), JSON.stringify({ managed_repo_prefixes: CONFIG.managedRepoPrefixes, repo_policy: POLICY, repo_tags: CONFIG.repoTags }));
    const [literalPlan, variablePlan] = await Promise.all([literal.plan(), planOffline(variables.copy, ["-var-file=inputs.tfvars.json"])]);
    validation = JSON.parse((await literal.copy.terraform(["validate", "-json", "-no-color"])).stdout);
    planned = literalPlan.planned_values.root_module.resources ?? [];
    fromVariables = variablePlan.planned_values.root_module.resources ?? [];
  });

  it("swaps only CREATE_ON_PUSH, BLOB_MOUNTING/ENABLED and the version constraint", () => {
    // Assert
    expect(literal.changed.map((p) => p.replace(/native_[^/]+/, "<id>")).sort()).toEqual([
      "/resource/aws_ecr_account_setting/<id>/name",
      "/resource/aws_ecr_account_setting/<id>/value",
      "/resource/aws_ecr_repository_creation_template/<id>/applied_for/0",
      "/resource/aws_ecr_repository_creation_template/<id>/applied_for/0",
      "/resource/aws_ecr_repository_creation_template/<id>/applied_for/0",
      "/terraform/required_providers/aws/version",
    ]);
  });

  it("passes terraform validate", () => {
    // Assert
    expect(validation).toMatchObject({ valid: true, error_count: 0 });
  });

  it("plans three templates, the role and its policy, and the account setting", () => {
    // Act
    const types = planned.map((r) => r.type).sort();
    const prefixes = planned.filter((r) => r.type === "aws_ecr_repository_creation_template").map((r) => r.values.prefix);

    // Assert
    expect(types).toEqual([
      "aws_ecr_account_setting",
      "aws_ecr_repository_creation_template",
      "aws_ecr_repository_creation_template",
      "aws_ecr_repository_creation_template",
      "aws_iam_policy",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_iam_role_policy_attachment",
    ]);
    expect(prefixes.sort()).toEqual(["team-a", "team-a/secure", "team-b"]);
  });

  it("plans each template's settings and the role's scope as a reviewer reads them", () => {
    // Act
    const secure = planned.find((r) => r.values.prefix === "team-a/secure")!.values;
    const role = JSON.parse(planned.find((r) => r.type === "aws_iam_role_policy")!.values.policy as string);
    const create = JSON.parse(planned.find((r) => r.type === "aws_iam_policy")!.values.policy as string);

    // Assert
    expect(secure).toMatchObject({
      image_tag_mutability: "IMMUTABLE",
      encryption_configuration: [{ encryption_type: "KMS", kms_key: KEY }],
      resource_tags: { cost: "shared", data: "restricted", "created-by": "ecr-create-on-push" },
    });
    // The provider normalises the JSON's key order; the policy variable reaches ECR as text.
    expect(JSON.parse(secure.repository_policy as string)).toEqual(JSON.parse(POLICY));
    expect(secure.repository_policy).toContain('"${aws:username}"');
    expect(create.Statement).toEqual([
      expect.objectContaining({
        Sid: "CreateTemplateRepositories",
        Action: ["ecr:CreateRepository", "ecr:TagResource", "ecr:ReplicateImage"],
        Resource: ["arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/team-a/*", "arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/team-b/*"],
      }),
    ]);
    expect(role.Statement).toEqual([expect.objectContaining({ Sid: "EncryptTemplateRepositories", Resource: [KEY] })]);
  });

  it("plans the same templates from a .tfvars list through for_each as from literals", () => {
    // Act
    const templates = (resources: PlannedResource[]) =>
      Object.fromEntries(resources.filter((r) => r.type === "aws_ecr_repository_creation_template").map((r) => [r.values.prefix, r.values]));

    // Assert
    expect(Object.keys(templates(fromVariables)).sort()).toEqual(["team-a", "team-a/secure", "team-b"]);
    expect(templates(fromVariables)).toEqual(templates(planned));
  });
});
