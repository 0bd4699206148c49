import { CloudwatchEventRule, CloudwatchEventTarget, type LambdaFunction, LambdaPermission, type SqsQueue } from "./aws";
import type { Construct } from "constructs";
import type { ResolvedConfig } from "./config";
import { buildEventPattern, ruleState } from "./event-pattern";
import { namePrecondition, RULE_NAME } from "./resource-names";

/** The Paradigm module's statement id, kept so its permission can be adopted. */
export const PERMISSION_STATEMENT_ID = "AllowExecutionFromCloudWatch";

export interface Trigger {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly permission: LambdaPermission;
}

/** The EventBridge rule on failed pushes, its target (the function), and the permission that only this rule may invoke it. */
export function buildTrigger(
  scope: Construct,
  config: ResolvedConfig,
  parts: { readonly fullName: string; readonly region: string; readonly tags: Record<string, string>; readonly function: LambdaFunction; readonly deadLetterQueue?: SqsQueue },
): Trigger {
  const name = RULE_NAME.build(config.name, parts.region);
  const rule = new CloudwatchEventRule(scope, "rule", {
    name,
    ...ruleState(config.eventNames),
    eventPattern: buildEventPattern(config),
    tags: parts.tags,
    // The region is known only at plan time, so the length is checked there.
    lifecycle: { precondition: [namePrecondition(RULE_NAME, name)] },
  });

  const target = new CloudwatchEventTarget(scope, "target", {
    rule: rule.name,
    targetId: parts.fullName,
    arn: parts.function.arn,
    // EventBridge retries only when it cannot hand the event to Lambda; once accepted, Lambda's own retries
    // (invoke-config) take over. What neither delivers lands in the dead-letter queue.
    retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
    deadLetterConfig: parts.deadLetterQueue ? { arn: parts.deadLetterQueue.arn } : undefined,
  });

  const permission = new LambdaPermission(scope, "permission", {
    statementId: PERMISSION_STATEMENT_ID,
    action: "lambda:InvokeFunction",
    functionName: parts.function.functionName,
    principal: "events.amazonaws.com",
    sourceArn: rule.arn,
  });
  return { rule, target, permission };
}
