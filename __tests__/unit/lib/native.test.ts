import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { CREATED_BY_TAG, type RepositorySettings } from "../../../handler/function-config";
import { decide } from "../../../handler/decide";
import { isUnderPrefix } from "../../../handler/repository-names";
import { loadSettings } from "../../../handler/settings";
import { ConfigError, type EcrCreateOnPushConfig } from "../../../lib";
import { resolveDefaults } from "../../../lib/config";
import { literalEnvironment } from "../../../lib/environment-checks";
import { EcrNativeCreateOnPush, NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT, NATIVE_PROVIDER_CONSTRAINT, type NativeOptions, nativeProviderConstraint } from "../../../lib/native";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY = "arn:aws:kms:eu-west-1:111122223333:key/abcd1234-12ab-34cd-56ef-1234567890ab";
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["ecr:BatchGetImage"], Condition: { StringLike: { "aws:username": "${aws:username}" } } }],
});
const KEEP_FIVE = JSON.stringify({ rules: [{ rulePriority: 1, description: "keep five", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 5 }, action: { type: "expire" } }] });

/**
 * Nested prefixes whose overrides each merge over the catch-all (not over their parent prefix), a KMS key that
 * carries over only where the merged type is KMS, filters only with *_WITH_EXCLUSION, "" turning policies off.
 */
const PREFIXED: EcrCreateOnPushConfig = {
  managedRepoPrefixes: ["team-a", "team-b/", "platform/tools"],
  imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
  imageTagMutabilityExclusionFilters: ["latest", "dev-*"],
  encryptionType: "KMS",
  kmsKey: KEY,
  repoPolicy: POLICY,
  repoTags: { cost: "shared", team: "all" },
  prefixSettings: {
    "team-a/payments": { imageTagMutability: "MUTABLE", encryptionType: "AES256", tags: { team: "payments" } },
    "team-a/payments/legacy": { imageTagMutability: "MUTABLE_WITH_EXCLUSION", lifecyclePolicy: "", repositoryPolicy: "" },
    "team-b/secure/": { kmsKey: OTHER_KEY, scanOnPush: false, lifecyclePolicy: KEEP_FIVE },
    "platform/tools": { imageTagMutability: "IMMUTABLE", tags: { team: "platform" } },
  },
};
/** No allowed prefixes: the catch-all becomes ECR's ROOT template. */
const OPEN: EcrCreateOnPushConfig = {
  repoTags: { owner: "platform" },
  prefixSettings: { sandbox: { imageTagMutability: "MUTABLE", lifecyclePolicy: KEEP_FIVE, tags: { owner: "everyone" } }, "sandbox/keep": { lifecyclePolicy: "" } },
};

interface TemplateJson {
  prefix: string;
  image_tag_mutability: string;
  image_tag_mutability_exclusion_filter?: { filter: string; filter_type: string }[];
  encryption_configuration: { encryption_type: string; kms_key?: string }[];
  lifecycle_policy?: string;
  repository_policy?: string;
  resource_tags: Record<string, string>;
}

function synthTemplates(config: EcrCreateOnPushConfig, options: NativeOptions = {}): TemplateJson[] {
  const stack = new TerraformStack(Testing.app(), "native");
  new AwsProvider(stack, "aws", {});
  new EcrNativeCreateOnPush(stack, "native", config, options);
  const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, TemplateJson>> };
  return Object.values(json.resource.aws_ecr_repository_creation_template);
}

/** The template ECR applies, assuming the longest matching prefix wins (UNCONFIRMED, AWS-FACTS §8); ROOT otherwise. */
function templateFor(name: string, templates: TemplateJson[]): TemplateJson | undefined {
  const covering = templates.filter((t) => t.prefix !== "ROOT" && isUnderPrefix(name, t.prefix));
  covering.sort((a, b) => b.prefix.length - a.prefix.length);
  return covering[0] ?? templates.find((t) => t.prefix === "ROOT");
}

/** A template's settings in the handler's terms. Terraform reads "$${" as a literal "${", so unescape it. */
function asSettings(template: TemplateJson): Omit<RepositorySettings, "scanOnPush"> {
  const text = (value: string | undefined) => (value === undefined ? null : value.replaceAll("$${", "${"));
  const { [CREATED_BY_TAG]: createdBy, ...tags } = template.resource_tags;
  expect(createdBy).toBe("ecr-create-on-push");
  const encryption = template.encryption_configuration[0];
  return {
    imageTagMutability: template.image_tag_mutability as RepositorySettings["imageTagMutability"],
    imageTagMutabilityExclusionFilters: (template.image_tag_mutability_exclusion_filter ?? []).map((f) => {
      expect(f.filter_type).toBe("WILDCARD");
      return f.filter;
    }),
    encryptionType: encryption.encryption_type as RepositorySettings["encryptionType"],
    kmsKey: encryption.kms_key ?? null,
    lifecyclePolicy: text(template.lifecycle_policy),
    repositoryPolicy: text(template.repository_policy),
    tags,
  };
}

/**
 * What the Lambda would do for a push of `name`: the environment the construct writes, as Lambda holds it, through
 * the handler's own settings parsing and decide().
 */
function lambdaDecision(config: EcrCreateOnPushConfig, name: string) {
  const env = { ...literalEnvironment(resolveDefaults(config)), AWS_LAMBDA_FUNCTION_NAME: "create-ecr-repo-eu-west-1", AWS_REGION: "eu-west-1" };
  return decide({ kind: "push", push: { repositoryName: name, principalArn: undefined, eventName: "InitiateLayerUpload", eventId: "id-1", pusherAccount: "111122223333", registryAccount: "111122223333", eventTime: undefined } }, loadSettings(env));
}

describe("native mode applies the settings the Lambda would", () => {
  const cases = [
    ...["team-a/api", "team-a/payments/api", "team-a/payments/legacy/x/y", "team-a/payments-b/api", "team-b/secure/api", "team-b/secure", "platform/tools/ci/runner"].map((name) => ({ config: "PREFIXED", name })),
    ...["api", "sandbox/api", "sandbox/keep/api", "sandboxed/api"].map((name) => ({ config: "OPEN", name })),
  ];

  it.each(cases)("creates $name ($config) with the same mutability, filters, encryption, policies and tags", ({ config, name }) => {
    // Arrange
    const input = config === "PREFIXED" ? PREFIXED : OPEN;
    const templates = synthTemplates(input);

    // Act
    const lambda = lambdaDecision(input, name);
    const template = templateFor(name, templates);

    // Assert
    expect(lambda.kind).toBe("create");
    expect(template).toBeDefined();
    // Scan on push is left out by design: templates carry no scan setting (the construct warns instead), and
    // created-by / created-for differ by design (the Lambda's name and the pusher; native: a fixed value).
    const { scanOnPush: _scan, tags, ...rest } = (lambda as Extract<typeof lambda, { kind: "create" }>).settings;
    expect(asSettings(template!)).toEqual({ ...rest, tags });
  });

  it.each(["team-c/api", "platform/other/api", "team-a", "platformer/tools/api"])("creates %s in neither mode: outside the allowed prefixes", (name) => {
    // Arrange
    const templates = synthTemplates(PREFIXED);

    // Act
    const lambda = lambdaDecision(PREFIXED, name);
    const template = templateFor(name, templates);

    // Assert
    expect(lambda).toMatchObject({ kind: "skip", reason: "outside-allowed-prefixes" });
    expect(template).toBeUndefined();
  });

  it("makes one template per allowed prefix and per more specific prefixSettings key, without the trailing slash", () => {
    // Act
    const prefixes = synthTemplates(PREFIXED).map((t) => t.prefix).sort();

    // Assert
    expect(prefixes).toEqual(["platform/tools", "team-a", "team-a/payments", "team-a/payments/legacy", "team-b", "team-b/secure"]);
  });
});

describe("native options", () => {
  it("asks for provider 6.28 for templates and 6.29 once blob mounting is on", () => {
    // Assert
    expect(nativeProviderConstraint()).toBe(NATIVE_PROVIDER_CONSTRAINT);
    expect(nativeProviderConstraint({ blobMounting: false })).toBe(">= 6.28.0, < 7.0.0");
    expect(nativeProviderConstraint({ blobMounting: true })).toBe(NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT);
    expect(NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT).toBe(">= 6.29.0, < 7.0.0");
  });

  it.each([
    { options: { appliedFor: ["PULL_THROUGH_CACHE", "replication"] }, config: {}, code: "applied-for.invalid", input: "appliedFor[1]" },
    { options: { description: "x".repeat(257) }, config: {}, code: "description.length", input: "description" },
    { options: { createdBy: "" }, config: {}, code: "created-by.length", input: "createdBy" },
    { options: {}, config: { prefixSettings: { team: {}, "team/": {} } }, code: "prefix.duplicate", input: 'prefixSettings["team/"]' },
    { options: {}, config: { imageTagMutability: "mutable" as never }, code: "mutability.invalid", input: "imageTagMutability" },
  ])("refuses $input with $code before any resource exists", ({ options, config, code, input }) => {
    // Act
    const build = () => synthTemplates(config, options as NativeOptions);

    // Assert
    expect(build).toThrow(ConfigError);
    try {
      build();
    } catch (error) {
      expect((error as ConfigError).issues).toContainEqual(expect.objectContaining({ code, input }));
    }
  });
});
