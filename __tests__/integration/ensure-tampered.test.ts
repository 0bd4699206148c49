/**
 * Ensure requests no honest `push --ensure` sends, straight to the bundled function through the local Lambda endpoint
 * (the real @aws-sdk/client-lambda): a presigned identity tampered with after signing, replayed for another name or
 * function, stretched, or pointing the function at another STS host. Each is refused with a reason, creates nothing,
 * and never reaches the other host.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENSURE_KEY, ENSURE_VALUE, ENSURE_VERSION } from "../../handler/ensure-request";
import { bundleHandler } from "../../lib/bundle";
import { presignCallerIdentity } from "../../lib/cli/ensure";
import type { EcrServer } from "../support/ecr-server";
import { ACCOUNT, FUNCTION_NAME, REGION } from "../support/handler-fixtures";
import type { LambdaServer } from "../support/lambda-server";
import type { StsServer } from "../support/sts-server";
import { CI, startEnsureWorld } from "./ensure-support";

const staging = mkdtempSync(join(tmpdir(), "ecop-ensure-tampered-"));
let ecr: EcrServer;
let sts: StsServer;
let elsewhere: StsServer;
let lambda: LambdaServer;
let client: LambdaClient;

beforeAll(async () => {
  const { zipPath } = bundleHandler(staging);
  ({ ecr, sts, elsewhere, lambda } = await startEnsureWorld(zipPath));
  client = new LambdaClient({ region: REGION, endpoint: lambda.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await Promise.all([lambda?.close(), sts?.close(), elsewhere?.close(), ecr?.close()]);
  rmSync(staging, { recursive: true, force: true });
});

const credentials = async () => ({ accessKeyId: CI.accessKeyId, secretAccessKey: CI.secretAccessKey, sessionToken: CI.sessionToken });

/** An honest request's payload: what `push --ensure` sends for `repositoryName`. */
async function honest(repositoryName = "team-a/api", options: { functionName?: string; endpoint?: string; signingDate?: Date } = {}) {
  const url = await presignCallerIdentity({ functionName: options.functionName ?? FUNCTION_NAME, repositoryName, region: REGION }, new URL(options.endpoint ?? sts.url), credentials, options.signingDate);
  return { [ENSURE_KEY]: ENSURE_VALUE, version: ENSURE_VERSION, repositoryName, registryId: ACCOUNT, region: REGION, callerIdentity: { url } } as Record<string, unknown>;
}

const withQuery = (payload: Record<string, unknown>, edit: (query: URLSearchParams) => void) => {
  const url = new URL((payload.callerIdentity as { url: string }).url);
  edit(url.searchParams);
  return { ...payload, callerIdentity: { url: url.toString() } };
};

async function invoke(payload: unknown): Promise<{ functionError: string | undefined; answer: Record<string, unknown> }> {
  const response = await client.send(new InvokeCommand({ FunctionName: FUNCTION_NAME, Payload: Buffer.from(JSON.stringify(payload)) }));
  return { functionError: response.FunctionError, answer: JSON.parse(Buffer.from(response.Payload!).toString("utf8")) };
}

type Case = [what: string, payload: () => Promise<unknown>, reason: string, detail: RegExp, stsCodes: readonly (string | undefined)[]];

const CASES: readonly Case[] = [
  ["a signature changed after signing", async () => withQuery(await honest(), (q) => q.set("X-Amz-Signature", q.get("X-Amz-Signature")!.replace(/.$/, (c) => (c === "0" ? "1" : "0")))), "identity-not-verified", /SignatureDoesNotMatch/, ["SignatureDoesNotMatch"]],
  ["an identity replayed for another repository", async () => ({ ...(await honest("team-a/api")), repositoryName: "team-a/other" }), "identity-not-verified", /SignatureDoesNotMatch/, ["SignatureDoesNotMatch"]],
  ["an identity signed for another function", async () => honest("team-a/api", { functionName: "some-other-function" }), "identity-not-verified", /SignatureDoesNotMatch/, ["SignatureDoesNotMatch"]],
  ["another access key claimed in the credential", async () => withQuery(await honest(), (q) => q.set("X-Amz-Credential", q.get("X-Amz-Credential")!.replace(CI.accessKeyId, "AKIAQEXAMPLEOTHER01"))), "identity-not-verified", /InvalidClientTokenId/, ["InvalidClientTokenId"]],
  ["an expired identity", async () => honest("team-a/api", { signingDate: new Date(Date.now() - 10 * 60_000) }), "identity-not-verified", /ExpiredToken/, ["ExpiredToken"]],
  ["a payload pointing the function at another STS host", async () => honest("team-a/api", { endpoint: elsewhere.url }), "other-sts-endpoint", /the identity was signed for "http:\/\/127\.0\.0\.1:\d+\/"; this function verifies callers only at its own STS endpoint/, []],
  ["a URL with credentials in it", async () => ({ ...(await honest()), callerIdentity: { url: `${sts.url.replace("http://", "http://user:pw@")}/?Action=GetCallerIdentity` } }), "other-sts-endpoint", /own STS endpoint/, []],
  ["another STS action", async () => withQuery(await honest(), (q) => q.set("Action", "AssumeRole")), "malformed-ensure-request", /Action is "AssumeRole"/, []],
  ["an extra parameter", async () => withQuery(await honest(), (q) => q.append("RoleArn", "arn:aws:iam::111122223333:role/admin")), "malformed-ensure-request", /parameter "RoleArn" is not one of a presigned GetCallerIdentity/, []],
  ["a request that does not sign the binding headers", async () => withQuery(await honest(), (q) => q.set("X-Amz-SignedHeaders", "host")), "malformed-ensure-request", /X-Amz-SignedHeaders is "host"/, []],
  ["a long-lived request", async () => withQuery(await honest(), (q) => q.set("X-Amz-Expires", "900")), "malformed-ensure-request", /X-Amz-Expires is 900 s; at most 300 s/, []],
  ["another payload version", async () => ({ ...(await honest()), version: 2 }), "malformed-ensure-request", /version is 2; this function reads version 1/, []],
  ["no identity at all", async () => ({ [ENSURE_KEY]: ENSURE_VALUE, version: ENSURE_VERSION, repositoryName: "team-a/api", region: REGION }), "malformed-ensure-request", /callerIdentity\.url is undefined/, []],
  ["another registry", async () => ({ ...(await honest()), registryId: "999988887777" }), "other-account", /registryId is "999988887777", not the function's 111122223333/, []],
  ["another Region", async () => ({ ...(await honest()), region: "us-east-1" }), "other-region", /region is "us-east-1"/, []],
];

describe("the function, given an ensure request no honest caller sends", () => {
  it.each(CASES)("refuses %s, creating nothing", async (_what, payload, reason, detail, stsCodes) => {
    // Arrange
    const callsBefore = sts.calls.length;
    const ecrBefore = ecr.calls.length;
    const request = await payload();

    // Act
    const { functionError, answer } = await invoke(request);

    // Assert
    expect(functionError).toBeUndefined();
    expect(answer).toMatchObject({ decision: "skipped", reason });
    expect(answer.detail).toMatch(detail);
    expect(sts.calls.slice(callsBefore).map((call) => call.code)).toEqual(stsCodes);
    expect(ecr.calls.slice(ecrBefore)).toEqual([]);
    expect(ecr.repositories.size).toBe(0);
    expect(elsewhere.calls).toEqual([]);
  }, 30_000);

  it("creates for the same request untampered, so each refusal above is the tampering's", async () => {
    // Act
    const { functionError, answer } = await invoke(await honest("team-a/untampered"));

    // Assert
    expect(functionError).toBeUndefined();
    expect(answer).toEqual({ decision: "created", repository: "team-a/untampered" });
    expect(ecr.repositories.has("team-a/untampered")).toBe(true);
    ecr.registry.repositories.delete("team-a/untampered");
  }, 30_000);
});
