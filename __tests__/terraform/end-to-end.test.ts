/**
 * The synthesized zip, loaded the way Lambda loads it: unzipped, the file the `handler` attribute names imported
 * in a fresh Node process, with exactly the environment `terraform plan` computed for the function, calling a
 * local server that speaks ECR's protocol.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcrCreateOnPushStack } from "../../lib/stacks";
import { offlineCopy, planOffline, type PlannedResource } from "../../scripts/terraform";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { pushEvent } from "../support/handler-fixtures";
import { fullSynth } from "../support/synth";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const REPO_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["ecr:BatchGetImage"] }] });

describe("synthesized function, end to end", () => {
  let fn: PlannedResource;
  let codeDir: string;
  let server: EcrServer;

  beforeAll(async () => {
    const stackDir = fullSynth((app) => new EcrCreateOnPushStack(app, "e2e", { managedRepoPrefixes: ["team-a"], imageTagMutability: "IMMUTABLE", repoPolicy: REPO_POLICY, repoTags: { team: "a" } }));
    const plan = await planOffline(offlineCopy(stackDir, REGION));
    fn = (plan.planned_values.root_module.resources ?? []).find((r) => r.type === "aws_lambda_function")!;
    codeDir = mkdtempSync(join(tmpdir(), "ecop-lambda-"));
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(join(stackDir, fn.values.filename as string))))) writeFileSync(join(codeDir, name), bytes);
    server = await startEcrServer({ account: ACCOUNT, region: REGION });
  });
  afterAll(() => server?.close());

  /** Imports `<file>.mjs` named by the handler attribute ("index.handler") and invokes it, as Lambda does. */
  async function invoke(event: unknown): Promise<unknown> {
    const [file, exported] = (fn.values.handler as string).split(".");
    const variables = (fn.values.environment as { variables: Record<string, string> }[])[0].variables;
    const runner = join(codeDir, "invoke.mjs");
    writeFileSync(
      runner,
      `const m = await import(${JSON.stringify(`./${file}.mjs`)});\n` +
        `const out = await m[${JSON.stringify(exported)}](JSON.parse(process.env.TEST_EVENT), { invokedFunctionArn: ${JSON.stringify(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn.values.function_name}`)}, awsRequestId: "e2e" });\n` +
        `(await import("node:fs")).writeFileSync("outcome.json", JSON.stringify(out));\n`,
    );
    await promisify(execFile)(process.execPath, [runner], {
      cwd: codeDir,
      env: {
        PATH: process.env.PATH,
        ...variables,
        AWS_LAMBDA_FUNCTION_NAME: fn.values.function_name as string,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
        AWS_SECRET_ACCESS_KEY: "fake",
        AWS_ENDPOINT_URL_ECR: server.url,
        TEST_EVENT: JSON.stringify(event),
      },
    });
    return JSON.parse(readFileSync(join(codeDir, "outcome.json"), "utf8"));
  }

  it("creates an allowed repository with the planned settings, CreateRepository first", async () => {
    // Act
    const outcome = await invoke(pushEvent("team-a/api"));

    // Assert
    expect(outcome).toMatchObject({ decision: "created", repository: "team-a/api" });
    expect(server.operations()[0]).toBe("CreateRepository");
    expect(server.repositories.get("team-a/api")).toMatchObject({ imageTagMutability: "IMMUTABLE", repositoryPolicy: REPO_POLICY });
    expect(server.repositories.get("team-a/api")?.tags).toMatchObject({ team: "a", "created-by": "create-ecr-repo-eu-west-1" });
  });

  it("skips a name outside the planned prefixes without calling ECR", async () => {
    // Arrange
    const before = server.calls.length;

    // Act
    const outcome = await invoke(pushEvent("team-b/api"));

    // Assert
    expect(outcome).toMatchObject({ decision: "skipped" });
    expect(server.calls.length).toBe(before);
  });
});
