import { IamPolicy, type IamRole, IamRolePolicyAttachment } from "./aws";
import { Fn, Op, TerraformCount, Token } from "./framework";
import type { Construct } from "constructs";
import { MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, type Statement } from "./iam-policy";
import { countedAttribute, interpolate } from "./hcl";

/**
 * Where a role may create repositories, in as many customer managed policies as the repository ARNs need: IAM
 * allows 10,240 characters for all inline policies of a role together, which about 120 prefixes fill, and 6,144
 * per managed policy, 10 of them per role by default (IAM quotas,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). Both modes' roles use it.
 */
export function buildManagedPolicies(
  scope: Construct,
  role: IamRole,
  parts: { readonly name: string; readonly description: string; readonly tags: Record<string, string>; readonly chunks: string[][]; readonly statement: (resources: string[]) => Statement },
): IamRolePolicyAttachment {
  const policies = TerraformCount.of(Fn.lengthOf(parts.chunks));
  const createPolicy = new IamPolicy(scope, "create-policy", {
    count: policies,
    name: `${parts.name}-create-${Token.asString(policies.index)}`,
    description: `${parts.description} (part ${Token.asString(policies.index)}).`,
    policy: Fn.jsonencode({ Version: "2012-10-17", Statement: [parts.statement(Fn.element(parts.chunks, policies.index) as unknown as string[])] }),
    tags: parts.tags,
    lifecycle: {
      precondition: [
        {
          condition: Op.lte(Fn.lengthOf(parts.chunks), MANAGED_POLICIES_PER_ROLE),
          errorMessage: `managed_repo_prefixes: the prefixes need more than IAM's ${MANAGED_POLICIES_PER_ROLE} managed policies of ${MANAGED_POLICY_LIMIT} characters per role; use fewer or shorter prefixes (a parent namespace covers its children).`,
        },
      ],
    },
  });
  return new IamRolePolicyAttachment(scope, "create-policy-attachment", {
    // One count for both: each policy and its attachment share an index.
    count: policies,
    role: role.name,
    // A counted resource's instance has no cdktf accessor; this is the plain Terraform reference.
    policyArn: interpolate(countedAttribute(createPolicy, "arn")),
  });
}
