/** The function role's policies against IAM's size limits, measured at synth for literal configs. */
import { normalizePrefix } from "../handler/repository-names";
import type { ResolvedConfig } from "./config";
import type { ConfigIssue } from "./errors";
import { fromTemplateText } from "./hcl";
import { arnsPerPolicy, buildRolePolicy, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, OWN_ACCOUNT, ROLE_POLICY_LIMIT } from "./iam-policy";
import { deadLetterQueueName, FUNCTION_NAME, logGroupName, LONGEST_REGION } from "./resource-names";
import { isLiteral } from "./tokens";

/**
 * Literal configs whose policies would exceed IAM's limits. For prefixes from a variable, a precondition on the
 * create policies counts them at plan; the inline policy's size is measured for literal configs only.
 */
export function policyIssues(config: ResolvedConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const functionName = FUNCTION_NAME.build(config.name, LONGEST_REGION);
  const text = buildRolePolicy(config, {
    partition: "aws-iso-b",
    region: LONGEST_REGION,
    account: OWN_ACCOUNT,
    logGroupName: logGroupName(functionName),
    functionName,
    deadLetterQueueName: config.deadLetterQueue ? deadLetterQueueName(functionName) : undefined,
  });
  if (isLiteral(text) && fromTemplateText(text).length > ROLE_POLICY_LIMIT) {
    issues.push({ code: "role-policy.too-large", input: "prefixSettings", message: `prefixSettings: the function's inline role policy would be over IAM's ${ROLE_POLICY_LIMIT} characters; use fewer KMS keys` });
  }
  issues.push(...managedPolicyIssues(config.managedRepoPrefixes));
  return issues;
}

/** Literal prefixes whose repository ARNs need more managed policies than IAM attaches to a role (both modes). */
export function managedPolicyIssues(prefixes: readonly string[]): ConfigIssue[] {
  if (!isLiteral(prefixes)) return [];
  const policies = Math.ceil(new Set(prefixes.map(normalizePrefix)).size / arnsPerPolicy(prefixes));
  if (policies <= MANAGED_POLICIES_PER_ROLE) return [];
  return [
    {
      code: "role-policy.too-large",
      input: "managedRepoPrefixes",
      message: `managedRepoPrefixes: ${prefixes.length} prefixes need ${policies} managed policies of ${MANAGED_POLICY_LIMIT} characters, over IAM's ${MANAGED_POLICIES_PER_ROLE} per role; use fewer or shorter prefixes (a parent namespace covers its children)`,
    },
  ];
}
