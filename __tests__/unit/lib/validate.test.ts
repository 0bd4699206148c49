import { describe, expect, it } from "vitest";
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { ConfigError, EcrCreateOnPush, type EcrCreateOnPushConfig } from "../../../lib";
import { resolveDefaults } from "../../../lib/config";
import { validateConfig } from "../../../lib/validate";
import { synthStack } from "../../support/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const manyTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

/** One bad literal per validated input: the code we expect and text the message must carry. */
const BAD: [string, EcrCreateOnPushConfig, string, RegExp][] = [
  ["name", { name: "has space" }, "name.invalid", /^name: "has space" is not a valid base name/],
  ["name length", { name: "x".repeat(50) }, "name.invalid", /use 1-49 letters/],
  ["lambdaConcurrency", { lambdaConcurrency: -2 }, "concurrency.invalid", /^lambdaConcurrency: -2 /],
  ["lambdaTimeout", { lambdaTimeout: 901 }, "timeout.invalid", /^lambdaTimeout: 901 .*1 to 900/],
  ["logRetentionDays", { logRetentionDays: 45 }, "retention.invalid", /^logRetentionDays: 45 is not a CloudWatch retention; use one of 0, 1, 3/],
  ["tags count", { tags: manyTags(49) }, "tags.count", /^tags: "49 tags" is too many/],
  ["tag key length", { tags: { ["k".repeat(129)]: "v" } }, "tag-key.length", /tag keys have 1-128/],
  ["tag value length", { repoTags: { k: "v".repeat(257) } }, "tag-value.length", /at most 256/],
  ["reserved tag key", { repoTags: { "aws:team": "x" } }, "tag-key.reserved", /reserved "aws:" prefix/],
  ["tag the function sets, under a prefix", { prefixSettings: { team: { tags: { "created-by": "me" } } } }, "tag-key.reserved", /is set by the function itself/],
  ["repoTags count", { repoTags: manyTags(49) }, "tags.count", /^repoTags: "49 tags" is too many; at most 48 fit/],
  ["prefix case", { managedRepoPrefixes: ["Team/"] }, "prefix.invalid", /^managedRepoPrefixes\[0\]: "Team\/" is not a namespace/],
  ["prefix dash", { managedRepoPrefixes: ["ok", "team-"] }, "prefix.invalid", /^managedRepoPrefixes\[1\]: "team-"/],
  ["prefix empty", { managedRepoPrefixes: ["/"] }, "prefix.invalid", /is empty; leave the list empty/],
  ["imageTagMutability", { imageTagMutability: "mutable" }, "mutability.invalid", /^imageTagMutability: "mutable" is invalid; use "MUTABLE", "IMMUTABLE"/],
  ["exclusion filters missing", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }, "exclusion-filters.count", /^imageTagMutabilityExclusionFilters: \[\]: IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION need 1-5 exclusion filters/],
  ["exclusion filters unused", { imageTagMutabilityExclusionFilters: ["dev-*"] }, "exclusion-filters.unused", /^imageTagMutabilityExclusionFilters: \["dev-\*"\]: exclusion filters apply only with/],
  ["exclusion filter pattern", { imageTagMutability: "MUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["a b"] }, "exclusion-filter.invalid", /not an ECR wildcard filter/],
  ["lifecycle not JSON", { repoLifecyclePolicy: "{rules: []" }, "lifecycle-policy.json", /^repoLifecyclePolicy: "\{rules: \[\]" is not JSON/],
  ["lifecycle too short", { repoLifecyclePolicy: '{"rules":[]}' }, "lifecycle-policy.length", /ECR accepts 100-30720/],
  ["lifecycle too long", { repoLifecyclePolicy: JSON.stringify({ rules: [], pad: "x".repeat(30_720) }) }, "lifecycle-policy.length", /ECR accepts 100-30720/],
  ["repository policy not an object", { repoPolicy: "[1]" }, "repository-policy.json", /not an object/],
  ["repository policy too long", { repoPolicy: JSON.stringify({ pad: "x".repeat(10_240) }) }, "repository-policy.length", /ECR accepts 0-10240/],
  ["encryptionType", { encryptionType: "SSE" }, "encryption.invalid", /^encryptionType: "SSE" is invalid; use "AES256" or "KMS"/],
  ["kmsKey not an ARN", { encryptionType: "KMS", kmsKey: "alias/ecr" }, "kms-key.invalid", /not a KMS key ARN/],
  ["kmsKey without KMS", { kmsKey: KEY }, "kms-key.unused", /^kmsKey: ".*": a KMS key applies only with encryptionType "KMS"/],
  ["prefixSettings key", { prefixSettings: { "Bad/": {} } }, "prefix.invalid", /^prefixSettings\["Bad\/"\]: "Bad\/"/],
  ["prefixSettings outside prefixes", { managedRepoPrefixes: ["team"], prefixSettings: { other: {} } }, "prefix.unmanaged", /lies outside managedRepoPrefixes \(team\)/],
  ["prefixSettings value", { prefixSettings: { team: { imageTagMutability: "nope" as never } } }, "mutability.invalid", /^prefixSettings\["team"\]\.imageTagMutability: "nope"/],
  ["prefix mutability with no filters", { prefixSettings: { team: { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" } } }, "exclusion-filters.count", /^prefixSettings\["team"\]\.imageTagMutabilityExclusionFilters: \[\]: IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION need 1-5/],
  ["prefix filters the inherited mutability ignores", { prefixSettings: { team: { imageTagMutabilityExclusionFilters: ["dev-*"] } } }, "exclusion-filters.unused", /^prefixSettings\["team"\]\.imageTagMutabilityExclusionFilters: \["dev-\*"\]: exclusion filters apply only with/],
  ["prefix key the inherited encryption ignores", { prefixSettings: { team: { kmsKey: KEY } } }, "kms-key.unused", /^prefixSettings\["team"\]\.kmsKey: ".*": a KMS key applies only with encryptionType "KMS"/],
  ["eventNames empty", { eventNames: [] }, "event-names.empty", /^eventNames: \[\] is empty/],
  ["eventNames value", { eventNames: ["initiate layer"] }, "event-name.invalid", /^eventNames\[0\]/],
  ["runtime", { runtime: "python3.12" }, "runtime.invalid", /^runtime: "python3.12" is not a runtime the bundle targets/],
  ["architecture", { architecture: "arm" }, "architecture.invalid", /"arm64" or "x86_64"/],
  ["memorySize", { memorySize: 64 }, "memory.invalid", /128 to 10240/],
  ["logKmsKeyArn", { logKmsKeyArn: "key" }, "kms-key.invalid", /^logKmsKeyArn: "key"/],
  ["maximumEventAgeInSeconds", { maximumEventAgeInSeconds: 30 }, "event-age.invalid", /60-21600/],
  ["maximumRetryAttempts", { maximumRetryAttempts: 3 }, "retries.invalid", /0-2 retries/],
];

describe("the handler's own reading at synth", () => {
  it("refuses what the function would refuse at start: 48 tags plus one from a prefix", () => {
    // Act
    const attempt = () => synthStack({ repoTags: manyTags(48), prefixSettings: { team: { tags: { extra: "x" } } } });

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/prefixSettings: the function would refuse this configuration when it starts: PREFIX_SETTINGS/);
  });
});

describe("validateConfig", () => {
  it.each(BAD)("rejects a bad %s with its own message", (_case, config, code, message) => {
    // Act
    const issues = validateConfig(resolveDefaults(config));

    // Assert
    expect(issues.map((i) => i.code)).toContain(code);
    expect(issues.find((i) => i.code === code)?.message).toMatch(message);
  });

  it.each(BAD)("fails synth on a bad %s before any resource exists", (_case, config, code) => {
    // Arrange
    const stack = new TerraformStack(Testing.app(), "test");

    // Act
    let error: unknown;
    try {
      new EcrCreateOnPush(stack, "ecr", config);
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.code)).toContain(code);
    expect(stack.node.findAll().filter((c) => c instanceof TerraformElement)).toEqual([]);
  });

  it("drops created-by and created-for from repoTags, with a warning, as the anchors' tfvars expect", () => {
    // Act
    const { json, stack } = synthStack({ repoTags: { "created-by": "me", team: "a" } });

    // Assert
    const fn = Object.values(json.resource.aws_lambda_function)[0] as { environment: { variables: Record<string, string> } };
    expect(JSON.parse(fn.environment.variables.REPOSITORY_SETTINGS).tags).toEqual({ team: "a" });
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));
    expect(warnings).toContainEqual(expect.stringContaining("repoTags: created-by ignored"));
  });

  it("accepts the defaults and a full valid configuration", () => {
    // Act
    const defaults = validateConfig(resolveDefaults({}));
    const full = validateConfig(
      resolveDefaults({
        managedRepoPrefixes: ["team-a", "team-b/"],
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: ["latest", "dev-*"],
        encryptionType: "KMS",
        kmsKey: KEY,
        repoPolicy: '{"Version":"2012-10-17","Statement":[]}',
        repoTags: manyTags(48),
        tags: manyTags(48),
        prefixSettings: { "team-a/shared": { lifecyclePolicy: "", repositoryPolicy: "" } },
        logRetentionDays: 0,
        lambdaConcurrency: -1,
      }),
    );

    // Assert
    expect(defaults).toEqual([]);
    expect(full).toEqual([]);
  });

  it("reports every problem at once", () => {
    // Act
    const issues = validateConfig(resolveDefaults({ logRetentionDays: 2, memorySize: 1, architecture: "sparc" }));

    // Assert
    expect(issues.map((i) => i.code)).toEqual(["retention.invalid", "architecture.invalid", "memory.invalid"]);
  });

  it("refuses a configuration that would overflow Lambda's 4 KB environment even compressed", () => {
    // Arrange
    let seed = 7;
    const noise = Array.from({ length: 6000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 36).toString(36)).join("");
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: noise, Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage" }] });

    // Act
    const attempt = () => synthStack({ repoPolicy: policy });

    // Assert
    expect(attempt).toThrow(/takes \d+ bytes even compressed, over Lambda's 4096-byte environment limit/);
  });

  it("refuses prefixes that would need more managed policies than IAM attaches to a role", () => {
    // Arrange
    const prefixes = Array.from({ length: 250 }, (_, i) => `team-${String(i).padStart(3, "0")}/${"x".repeat(190)}`);

    // Act
    const attempt = () => synthStack({ managedRepoPrefixes: prefixes });

    // Assert
    expect(attempt).toThrow(/250 prefixes need \d+ managed policies of 6144 characters, over IAM's 10 per role/);
  });
});
