import { describe, expect, it } from "vitest";
import { parsePushFailure, type SkipReason } from "../../../handler/parse";
import { ACCOUNT, REGION, loadEvent, pushEvent } from "../../support/handler-fixtures";

const EXPECT = { account: ACCOUNT, region: REGION, eventNames: ["InitiateLayerUpload"] };

describe("parsePushFailure", () => {
  it.each([
    { fixture: "initiate-layer-upload-assumed-role", name: "team-a/api", principal: "arn:aws:sts::111122223333:assumed-role/ci-pusher/ci-4821" },
    { fixture: "initiate-layer-upload-iam-user", name: "platform/tools/linter", principal: "arn:aws:iam::111122223333:user/build-bot" },
    { fixture: "initiate-layer-upload-web-identity", name: "team-a/payments/worker", principal: "arn:aws:sts::111122223333:assumed-role/gha-ecr-push/GitHubActions,run=7781" },
  ] as const)("accepts the failed push in $fixture", ({ fixture, name, principal }) => {
    // Arrange
    const event = loadEvent(fixture);

    // Act
    const result = parsePushFailure(event, EXPECT);

    // Assert
    expect(result).toEqual({ kind: "push", push: {
        repositoryName: name,
        principalArn: principal,
        eventName: "InitiateLayerUpload",
        eventId: event.id,
        pusherAccount: ACCOUNT,
        registryAccount: EXPECT.account,
        eventTime: Date.parse(event.detail.eventTime),
      },
    });
  });

  it("accepts a push whose record has no principal ARN, leaving created-for out", () => {
    // Arrange
    const event = pushEvent("team-a/api");
    delete event.detail.userIdentity.arn;

    // Act
    const result = parsePushFailure(event, EXPECT);

    // Assert
    expect(result).toMatchObject({ kind: "push", push: { principalArn: undefined } });
  });

  type Mutation = (event: any) => unknown;
  const hostile: { case: string; reason: SkipReason; mutate: Mutation }[] = [
    { case: "null", reason: "not-an-object", mutate: () => null },
    { case: "an array", reason: "not-an-object", mutate: (event) => [event] },
    { case: "a string", reason: "not-an-object", mutate: (event) => JSON.stringify(event) },
    { case: "a number", reason: "not-an-object", mutate: () => 42 },
    { case: "undefined", reason: "not-an-object", mutate: () => undefined },
    { case: "an empty object", reason: "wrong-source", mutate: () => ({}) },
    { case: "another source", reason: "wrong-source", mutate: (event) => ({ ...event, source: "aws.s3" }) },
    { case: "a source inherited through __proto__", reason: "wrong-source", mutate: (event) => JSON.parse(JSON.stringify({ ...event, source: undefined }).replace(/^\{/, '{"__proto__":{"source":"aws.ecr"},')) },
    { case: "another detail-type", reason: "wrong-detail-type", mutate: (event) => ({ ...event, "detail-type": "ECR Image Action" }) },
    { case: "a null detail", reason: "no-detail", mutate: (event) => ({ ...event, detail: null }) },
    { case: "an array detail", reason: "no-detail", mutate: (event) => ({ ...event, detail: [event.detail] }) },
    { case: "another eventSource", reason: "wrong-event-source", mutate: (event) => ((event.detail.eventSource = "s3.amazonaws.com"), event) },
    { case: "an event name not configured", reason: "event-name-not-handled", mutate: (event) => ((event.detail.eventName = "PutImage"), event) },
    { case: "a successful CreateRepository call", reason: "event-name-not-handled", mutate: () => loadEvent("create-repository-succeeded") },
    { case: "no errorCode", reason: "wrong-error-code", mutate: (event) => (delete event.detail.errorCode, event) },
    { case: "another errorCode", reason: "wrong-error-code", mutate: (event) => ((event.detail.errorCode = "AccessDenied"), event) },
    { case: "no requestParameters", reason: "no-repository-name", mutate: (event) => ((event.detail.requestParameters = null), event) },
    { case: "a numeric repository name", reason: "no-repository-name", mutate: (event) => ((event.detail.requestParameters.repositoryName = 42), event) },
    { case: "an array repository name", reason: "no-repository-name", mutate: (event) => ((event.detail.requestParameters.repositoryName = ["team-a/api"]), event) },
    { case: "a name only on Object.prototype's path (constructor)", reason: "no-repository-name", mutate: (event) => ((event.detail.requestParameters = { constructor: "team-a/api" }), event) },
    { case: "another account", reason: "other-account", mutate: (event) => ({ ...event, account: "444455556666" }) },
    { case: "a registryId of another account", reason: "other-account", mutate: (event) => ((event.detail.requestParameters.registryId = "444455556666"), event) },
    { case: "a numeric registryId", reason: "other-account", mutate: (event) => ((event.detail.requestParameters.registryId = 111122223333), event) },
    { case: "another region", reason: "other-region", mutate: (event) => ({ ...event, region: "us-east-1" }) },
    { case: "another awsRegion in the record", reason: "other-region", mutate: (event) => ((event.detail.awsRegion = "us-east-1"), event) },
    { case: "an uppercase name", reason: "invalid-repository-name", mutate: (event) => ((event.detail.requestParameters.repositoryName = "Team-A/api"), event) },
    { case: "a one-character name", reason: "invalid-repository-name", mutate: (event) => ((event.detail.requestParameters.repositoryName = "a"), event) },
    { case: "a trailing slash", reason: "invalid-repository-name", mutate: (event) => ((event.detail.requestParameters.repositoryName = "team-a/"), event) },
    { case: "a path traversal", reason: "invalid-repository-name", mutate: (event) => ((event.detail.requestParameters.repositoryName = "team-a/../etc"), event) },
    { case: "a megabyte name", reason: "invalid-repository-name", mutate: (event) => ((event.detail.requestParameters.repositoryName = `team-a/${"a".repeat(1_048_576)}`), event) },
  ];

  it.each(hostile)("skips $case with reason $reason", ({ reason, mutate }) => {
    // Arrange
    const event = mutate(pushEvent("team-a/api"));

    // Act
    const result = parsePushFailure(event, EXPECT);

    // Assert
    expect(result).toMatchObject({ kind: "skip", reason, detail: expect.any(String) });
  });

  it("keeps a megabyte name out of the skip record it returns for logging", () => {
    // Arrange
    const event = pushEvent(`team-a/${"x".repeat(1_048_576)}`);

    // Act
    const result = parsePushFailure(event, EXPECT);

    // Assert
    expect(result.kind === "skip" && result.repositoryName!.length).toBeLessThan(400);
  });

  it("accepts a valid push that also carries __proto__ and constructor keys, as data", () => {
    // Arrange
    const text = JSON.stringify(pushEvent("team-a/api")).replace('"requestParameters":{', '"requestParameters":{"__proto__":{"repositoryName":"team-a/evil"},"constructor":{"name":"x"},');
    const event = JSON.parse(text);

    // Act
    const result = parsePushFailure(event, EXPECT);

    // Assert
    expect(result).toMatchObject({ kind: "push", push: { repositoryName: "team-a/api" } });
    expect(({} as Record<string, unknown>).repositoryName).toBeUndefined();
  });

  it("ignores a polluted Object.prototype", () => {
    // Arrange
    const event = pushEvent("team-a/api");
    delete event.detail.requestParameters.repositoryName;
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.repositoryName = "team-a/injected";

    // Act
    let result;
    try {
      result = parsePushFailure(event, EXPECT);
    } finally {
      delete prototype.repositoryName;
    }

    // Assert
    expect(result).toMatchObject({ kind: "skip", reason: "no-repository-name" });
  });
});
