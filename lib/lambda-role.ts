import { IamPolicy, IamRole, IamRolePolicy, IamRolePolicyAttachment } from "./aws";
import { Fn, Op, TerraformCount, Token } from "./framework";
import type { Construct } from "constructs";
import type { ResolvedConfig } from "./config";
import { buildRolePolicy, createStatement, roleGuardrails, joined, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, ownAccount, repositoryArnChunks } from "./iam-policy";
import { jsonText } from "./tokens";
import { countedAttribute, interpolate } from "./hcl";

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
  // Where the function may create: in managed policies, as many as the prefixes need (an inline policy is
  // limited to 10,240 characters for the whole role, which about 120 prefixes fill).
  const chunks = repositoryArnChunks(config, refs);
  const policies = TerraformCount.of(Fn.lengthOf(chunks));
  const createPolicy = new IamPolicy(scope, "create-policy", {
    count: policies,
    name: `${fullName}-create-${Token.asString(policies.index)}`,
    description: `Where the ${fullName} function may create ECR repositories (part ${Token.asString(policies.index)}).`,
    policy: Fn.jsonencode({ Version: "2012-10-17", Statement: [createStatement(config, Fn.element(chunks, policies.index) as unknown as string[])] }),
    tags,
    lifecycle: {
      precondition: [
        {
          condition: Op.lte(Fn.lengthOf(chunks), MANAGED_POLICIES_PER_ROLE),
          errorMessage: `managed_repo_prefixes: the prefixes need more than IAM's ${MANAGED_POLICIES_PER_ROLE} managed policies of ${MANAGED_POLICY_LIMIT} characters per role; use fewer or shorter prefixes (a parent namespace covers its children).`,
        },
      ],
    },
  });
  const createPolicyAttachment = new IamRolePolicyAttachment(scope, "create-policy-attachment", {
    // One count for both: each policy and its attachment share an index.
    count: policies,
    role: role.name,
    // A counted resource's instance has no cdktf accessor; this is the plain Terraform reference.
    policyArn: interpolate(countedAttribute(createPolicy, "arn")),
  });
  return { role, rolePolicy, createPolicyAttachment };
}
