/**
 * The synthesized zip, loaded the way Lambda loads it: unzipped, the file the `handler` attribute names imported
 * in a fresh Node process, with exactly the environment `terraform plan` computed for the function, calling a
 * local server that speaks ECR's protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcrCreateOnPushStack } from "../../lib/stacks";
import { offlineCopy, planOffline } from "../../scripts/terraform";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { pushEvent } from "../support/handler-fixtures";
import { invokePlanned, type PlannedFunction, unpackPlannedFunction } from "../support/lambda-zip";
import { fullSynth } from "../support/synth";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const REPO_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["ecr:BatchGetImage"] }] });

describe("synthesized function, end to end", () => {
  let fn: PlannedFunction;
  let server: EcrServer;

  beforeAll(async () => {
    const stackDir = fullSynth((app) => new EcrCreateOnPushStack(app, "e2e", { managedRepoPrefixes: ["team-a"], imageTagMutability: "IMMUTABLE", repoPolicy: REPO_POLICY, repoTags: { team: "a" } }));
    const plan = await planOffline(offlineCopy(stackDir, REGION));
    fn = unpackPlannedFunction(stackDir, plan.planned_values.root_module.resources ?? []);
    server = await startEcrServer({ account: ACCOUNT, region: REGION });
  });
  afterAll(() => server?.close());

  const invoke = (event: unknown) => invokePlanned(fn, event, { region: REGION, account: ACCOUNT, endpoint: server.url });

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
