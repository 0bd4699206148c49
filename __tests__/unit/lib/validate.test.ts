import { describe, expect, it } from "vitest";
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { ConfigError, EcrCreateOnPush } from "../../../lib";
import { resolveDefaults } from "../../../lib/config";
import { validateConfig } from "../../../lib/validate";
import { synthStack } from "../../support/synth";
import { BAD, KEY, manyTags } from "../../fixtures/bad-configs";


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
    const issues = validateConfig(resolveDefaults({ logRetentionDays: 2, memorySize: 1, architecture: "sparc" as never }));

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
