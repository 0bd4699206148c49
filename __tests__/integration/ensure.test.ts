/**
 * `push --ensure` as it ships (the bundled command, run where nothing else is installed) against a local endpoint
 * speaking Lambda's Invoke API (support/lambda-server.ts) that runs the real bundled function against the local ECR
 * and a local STS that verifies SigV4 presigned requests (support/sts-server.ts). The push client is a fake that
 * pushes only when the repository exists in the local ECR, so "the first attempt succeeds" means the function
 * created it first. A second STS that vouches for anyone stands for a host an attacker would point the function at.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CREATED_BY_TAG, CREATED_FOR_TAG } from "../../handler/function-config";
import { bundleHandler } from "../../lib/bundle";
import { GAVE_UP_EXIT, REFUSED_EXIT } from "../../lib/cli/push";
import type { EcrServer } from "../support/ecr-server";
import { fakePushClient } from "../support/fake-push-client";
import { ACCOUNT, FUNCTION_NAME, REGION } from "../support/handler-fixtures";
import type { LambdaServer } from "../support/lambda-server";
import { runCli } from "../support/packaged-cli";
import type { StsServer } from "../support/sts-server";
import { ciEnvironment, CI, image, OTHER_ACCOUNT_CI, startEnsureWorld } from "./ensure-support";

const staging = mkdtempSync(join(tmpdir(), "ecop-ensure-"));
const home = mkdtempSync(join(tmpdir(), "ecop-ensure-home-"));
let zipPath: string;
let ecr: EcrServer;
let sts: StsServer;
let elsewhere: StsServer;
let lambda: LambdaServer;

beforeAll(() => {
  zipPath = bundleHandler(staging).zipPath;
});
afterAll(() => {
  rmSync(staging, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all([lambda?.close(), sts?.close(), elsewhere?.close(), ecr?.close()]);
});

async function start(): Promise<void> {
  ({ ecr, sts, elsewhere, lambda } = await startEnsureWorld(zipPath));
}

const fakeClient = (ruleAfter = 0) => fakePushClient(staging, ACCOUNT, REGION, { ruleAfter });

function pushWithEnsure(name: string, client: { script: string }, env: Record<string, string> = {}, functionName = FUNCTION_NAME) {
  return runCli(["push", "--ensure", functionName, "--first-wait", "0.05", "--max-wait", "0.2", "--timeout", "20", "--", client.script, image(name)], { ...ciEnvironment(home, { ecr, sts, lambda }), ...env });
}

const creations = () => ecr.calls.filter((call) => call.operation === "CreateRepository");

describe("push --ensure", () => {
  it("has the function create a managed name before the push, so the client's first attempt succeeds", async () => {
    // Arrange
    await start();
    const client = fakeClient();

    // Act
    const run = await pushWithEnsure("team-a/api", client);

    // Assert
    expect(run.code).toBe(0);
    expect(client.runs()).toBe(1);
    expect(run.stdout).toContain(`pushed ${image("team-a/api")}`);
    expect(run.stderr).toContain(`ecr-create-on-push: team-a/api is ready (${FUNCTION_NAME}: created)`);
    expect(ecr.repositories.get("team-a/api")?.tags).toMatchObject({ [CREATED_BY_TAG]: FUNCTION_NAME, [CREATED_FOR_TAG]: CI.arn });
    expect(sts.calls.map((call) => [call.status, call.host])).toEqual([[200, new URL(sts.url).host]]);
    const [invocation] = lambda.invocationsOf(FUNCTION_NAME);
    expect(invocation!.logs.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ decision: "created", repository: "team-a/api", principal: CI.arn, trigger: "ensure" })]);
  }, 60_000);

  it("pushes at once to a name that exists, and the function writes nothing", async () => {
    // Arrange
    await start();
    ecr.seed("team-a/api");
    const client = fakeClient();

    // Act
    const run = await pushWithEnsure("team-a/api", client);

    // Assert
    expect([run.code, client.runs()]).toEqual([0, 1]);
    expect(run.stderr).toContain(`team-a/api is ready (${FUNCTION_NAME}: exists, `);
    expect(creations().map((call) => call.errorType)).toEqual(["RepositoryAlreadyExistsException"]);
  }, 60_000);

  it.each([
    ["a name outside the prefixes", "other/api", {}, "outside-allowed-prefixes: not under any allowed prefix"],
    ["a pusher account not allowed", "team-a/api", { AWS_ACCESS_KEY_ID: OTHER_ACCOUNT_CI.accessKeyId, AWS_SECRET_ACCESS_KEY: OTHER_ACCOUNT_CI.secretAccessKey, AWS_SESSION_TOKEN: "" }, "pusher-account-not-allowed: pushed from account 999988887777"],
    ["a forged identity (a secret that is not the key's)", "team-a/api", { AWS_SECRET_ACCESS_KEY: "forged/K7MDENG/bPxRfiCYEXAMPLEKEY" }, "identity-not-verified: STS refused the presigned GetCallerIdentity (HTTP 403, SignatureDoesNotMatch"],
    ["an unknown access key", "team-a/api", { AWS_ACCESS_KEY_ID: "AKIAUNKNOWNEXAMPLE01" }, "identity-not-verified: STS refused the presigned GetCallerIdentity (HTTP 403, InvalidClientTokenId"],
    ["an identity signed for another STS host", "team-a/api", { AWS_ENDPOINT_URL_STS: "<elsewhere>" }, "other-sts-endpoint: the identity was signed for"],
    ["a name ECR would refuse", "team-a/a..b", {}, "invalid-repository-name: repository name breaks ECR's naming rule"],
    ["a name that is no ECR image reference", "team-a/API", {}, ""],
  ])("creates nothing for %s, and stops at once with the function's reason", async (_case, name, env, reason) => {
    // Arrange
    await start();
    const client = fakeClient();
    const resolved = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === "<elsewhere>" ? elsewhere.url : value]));

    // Act
    const run = await pushWithEnsure(name, client, resolved);

    // Assert
    if (name === "team-a/API") {
      // Not an ECR image reference at all (ECR names are lowercase): a usage error before anything is asked.
      expect(run.code).toBe(2);
      expect(lambda.calls).toEqual([]);
    } else {
      expect(run.code).toBe(REFUSED_EXIT);
      expect(run.stderr).toContain(`ecr-create-on-push: ${FUNCTION_NAME} will not create ${name}: ${reason}`);
      expect(run.stderr).toContain(`nothing pushed, exit ${REFUSED_EXIT}`);
    }
    expect(client.runs()).toBe(0);
    expect(creations()).toEqual([]);
    expect(ecr.repositories.size).toBe(0);
    expect(elsewhere.calls).toEqual([]);
  }, 60_000);

  it.each([
    ["Lambda refuses the invoke (no lambda:InvokeFunction)", () => lambda.inject({ errorType: "AccessDeniedException", status: 403 }), FUNCTION_NAME, "AccessDeniedException"],
    ["the function does not exist", () => undefined, "no-such-function", "ResourceNotFoundException"],
    ["STS fails while the function asks it", () => sts.inject("InternalFailure", 500, 3), FUNCTION_NAME, "the function failed: IdentityCheckError"],
  ])("falls back to waiting and pushing again when %s", async (_case, fault, functionName, why) => {
    // Arrange
    await start();
    fault();
    const client = fakeClient(2);

    // Act
    const run = await pushWithEnsure("team-a/api", client, {}, functionName);

    // Assert
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`could not ask ${functionName} to create team-a/api (`);
    expect(run.stderr).toContain(why);
    expect(run.stderr).toContain("waiting for team-a/api to be created (attempt 1,");
    expect(client.runs()).toBe(3);
  }, 60_000);

  it("gives up with its usual exit code when the fallback never sees the repository", async () => {
    // Arrange
    await start();
    lambda.inject({ errorType: "AccessDeniedException", status: 403 });
    const client = fakeClient();

    // Act
    const run = await runCli(["push", "--ensure", FUNCTION_NAME, "--first-wait", "0.05", "--max-wait", "0.1", "--timeout", "0.5", "--", client.script, image("team-a/api")], {
      HOME: home,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CI.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CI.secretAccessKey,
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      FAKE_ECR_URL: ecr.url,
    });

    // Assert
    expect(run.code).toBe(GAVE_UP_EXIT);
  }, 60_000);
});

describe("ensure", () => {
  it("creates a bare repository name in the function's own registry", async () => {
    // Arrange
    await start();

    // Act
    const run = await runCli(["ensure", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`, "platform/tools"], {
      HOME: home,
      AWS_ACCESS_KEY_ID: CI.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CI.secretAccessKey,
      AWS_SESSION_TOKEN: CI.sessionToken,
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ENDPOINT_URL_STS: sts.url,
    });

    // Assert
    expect(run.code).toBe(0);
    expect(ecr.repositories.has("platform/tools")).toBe(true);
    expect(lambda.calls.map((call) => call.signedRegion)).toEqual([REGION]);
  }, 60_000);

  it("exits 77 with the reason when refused, 69 when the function cannot be asked", async () => {
    // Arrange
    await start();
    const env = { HOME: home, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: CI.accessKeyId, AWS_SECRET_ACCESS_KEY: CI.secretAccessKey, AWS_SESSION_TOKEN: CI.sessionToken, AWS_ENDPOINT_URL_LAMBDA: lambda.url, AWS_ENDPOINT_URL_STS: sts.url };

    // Act
    const refused = await runCli(["ensure", FUNCTION_NAME, image("elsewhere/api")], env);
    const unavailable = await runCli(["ensure", "no-such-function", image("team-a/api")], env);

    // Assert
    expect([refused.code, unavailable.code]).toEqual([REFUSED_EXIT, 69]);
    expect(refused.stderr).toContain("outside-allowed-prefixes");
    expect(unavailable.stderr).toContain("ResourceNotFoundException");
    expect(ecr.repositories.size).toBe(0);
  }, 60_000);
});
