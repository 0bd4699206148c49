import { describe, expect, it } from "vitest";
import { resolveDefaults, type EcrCreateOnPushConfig } from "../../../lib/config";
import { arnsPerPolicy, buildRolePolicy, createStatement, MANAGED_POLICY_LIMIT, OWN_ACCOUNT, repositoryArns, type Statement } from "../../../lib/iam-policy";

const REFS = { account: OWN_ACCOUNT, partition: "aws", region: "eu-west-1", functionName: "maker-eu-west-1", logGroupName: "/aws/lambda/maker-eu-west-1", deadLetterQueueName: "maker-eu-west-1-dlq" };
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function statements(config: EcrCreateOnPushConfig, refs: Partial<typeof REFS> = {}): Record<string, Statement> {
  // jsonText escapes "${" for Terraform; IAM sees the unescaped text.
  const text = buildRolePolicy(resolveDefaults(config), { ...REFS, ...refs }).replaceAll("$${", "${");
  const policy = JSON.parse(text) as { Version: string; Statement: Statement[] };
  expect(policy.Version).toBe("2012-10-17");
  return Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
}

describe("buildRolePolicy", () => {
  it("allows creating only under each prefix, in the role's own account and region", () => {
    // Act
    const arns = repositoryArns(["team-b/", "team-a", "team-a/"], REFS);

    // Assert
    expect(arns).toEqual(["arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/team-a/*", "arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/team-b/*"]);
  });

  it("allows every repository only when no prefix is configured", () => {
    // Act
    const arns = repositoryArns([], REFS);

    // Assert
    expect(arns).toEqual(["arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/*"]);
  });

  it.each([
    ["16-character", 16],
    ["60-character", 60],
    ["254-character", 254],
  ])("fits as many %s prefixes into one managed policy as IAM's 6,144 characters allow", (_case, length) => {
    // Arrange
    const prefixes = Array.from({ length: 400 }, (_, i) => `${String(i).padStart(3, "0")}${"x".repeat(length - 3)}`);
    const perPolicy = arnsPerPolicy(prefixes);
    const longestRefs = { ...REFS, partition: "aws-us-gov", region: "ap-southeast-7" };

    // Act
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [createStatement(resolveDefaults({}), repositoryArns(prefixes.slice(0, perPolicy), longestRefs))] });

    // Assert
    expect(perPolicy).toBeGreaterThan(0);
    expect(policy.length).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    expect(policy.length).toBeGreaterThan(MANAGED_POLICY_LIMIT * 0.85);
  });

  it.each([
    ["no policies", { repoLifecyclePolicy: null }, ["ecr:CreateRepository", "ecr:TagResource"], undefined],
    ["the default lifecycle policy", {}, ["ecr:CreateRepository", "ecr:TagResource", "ecr:DescribeRepositories", "ecr:ListTagsForResource", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy"], ["ecr:PutLifecyclePolicy"]],
    [
      "a repository policy only under one prefix",
      { repoLifecyclePolicy: null, managedRepoPrefixes: ["team"], prefixSettings: { "team/shared": { repositoryPolicy: '{"Version":"2012-10-17","Statement":[]}' } } },
      ["ecr:CreateRepository", "ecr:TagResource", "ecr:DescribeRepositories", "ecr:ListTagsForResource", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy"],
      ["ecr:SetRepositoryPolicy"],
    ],
  ] as const)("grants only the ECR calls the handler makes with %s", (_case, config, create, configure) => {
    // Act
    const { ConfigureOwnRepositories } = statements(config as EcrCreateOnPushConfig);
    const { Action } = createStatement(resolveDefaults(config as EcrCreateOnPushConfig), []);

    // Assert
    expect(Action).toEqual(create);
    expect(ConfigureOwnRepositories?.Action).toEqual(configure);
  });

  it("puts policies only on repositories the function created (its created-by tag), wherever they are", () => {
    // Act
    const { ConfigureOwnRepositories } = statements({ managedRepoPrefixes: ["team"] });

    // Assert
    expect(ConfigureOwnRepositories).toEqual({
      Sid: "ConfigureOwnRepositories",
      Effect: "Allow",
      Action: ["ecr:PutLifecyclePolicy"],
      Resource: ["arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/*"],
      Condition: { StringEquals: { "aws:ResourceTag/created-by": "maker-eu-west-1" } },
    });
  });

  it("writes logs to its own log group only", () => {
    // Act
    const { WriteOwnLogs } = statements({});

    // Assert
    expect(WriteOwnLogs).toEqual({
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: ["arn:aws:logs:eu-west-1:${aws:PrincipalAccount}:log-group:/aws/lambda/maker-eu-west-1:*"],
    });
  });

  it("uses a configured KMS key only through ECR, and no KMS at all without one", () => {
    // Act
    const withKey = statements({ encryptionType: "KMS", kmsKey: KEY });
    const without = statements({});

    // Assert
    expect(withKey.GrantKeyToEcr).toEqual({
      Sid: "GrantKeyToEcr",
      Effect: "Allow",
      Action: ["kms:CreateGrant"],
      Resource: [KEY],
      Condition: { StringEquals: { "kms:ViaService": "ecr.eu-west-1.amazonaws.com" }, Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
    expect(withKey.DescribeKeyThroughEcr).toMatchObject({ Action: ["kms:RetireGrant", "kms:DescribeKey"], Resource: [KEY], Condition: { StringEquals: { "kms:ViaService": "ecr.eu-west-1.amazonaws.com" } } });
    expect(without.GrantKeyToEcr).toBeUndefined();
    expect(without.DescribeKeyThroughEcr).toBeUndefined();
  });

  it("collects the KMS keys of per-prefix settings", () => {
    // Act
    const { GrantKeyToEcr } = statements({ managedRepoPrefixes: ["team"], prefixSettings: { "team/secure": { encryptionType: "KMS", kmsKey: KEY } } });

    // Assert
    expect(GrantKeyToEcr.Resource).toEqual([KEY]);
  });

  it("sends to its own dead-letter queue only, and has no SQS rights without one", () => {
    // Act
    const withQueue = statements({});
    const without = statements({ deadLetterQueue: false }, { deadLetterQueueName: undefined });

    // Assert
    expect(withQueue.SendFailuresToDeadLetterQueue.Resource).toEqual(["arn:aws:sqs:eu-west-1:${aws:PrincipalAccount}:maker-eu-west-1-dlq"]);
    expect(without.SendFailuresToDeadLetterQueue).toBeUndefined();
  });
});
