/** Reading an ensure request at the boundary, and STS's answer: no AWS, no I/O. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readGetCallerIdentity } from "../../../handler/caller-identity";
import { isEnsureRequest, parseEnsureRequest } from "../../../handler/ensure";
import { stsEndpoint } from "../../../handler/ensure-request";
import { ACCOUNT, REGION, pushEvent } from "../../support/handler-fixtures";

const STS = new URL(`https://sts.${REGION}.amazonaws.com/`);
const QUERY = `Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261202%2F${REGION}%2Fsts%2Faws4_request&X-Amz-Date=20261202T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-ecr-create-on-push-function%3Bx-ecr-create-on-push-repository&X-Amz-Signature=${"a".repeat(64)}`;
const request = (fields: Record<string, unknown> = {}) => ({ ecrCreateOnPush: "ensure", version: 1, repositoryName: "team-a/api", registryId: ACCOUNT, region: REGION, callerIdentity: { url: `${STS.origin}/?${QUERY}` }, ...fields });
const expect_ = { account: ACCOUNT, region: REGION };

describe("ensure requests", () => {
  it("tells an ensure request from a push event", () => {
    expect([isEnsureRequest(request()), isEnsureRequest(pushEvent("team-a/api")), isEnsureRequest(null), isEnsureRequest([request()])]).toEqual([true, false, false, false]);
  });

  it("reads a well-formed request", () => {
    const parsed = parseEnsureRequest(request(), expect_, STS);
    expect(parsed).toMatchObject({ kind: "ensure", repositoryName: "team-a/api" });
  });

  it.each([
    [{ ecrCreateOnPush: "create" }, "malformed-ensure-request"],
    [{ repositoryName: 42 }, "malformed-ensure-request"],
    [{ repositoryName: "Team/API" }, "invalid-repository-name"],
    [{ registryId: "999988887777" }, "other-account"],
    [{ region: "us-east-1" }, "other-region"],
    [{ callerIdentity: "x" }, "malformed-ensure-request"],
    [{ callerIdentity: { url: "not a url" } }, "malformed-ensure-request"],
    [{ callerIdentity: { url: `https://sts.amazonaws.com/?${QUERY}` } }, "other-sts-endpoint"],
    [{ callerIdentity: { url: `https://sts.${REGION}.amazonaws.com.evil.example/?${QUERY}` } }, "other-sts-endpoint"],
    [{ callerIdentity: { url: `${STS.origin}/other?${QUERY}` } }, "other-sts-endpoint"],
    [{ callerIdentity: { url: `${STS.origin}/?${QUERY}&Action=GetCallerIdentity` } }, "malformed-ensure-request"],
    [{ callerIdentity: { url: `${STS.origin}/?${QUERY.replace("X-Amz-Expires=60", "X-Amz-Expires=301")}` } }, "malformed-ensure-request"],
    [{ callerIdentity: { url: `${STS.origin}/?${"x".repeat(20_000)}` } }, "malformed-ensure-request"],
  ])("refuses %j with %s", (fields, reason) => {
    expect(parseEnsureRequest(request(fields), expect_, STS)).toMatchObject({ kind: "skip", reason });
  });

  it("never throws, whatever the request holds, and refuses whatever is not well-formed", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("ecrCreateOnPush", "version", "repositoryName", "registryId", "region", "callerIdentity", "__proto__"), fc.oneof(fc.anything(), fc.record({ url: fc.webUrl({ withQueryParameters: true }) }))), (fields) => {
        const parsed = parseEnsureRequest({ ecrCreateOnPush: "ensure", ...fields }, expect_, STS);
        expect(["ensure", "skip"]).toContain(parsed.kind);
        if (parsed.kind === "ensure") expect(new URL(`${STS.origin}/?${parsed.query}`).searchParams.get("Action")).toBe("GetCallerIdentity");
      }),
      { numRuns: 500 },
    );
  });

  it("takes the function's STS endpoint from its environment, else STS in its Region", () => {
    expect(stsEndpoint({}, "eu-west-1").href).toBe("https://sts.eu-west-1.amazonaws.com/");
    expect(stsEndpoint({}, "cn-north-1").href).toBe("https://sts.cn-north-1.amazonaws.com.cn/");
    expect(stsEndpoint({ AWS_ENDPOINT_URL_STS: "http://127.0.0.1:4566" }, "eu-west-1").href).toBe("http://127.0.0.1:4566/");
  });
});

describe("STS's answer", () => {
  const answer = (arn: string, account: string) => `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROA:ci</UserId><Account>${account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`;

  it("reads the ARN and account", () => {
    expect(readGetCallerIdentity(answer(`arn:aws:sts::${ACCOUNT}:assumed-role/ci/s`, ACCOUNT))).toEqual({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/s`, account: ACCOUNT, userId: "AROA:ci" });
  });

  it.each([
    ["an ARN of another account", answer(`arn:aws:sts::999988887777:assumed-role/ci/s`, ACCOUNT)],
    ["no account", answer(`arn:aws:sts::${ACCOUNT}:assumed-role/ci/s`, "")],
    ["an error document", "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>"],
  ])("reads nothing from %s", (_case, xml) => {
    expect(readGetCallerIdentity(xml)).toBeUndefined();
  });
});
