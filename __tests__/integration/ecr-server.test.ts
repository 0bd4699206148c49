/**
 * The local ECR server answers the policy reads as ECR does, so the real client raises ECR's own modelled
 * exceptions: the handler tells "no policy" from a failure by these names.
 */
import { ECRClient, GetLifecyclePolicyCommand, GetRepositoryPolicyCommand, LifecyclePolicyNotFoundException, RepositoryNotFoundException, RepositoryPolicyNotFoundException } from "@aws-sdk/client-ecr";
import { afterEach, describe, expect, it } from "vitest";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, LIFECYCLE_POLICY, REGION, REPOSITORY_POLICY } from "../support/handler-fixtures";
import { fakeCredentialsPerFile } from "../support/per-test";

let server: EcrServer | undefined;
let ecr: ECRClient | undefined;
const start = async () => {
  server = await startEcrServer({ account: ACCOUNT, region: REGION });
  ecr = new ECRClient({ endpoint: server.url, maxAttempts: 1 });
  return { server, ecr };
};

fakeCredentialsPerFile();
afterEach(async () => {
  ecr?.destroy();
  await server?.close();
});

describe("the local ECR server's policy reads", () => {
  it("returns the policies a repository has", async () => {
    // Arrange
    const { server, ecr } = await start();
    server.seed("team-a/api", { lifecyclePolicy: LIFECYCLE_POLICY, repositoryPolicy: REPOSITORY_POLICY });

    // Act
    const lifecycle = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: "team-a/api" }));
    const policy = await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: "team-a/api" }));

    // Assert
    expect(lifecycle).toMatchObject({ registryId: ACCOUNT, repositoryName: "team-a/api", lifecyclePolicyText: LIFECYCLE_POLICY });
    expect(policy).toMatchObject({ registryId: ACCOUNT, repositoryName: "team-a/api", policyText: REPOSITORY_POLICY });
  });

  it.each([
    { case: "a lifecycle policy a repository lacks", command: () => new GetLifecyclePolicyCommand({ repositoryName: "team-a/api" }), error: LifecyclePolicyNotFoundException },
    { case: "a repository policy a repository lacks", command: () => new GetRepositoryPolicyCommand({ repositoryName: "team-a/api" }), error: RepositoryPolicyNotFoundException },
    { case: "a policy of a repository that does not exist", command: () => new GetLifecyclePolicyCommand({ repositoryName: "team-a/missing" }), error: RepositoryNotFoundException },
  ])("raises ECR's own exception for $case", async ({ command, error }) => {
    // Arrange
    const { server, ecr } = await start();
    server.seed("team-a/api");

    // Act
    const reading = ecr.send(command() as GetLifecyclePolicyCommand);

    // Assert
    await expect(reading).rejects.toBeInstanceOf(error);
    await expect(reading).rejects.toMatchObject({ name: error.name, $metadata: { httpStatusCode: 400 } });
  });
});
