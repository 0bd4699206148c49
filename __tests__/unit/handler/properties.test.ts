/** Properties over generated names and events: the boundary never throws and never lets a bad name through. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CREATED_BY_TAG } from "../../../handler/function-config";
import { buildTags, decide } from "../../../handler/decide";
import { isUnderPrefix, repositoryNameProblem } from "../../../handler/repository-names";
import { parsePushFailure } from "../../../handler/parse";
import { loadSettings } from "../../../handler/settings";
import { ACCOUNT, REGION, handlerEnv, pushEvent } from "../../support/handler-fixtures";

const EXPECT = { account: ACCOUNT, region: REGION, eventNames: ["InitiateLayerUpload"] };
const alnum = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: 1, maxLength: 8 });
const separator = fc.constantFrom(".", "_", "__", "-", "--");
const component = fc.tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 3 })).map(([head, rest]) => head + rest.map(([sep, part]) => sep + part).join(""));
/** Names built from ECR's grammar (AWS-FACTS §3). */
const validName = fc.array(component, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/")).filter((name) => name.length >= 2 && name.length <= 256);

describe("properties", () => {
  it("accepts every name built from ECR's grammar", () => {
    fc.assert(
      fc.property(validName, (name) => {
        // Act
        const result = parsePushFailure(pushEvent(name), EXPECT);

        // Assert
        expect(result).toMatchObject({ kind: "push", push: { repositoryName: name } });
      }),
    );
  });

  it("never throws, and only lets through names ECR accepts, for any string as a name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (name) => {
        // Act
        const result = parsePushFailure(pushEvent(name), EXPECT);

        // Assert
        if (result.kind === "push") expect(repositoryNameProblem(result.push.repositoryName)).toBeUndefined();
        else expect(result.reason).toBe(repositoryNameProblem(name) ? "invalid-repository-name" : "never");
      }),
    );
  });

  it("never throws on any JSON value as the event, nor as any part of it", () => {
    const parts = ["detail", "requestParameters", "userIdentity", "source", "account", "region"] as const;
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...parts), fc.jsonValue(), (whole, part, value) => {
        // Arrange
        const event = pushEvent("team-a/api");
        if (part === "requestParameters" || part === "userIdentity") event.detail[part] = value;
        else event[part] = value;

        // Act
        const asWhole = parsePushFailure(whole, EXPECT);
        const asPart = parsePushFailure(event, EXPECT);

        // Assert
        expect(asWhole.kind).toBe("skip");
        expect(["skip", "push"]).toContain(asPart.kind);
      }),
    );
  });

  it("creates exactly the names under an allowed prefix, with the longest matching prefix's settings", () => {
    fc.assert(
      fc.property(fc.uniqueArray(component, { minLength: 1, maxLength: 4 }), validName, (prefixes, name) => {
        // Arrange
        const candidates = [...prefixes, ...name.split("/").slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join("/"))];
        const allowed = [...new Set(candidates)];
        const settings = loadSettings(handlerEnv({ allowedPrefixes: allowed, prefixSettings: Object.fromEntries(allowed.map((prefix) => [prefix, {}])) }));

        // Act
        const plan = decide({ kind: "push", push: { repositoryName: name, principalArn: undefined, eventName: "InitiateLayerUpload", eventId: undefined, pusherAccount: "111122223333", registryAccount: "111122223333", eventTime: undefined } }, settings);

        // Assert
        const covering = allowed.filter((prefix) => isUnderPrefix(name, prefix)).sort((a, b) => b.length - a.length);
        expect(plan.kind).toBe(covering.length > 0 ? "create" : "skip");
        if (plan.kind === "create") expect(plan.settingsPrefix).toBe(covering[0]);
      }),
    );
  });

  it("keeps every tag within ECR's limits whatever the principal ARN", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 3000 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 128 }), fc.string({ maxLength: 256 }), { maxKeys: 60 }), (principal, configured) => {
        // Act
        const tags = buildTags(configured, "create-ecr-repo", principal);

        // Assert
        expect(tags.length).toBeLessThanOrEqual(50);
        expect(tags[0]).toEqual({ Key: CREATED_BY_TAG, Value: "create-ecr-repo" });
        for (const tag of tags) {
          expect(tag.Key.length).toBeLessThanOrEqual(128);
          expect(tag.Value.length).toBeLessThanOrEqual(256);
        }
        expect(tags.find((tag) => tag.Key === "created-for")?.Value ?? "").toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u);
      }),
    );
  });
});
