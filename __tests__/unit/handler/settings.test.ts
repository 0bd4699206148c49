import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../handler/errors";
import { DEFAULT_METRICS_NAMESPACE, METRICS_NAMESPACE_ENV } from "../../../handler/function-config";
import { loadLogSettings, loadSettings } from "../../../handler/settings";
import { DEFAULT_SETTINGS, handlerEnv } from "../../support/handler-fixtures";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-4152-4637-8899-aabbccddeeff";

describe("loadSettings", () => {
  it("reads every variable once and merges prefix overrides over the defaults", () => {
    // Arrange
    const env = handlerEnv();

    // Act
    const settings = loadSettings(env);

    // Assert
    expect(settings.allowedPrefixes).toEqual(["team-a", "platform"]);
    expect(settings.eventNames).toEqual(["InitiateLayerUpload"]);
    expect(settings.defaults).toEqual(DEFAULT_SETTINGS);
    expect(settings.prefixes.get("team-a/payments")).toEqual({
      ...DEFAULT_SETTINGS,
      imageTagMutability: "MUTABLE",
      encryptionType: "KMS",
      kmsKey: "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-4152-4637-8899-aabbccddeeff",
      tags: { team: "payments", "cost-center": "1234" },
    });
    expect(settings.prefixes.get("platform")?.repositoryPolicy).toBeNull();
  });

  const withDefaults = (change: Record<string, unknown>) => ({ repositorySettings: { ...DEFAULT_SETTINGS, ...change } });
  const manyTags = Object.fromEntries(Array.from({ length: 49 }, (_, index) => [`tag-${index}`, "v"]));

  it.each([
    { case: "no function name", variable: "AWS_LAMBDA_FUNCTION_NAME", env: { ...handlerEnv(), AWS_LAMBDA_FUNCTION_NAME: undefined } },
    { case: "no region", variable: "AWS_REGION", env: { ...handlerEnv(), AWS_REGION: "" } },
    { case: "prefixes that are not JSON", variable: "ALLOWED_PREFIXES", env: { ...handlerEnv(), ALLOWED_PREFIXES: "team-a,team-b" } },
    { case: "prefixes that are not a list", variable: "ALLOWED_PREFIXES", env: handlerEnv({ allowedPrefixes: "team-a" }) },
    { case: "an empty prefix", variable: "ALLOWED_PREFIXES", env: handlerEnv({ allowedPrefixes: [""] }) },
    { case: "an uppercase prefix", variable: "ALLOWED_PREFIXES", env: handlerEnv({ allowedPrefixes: ["Team"] }) },
    { case: "no event names", variable: "EVENT_NAMES", env: handlerEnv({ eventNames: [] }) },
    { case: "a non-string event name", variable: "EVENT_NAMES", env: handlerEnv({ eventNames: [1] }) },
    { case: "a lowercase event name the construct refuses", variable: "EVENT_NAMES", env: handlerEnv({ eventNames: ["initiateLayerUpload"] }) },
    { case: "a two-letter event name the construct refuses", variable: "EVENT_NAMES", env: handlerEnv({ eventNames: ["Ab"] }) },
    { case: "missing settings", variable: "REPOSITORY_SETTINGS", env: { ...handlerEnv(), REPOSITORY_SETTINGS: undefined } },
    { case: 'scanOnPush "false" as a string', variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ scanOnPush: "false" })) },
    { case: "a lowercase mutability", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ imageTagMutability: "mutable" })) },
    { case: "a missing field", variable: "REPOSITORY_SETTINGS", env: handlerEnv({ repositorySettings: { ...DEFAULT_SETTINGS, tags: undefined } }) },
    { case: "an unknown field", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ scanFrequency: "CONTINUOUS_SCAN" })) },
    { case: "a kms key with AES256", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ kmsKey: "alias/ecr" })) },
    { case: "exclusion filters without an exclusion mutability", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ imageTagMutabilityExclusionFilters: ["dev-*"] })) },
    { case: "an exclusion mutability without filters", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" })) },
    { case: "a lifecycle policy that is not JSON", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ lifecyclePolicy: `{${"x".repeat(120)}` })) },
    { case: "a lifecycle policy under 100 characters", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ lifecyclePolicy: "{}" })) },
    { case: "an empty policy in the defaults", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ repositoryPolicy: "" })) },
    { case: "49 configured tags", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ tags: manyTags })) },
    { case: "a reserved created-by tag", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ tags: { "created-by": "me" } })) },
    { case: "an aws: tag", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ tags: { "aws:team": "x" } })) },
    { case: "a non-string tag value", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ tags: { team: 1 } })) },
    { case: "prefix settings that are a list", variable: "PREFIX_SETTINGS", env: handlerEnv({ prefixSettings: [] }) },
    { case: "a prefix given twice", variable: "PREFIX_SETTINGS", env: handlerEnv({ prefixSettings: { "team-a": {}, "team-a/": {} } }) },
    { case: "an exclusion mutability without filters under a prefix", variable: "PREFIX_SETTINGS", env: handlerEnv({ prefixSettings: { "platform/legacy": { imageTagMutability: "MUTABLE_WITH_EXCLUSION" } } }) },
    { case: "exclusion filters under a prefix that inherits MUTABLE", variable: "PREFIX_SETTINGS", env: handlerEnv({ prefixSettings: { "platform/legacy": { imageTagMutabilityExclusionFilters: ["dev-*"] } } }) },
    { case: "a KMS key under a prefix that inherits AES256", variable: "PREFIX_SETTINGS", env: handlerEnv({ repositorySettings: { ...DEFAULT_SETTINGS, encryptionType: "AES256", kmsKey: null }, prefixSettings: { "platform/legacy": { kmsKey: KEY } } }) },
    { case: "a KMS alias, which the role's key ARN does not cover", variable: "REPOSITORY_SETTINGS", env: handlerEnv(withDefaults({ encryptionType: "KMS", kmsKey: "alias/ecr" })) },
    { case: "prefix settings outside the allowed prefixes", variable: "PREFIX_SETTINGS", env: handlerEnv({ allowedPrefixes: ["team-a"], prefixSettings: { other: {} } }) },
    { case: "merged tags over the limit", variable: "PREFIX_SETTINGS", env: handlerEnv({ repositorySettings: { ...DEFAULT_SETTINGS, tags: Object.fromEntries(Object.entries(manyTags).slice(0, 40)) }, prefixSettings: { "platform/big": { tags: Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`more-${index}`, "v"])) } } }) },
  ])("fails at init on $case, naming $variable", ({ env, variable }) => {
    // Arrange
    const load = () => loadSettings(env);

    // Act
    let error: unknown;
    try {
      load();
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable, message: expect.stringMatching(new RegExp(`^${variable}: `)) });
  });

  it.each([
    { case: "an AES256 prefix under KMS defaults drops the inherited key", defaults: { encryptionType: "KMS", kmsKey: KEY }, override: { encryptionType: "AES256" }, expected: { encryptionType: "AES256", kmsKey: null } },
    { case: "a KMS prefix inherits the defaults' key", defaults: { encryptionType: "KMS", kmsKey: KEY }, override: { scanOnPush: false }, expected: { encryptionType: "KMS", kmsKey: KEY } },
    { case: "an IMMUTABLE prefix drops inherited exclusion filters", defaults: { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["dev-*"] }, override: { imageTagMutability: "IMMUTABLE" }, expected: { imageTagMutability: "IMMUTABLE", imageTagMutabilityExclusionFilters: [] } },
  ])("merges so that $case", ({ defaults, override, expected }) => {
    // Arrange
    const env = handlerEnv({ repositorySettings: { ...DEFAULT_SETTINGS, ...defaults }, prefixSettings: { "platform/legacy": override } });

    // Act
    const settings = loadSettings(env);

    // Assert
    expect(settings.prefixes.get("platform/legacy")).toMatchObject(expected);
  });

  it("accepts an empty prefix list, which allows every valid name", () => {
    // Arrange
    const env = handlerEnv({ allowedPrefixes: [] });

    // Act
    const settings = loadSettings(env);

    // Assert
    expect(settings.allowedPrefixes).toEqual([]);
  });
});

describe("loadLogSettings", () => {
  it("names the function as the service, with the default namespace and level when Lambda sets none", () => {
    // Act
    const settings = loadLogSettings(handlerEnv());

    // Assert
    expect(settings).toEqual({ service: "create-ecr-repo-eu-west-1", namespace: DEFAULT_METRICS_NAMESPACE, level: "INFO" });
  });

  it.each([
    [{ [METRICS_NAMESPACE_ENV]: "Platform/ECR create-on-push" }, { namespace: "Platform/ECR create-on-push" }],
    [{ [METRICS_NAMESPACE_ENV]: "x".repeat(255) }, { namespace: "x".repeat(255) }],
    [{ AWS_LAMBDA_LOG_LEVEL: "WARN" }, { level: "WARN" }],
    [{ AWS_LAMBDA_LOG_LEVEL: "debug" }, { level: "DEBUG" }],
  ])("takes %j", (extra, expected) => {
    // Act
    const settings = loadLogSettings({ ...handlerEnv(), ...extra });

    // Assert
    expect(settings).toMatchObject(expected);
  });

  it.each([
    [METRICS_NAMESPACE_ENV, "AWS/ECR"],
    [METRICS_NAMESPACE_ENV, ":ecr"],
    [METRICS_NAMESPACE_ENV, "   "],
    [METRICS_NAMESPACE_ENV, "x".repeat(256)],
    [METRICS_NAMESPACE_ENV, "ECR\nmetrics"],
    ["AWS_LAMBDA_LOG_LEVEL", "VERBOSE"],
  ])("refuses %s=%j at cold start, naming the variable", (variable, value) => {
    // Act
    const load = () => loadLogSettings({ ...handlerEnv(), [variable]: value });

    // Assert
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`^${variable}: `));
  });
});
