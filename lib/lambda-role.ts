import { IamRole, IamRolePolicy, type IamRolePolicyAttachment } from "./aws";
import type { Construct } from "constructs";
import type { ResolvedConfig } from "./config";
import { buildRolePolicy, createStatement, roleGuardrails, joined, ownAccount, repositoryArnChunks } from "./iam-policy";
import { buildManagedPolicies } from "./managed-policies";
import { jsonText } from "./tokens";

export interface LambdaRole {
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly createPolicyAttachment: IamRolePolicyAttachment;
}

/**
 * The function's role: an inline policy for its logs, queue and repository configuration, and as many managed
 * policies as the prefixes need for where it may create.
 */
export function buildLambdaRole(
  scope: Construct,
  config: ResolvedConfig,
  parts: { readonly fullName: string; readonly tags: Record<string, string>; readonly partition: string; readonly region: string; readonly logGroupName: string; readonly deadLetterQueueName?: string },
): LambdaRole {
  const { fullName, tags } = parts;
  const role = new IamRole(scope, "role", {
    name: fullName,
    description: `Role of the ${fullName} function, which creates ECR repositories on push.`,
    assumeRolePolicy: jsonText({
      Version: "2012-10-17",
      Statement: [{ Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    forceDetachPolicies: true,
    ...roleGuardrails(config),
    tags,
  });
  const refs = {
    account: ownAccount(scope),
    partition: parts.partition,
    region: parts.region,
  };
  const rolePolicy = new IamRolePolicy(scope, "role-policy", {
    name: "create-repositories",
    role: role.id,
    policy: buildRolePolicy(config, {
      ...refs,
      logGroupName: parts.logGroupName,
      functionName: joined("-", [config.name, parts.region]),
      deadLetterQueueName: parts.deadLetterQueueName,
    }),
  });
  // Where the function may create: in managed policies, as many as the prefixes need.
  const createPolicyAttachment = buildManagedPolicies(scope, role, {
    name: fullName,
    description: `Where the ${fullName} function may create ECR repositories`,
    tags,
    chunks: repositoryArnChunks(config, refs),
    statement: (resources) => createStatement(config, resources),
  });
  return { role, rolePolicy, createPolicyAttachment };
}
