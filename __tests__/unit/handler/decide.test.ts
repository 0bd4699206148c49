import { describe, expect, it } from "vitest";
import { CREATED_BY_TAG, CREATED_FOR_TAG } from "../../../handler/function-config";
import { buildTags, decide, sanitizeTagValue } from "../../../handler/decide";
import type { ParseResult } from "../../../handler/parse";
import { loadSettings } from "../../../handler/settings";
import { FUNCTION_NAME, handlerEnv } from "../../support/handler-fixtures";

const settings = loadSettings(
  handlerEnv({
    allowedPrefixes: ["team-a", "platform/"],
    prefixSettings: { "team-a": { scanOnPush: false }, "team-a/payments": { imageTagMutability: "MUTABLE" }, "team-a/payments/legacy": { lifecyclePolicy: "" } },
  }),
);
const push = (repositoryName: string, principalArn?: string): ParseResult => ({
  kind: "push",
  push: { repositoryName, principalArn, eventName: "InitiateLayerUpload", eventId: "id-1", pusherAccount: "111122223333", registryAccount: "111122223333", eventTime: undefined },
});

describe("decide", () => {
  it.each([
    { name: "team-a/api", prefix: "team-a" },
    { name: "team-a/payments/api", prefix: "team-a/payments" },
    { name: "team-a/payments/legacy/api", prefix: "team-a/payments/legacy" },
    { name: "team-a/payments-b/api", prefix: "team-a" },
    { name: "platform/api", prefix: undefined },
  ])("takes the settings of the most specific prefix for $name", ({ name, prefix }) => {
    // Arrange
    const parsed = push(name);

    // Act
    const plan = decide(parsed, settings);

    // Assert
    expect(plan).toMatchObject({ kind: "create", repositoryName: name, settingsPrefix: prefix });
    expect(plan.kind === "create" && plan.settings).toEqual(prefix === undefined ? settings.defaults : settings.prefixes.get(prefix));
  });

  it.each(["team-b/api", "team-a", "team-ab/api", "platformer/api", "api"])("skips %s, which is outside the allowed prefixes", (name) => {
    // Arrange
    const parsed = push(name);

    // Act
    const plan = decide(parsed, settings);

    // Assert
    expect(plan).toMatchObject({ kind: "skip", reason: "outside-allowed-prefixes", repositoryName: name });
  });

  it("passes a parse skip through unchanged", () => {
    // Arrange
    const parsed: ParseResult = { kind: "skip", reason: "wrong-source", detail: "source is \"aws.s3\"" };

    // Act
    const plan = decide(parsed, settings);

    // Assert
    expect(plan).toBe(parsed);
  });

  it("tags with created-by, created-for and the configured tags, ours first", () => {
    // Arrange
    const parsed = push("team-a/api", "arn:aws:sts::111122223333:assumed-role/ci/run,1");

    // Act
    const plan = decide(parsed, settings);

    // Assert
    expect(plan.kind === "create" && plan.tags).toEqual([
      { Key: CREATED_BY_TAG, Value: FUNCTION_NAME },
      { Key: CREATED_FOR_TAG, Value: "arn:aws:sts::111122223333:assumed-role/ci/run_1" },
      { Key: "team", Value: "platform" },
      { Key: "cost-center", Value: "1234" },
    ]);
  });
});

describe("tags", () => {
  it.each([
    { value: "arn:aws:iam::111122223333:user/build-bot", expected: "arn:aws:iam::111122223333:user/build-bot" },
    { value: "arn:aws:sts::1:assumed-role/r/a,b", expected: "arn:aws:sts::1:assumed-role/r/a_b" },
    { value: "x".repeat(300), expected: "x".repeat(256) },
    { value: "a\u0000b<script>", expected: "a_b_script_" },
  ])("sanitises $value to ECR's tag limits", ({ value, expected }) => {
    // Act
    const sanitised = sanitizeTagValue(value);

    // Assert
    expect(sanitised).toBe(expected);
  });

  it("never returns more than 50 tags and keeps created-by", () => {
    // Arrange
    const configured = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`k${index}`, "v"]));

    // Act
    const tags = buildTags(configured, FUNCTION_NAME, "arn:aws:iam::1:user/u");

    // Assert
    expect(tags).toHaveLength(50);
    expect(tags[0]).toEqual({ Key: CREATED_BY_TAG, Value: FUNCTION_NAME });
  });

  it("leaves created-for out when the record has no principal ARN", () => {
    // Act
    const tags = buildTags({}, FUNCTION_NAME, undefined);

    // Assert
    expect(tags).toEqual([{ Key: CREATED_BY_TAG, Value: FUNCTION_NAME }]);
  });
});
