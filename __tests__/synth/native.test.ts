import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import type { EcrCreateOnPushConfig } from "../../lib";
import { EcrNativeCreateOnPush, type NativeOptions } from "../../lib/native";
import { only, ref, type SynthJson } from "../support/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function synthNative(config: EcrCreateOnPushConfig | ((stack: TerraformStack) => EcrCreateOnPushConfig) = {}, options: NativeOptions = {}) {
  const stack = new TerraformStack(Testing.app(), "native");
  new AwsProvider(stack, "aws", {});
  const native = new EcrNativeCreateOnPush(stack, "native", typeof config === "function" ? config(stack) : config, options);
  return { json: JSON.parse(Testing.synth(stack)) as SynthJson, native };
}

const templates = (json: SynthJson) => Object.values(json.resource.aws_ecr_repository_creation_template ?? {});
const policyOf = (json: SynthJson) => only(json, "aws_iam_role_policy").policy as string;
/** The managed policy where ECR may create (one for a few prefixes). */
const createPolicyOf = (json: SynthJson) => only(json, "aws_iam_policy").policy as string;

describe("EcrNativeCreateOnPush synth", () => {
  it("makes a ROOT template for create on push, tagged created-by, with the default lifecycle policy, when no prefix is set", () => {
    // Act
    const { json, native } = synthNative();

    // Assert
    expect(templates(json)).toHaveLength(1);
    expect(only(json, "aws_ecr_repository_creation_template")).toMatchObject({
      prefix: "ROOT",
      applied_for: ["CREATE_ON_PUSH"],
      image_tag_mutability: "MUTABLE",
      encryption_configuration: [{ encryption_type: "AES256" }],
      resource_tags: { "created-by": "ecr-create-on-push" },
      lifecycle_policy: expect.stringContaining('"countNumber":20'),
      description: "Repositories ECR creates on push (ecr-create-on-push).",
    });
    expect(native.templatePrefixes).toEqual(["ROOT"]);
    expect(json.resource.aws_ecr_account_setting).toBeUndefined();
  });

  it("gives every template the role ECR assumes to tag, trusting ecr.amazonaws.com only", () => {
    // Act
    const { json } = synthNative({ managedRepoPrefixes: ["team-a", "team-b"] });
    const role = only(json, "aws_iam_role");

    // Assert
    for (const template of templates(json)) expect(template.custom_role_arn).toBe(ref("aws_iam_role", role, "arn"));
    expect(JSON.parse(role.assume_role_policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "EcrAssumeRole", Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    expect(createPolicyOf(json)).toContain('"Action" = ["ecr:CreateRepository", "ecr:TagResource"]');
    expect(createPolicyOf(json)).toContain('"repository/team-a/*"');
    expect(createPolicyOf(json)).toContain('"repository/team-b/*"');
    expect(createPolicyOf(json)).not.toContain("ReplicateImage");
    // No key, no inline policy: the managed policies say all the role may do.
    expect(json.resource.aws_iam_role_policy).toBeUndefined();
  });

  it("creates no role when no template tags or encrypts with KMS: ECR's service-linked role suffices", () => {
    // Act
    const { json, native } = synthNative({ managedRepoPrefixes: ["team-a"] }, { createdBy: null });

    // Assert
    expect(native.role).toBeUndefined();
    expect(json.resource.aws_iam_role).toBeUndefined();
    expect(json.resource.aws_iam_role_policy).toBeUndefined();
    expect(only(json, "aws_ecr_repository_creation_template").custom_role_arn).toBeUndefined();
    expect(only(json, "aws_ecr_repository_creation_template").resource_tags).toEqual({});
  });

  it.each([
    { why: "a prefix sets tags", config: { managedRepoPrefixes: ["team-a"], prefixSettings: { "team-a/x": { tags: { a: "b" } } } } },
    { why: "a prefix uses KMS", config: { managedRepoPrefixes: ["team-a"], prefixSettings: { "team-a/x": { encryptionType: "KMS" } } } },
    { why: "repoTags is a variable", config: (stack: TerraformStack) => ({ repoTags: new TerraformVariable(stack, "tags", { type: "map(string)" }).value }) },
  ])("creates the role when $why", ({ config }) => {
    // Act
    const { native } = synthNative(config as EcrCreateOnPushConfig, { createdBy: null });

    // Assert
    expect(native.role).toBeDefined();
  });

  it("lets the role use only the configured KMS keys, and the AWS managed key only as '*' when no key is given", () => {
    // Act
    const { json } = synthNative({ managedRepoPrefixes: ["team-a"], encryptionType: "KMS", prefixSettings: { "team-a/secure": { kmsKey: KEY } } });

    // Assert
    expect(JSON.parse(policyOf(json)).Statement).toEqual([{ Sid: "EncryptTemplateRepositories", Effect: "Allow", Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], Resource: ["*", KEY] }]);
    expect(Object.fromEntries(templates(json).map((t) => [t.prefix, t.encryption_configuration]))).toEqual({
      "team-a": [{ encryption_type: "KMS" }],
      "team-a/secure": [{ encryption_type: "KMS", kms_key: KEY }],
    });
  });

  it("adds PULL_THROUGH_CACHE and REPLICATION to applied_for, and ecr:ReplicateImage only with REPLICATION", () => {
    // Act
    const withReplication = synthNative({ managedRepoPrefixes: ["team-a"] }, { appliedFor: ["REPLICATION", "PULL_THROUGH_CACHE"] }).json;
    const cacheOnly = synthNative({ managedRepoPrefixes: ["team-a"] }, { appliedFor: ["PULL_THROUGH_CACHE"] }).json;

    // Assert
    expect(only(withReplication, "aws_ecr_repository_creation_template").applied_for).toEqual(["CREATE_ON_PUSH", "REPLICATION", "PULL_THROUGH_CACHE"]);
    expect(createPolicyOf(withReplication)).toContain('"Action" = ["ecr:CreateRepository", "ecr:TagResource", "ecr:ReplicateImage"]');
    expect(createPolicyOf(cacheOnly)).not.toContain("ReplicateImage");
    expect(withReplication.resource.aws_iam_role_policy).toBeUndefined();
  });

  it("enables BLOB_MOUNTING for the registry only when asked", () => {
    // Act
    const { json } = synthNative({}, { blobMounting: true });

    // Assert
    expect(only(json, "aws_ecr_account_setting")).toMatchObject({ name: "BLOB_MOUNTING", value: "ENABLED" });
  });

  it("writes exclusion filters as the 6.x provider's blocks, and policy variables as text", () => {
    // Act
    const { json } = synthNative({
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: ["latest"],
      repoPolicy: JSON.stringify({ Condition: { StringLike: { "aws:username": "${aws:username}" } } }),
    });

    // Assert
    expect(only(json, "aws_ecr_repository_creation_template")).toMatchObject({
      image_tag_mutability_exclusion_filter: [{ filter: "latest", filter_type: "WILDCARD" }],
      repository_policy: '{"Condition":{"StringLike":{"aws:username":"$${aws:username}"}}}',
    });
  });

  it("warns that scan on push does not apply, and that an empty prefix list lets any push create", () => {
    // Act
    const open = synthNative({ repoScanOnPush: true }).native;
    const quiet = synthNative({ managedRepoPrefixes: ["team-a"], repoScanOnPush: false }).native;
    const defaults = synthNative({ managedRepoPrefixes: ["team-a"] }).native;

    // Assert
    const warnings = open.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("templates carry no scan setting"), expect.stringContaining("ROOT template")]);
    expect(quiet.node.metadata).toEqual([]);
    expect(defaults.node.metadata).toEqual([]);
  });

  it("warns that it cannot limit who pushes when allowedPusherAccounts lists accounts", () => {
    const listed = synthNative({ managedRepoPrefixes: ["team-a"], repoScanOnPush: false, allowedPusherAccounts: ["444455556666"] }).native;
    const any = synthNative({ managedRepoPrefixes: ["team-a"], repoScanOnPush: false, allowedPusherAccounts: ["*"] }).native;
    expect(listed.node.metadata.map((m) => String(m.data))).toEqual([expect.stringContaining("allowedPusherAccounts: native mode cannot check who pushed")]);
    expect(any.node.metadata).toEqual([]);
  });

  it("makes the templates a for_each over a managedRepoPrefixes variable, so a .tfvars list decides how many exist", () => {
    // Act
    const { json } = synthNative((stack) => ({
      managedRepoPrefixes: new TerraformVariable(stack, "prefixes", { type: "list(string)" }).listValue,
      prefixSettings: { "team-a/secure": { encryptionType: "KMS", kmsKey: KEY } },
    }));
    const template = only(json, "aws_ecr_repository_creation_template");

    // Assert
    expect(template.for_each).toContain("var.prefixes");
    expect(template.for_each).toContain('startswith(val, format("%s/", k))');
    expect(template).toMatchObject({ prefix: "${each.key}", image_tag_mutability: "${each.value.imageTagMutability}", encryption_configuration: [{ encryption_type: "${each.value.encryptionType}", kms_key: "${each.value.kmsKey}" }] });
    const settings = Object.entries(json.locals ?? {}).find(([id]) => id.includes("template-settings"))?.[1];
    expect(Object.keys(settings as object)).toEqual(["ROOT", "team-a/secure"]);
  });

  it("refuses prefixSettings as a Terraform variable: each key decides a template", () => {
    // Act
    const build = () => synthNative((stack) => ({ prefixSettings: new TerraformVariable(stack, "settings", { type: "map(any)" }).value }));

    // Assert
    expect(build).toThrow(/prefixSettings: .* must be literal in native mode/);
  });
});

describe("EcrNativeCreateOnPush inputs", () => {
  it("keeps distinct prefixes apart that the same construct id would merge", () => {
    // Arrange
    const app = Testing.app();
    const stack = new TerraformStack(app, "ids");

    // Act
    const native = new EcrNativeCreateOnPush(stack, "native", { managedRepoPrefixes: ["a/b", "a--b", "a_b"], repoTags: {} }, { createdBy: null });

    // Assert
    expect(native.templatePrefixes).toEqual(["a--b", "a/b", "a_b"]);
    expect(new Set(native.templates.map((t) => t.node.id)).size).toBe(3);
  });

  it("takes its options from props.native when none are passed separately", () => {
    // Arrange
    const app = Testing.app();
    const stack = new TerraformStack(app, "options");

    // Act
    const native = new EcrNativeCreateOnPush(stack, "native", { managedRepoPrefixes: ["team"], native: { blobMounting: true } });

    // Assert
    expect(native.blobMounting).toBeDefined();
  });
});
