/** The rule's state for read-only event names, the pusher-account filter, and the alarms, in the synthesized JSON. */
import { describe, expect, it } from "vitest";
import { only, ref, synthStack } from "../support/synth";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:platform-alerts";
const alarms = (json: ReturnType<typeof synthStack>["json"]) => Object.values(json.resource.aws_cloudwatch_metric_alarm ?? {});

describe("rule state", () => {
  it("is ENABLED for write calls only", () => {
    // Act
    const rule = only(synthStack().json, "aws_cloudwatch_event_rule");

    // Assert
    expect(rule.state).toBe("ENABLED");
    expect(rule.description).not.toContain("read-only");
  });

  it("receives read-only management events when an event name is a read-only call, and says why", () => {
    // Act
    const rule = only(synthStack({ eventNames: ["InitiateLayerUpload", "BatchCheckLayerAvailability"] }).json, "aws_cloudwatch_event_rule");

    // Assert
    expect(rule.state).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(rule.description).toContain("BatchCheckLayerAvailability is read-only, and a rule in state ENABLED is not sure to receive read-only CloudTrail management events");
    expect(rule.is_enabled).toBeUndefined();
  });
});

describe("pusher-account filter in the pattern", () => {
  it.each([
    { case: "the default (own account only)", allowed: undefined, filter: { accountId: [{ exists: true }] } },
    { case: "listed accounts", allowed: ["444455556666"], filter: { accountId: [{ exists: true }] } },
    { case: '"*"', allowed: ["*"], filter: undefined },
  ])("for $case requires $filter", ({ allowed, filter }) => {
    // Act
    const rule = only(synthStack(allowed ? { allowedPusherAccounts: allowed } : {}).json, "aws_cloudwatch_event_rule");

    // Assert
    expect(JSON.parse(rule.event_pattern as string).detail.userIdentity).toEqual(filter);
  });

  it("hands the accounts to the function", () => {
    const fn = only(synthStack({ allowedPusherAccounts: ["444455556666"] }).json, "aws_lambda_function");
    const variables = (fn.environment as { variables: Record<string, string> }).variables;
    expect(JSON.parse(variables.ALLOWED_PUSHER_ACCOUNTS!)).toEqual(["444455556666"]);
  });
});

describe("alarms", () => {
  it("watch the dead-letter queue and the function's errors by default, notifying nobody", () => {
    // Act
    const { json } = synthStack();
    const queue = only(json, "aws_sqs_queue");
    const fn = only(json, "aws_lambda_function");
    const [errors, deadLetters] = ["AWS/Lambda", "AWS/SQS"].map((namespace) => alarms(json).find((alarm) => alarm.namespace === namespace));

    // Assert
    expect(alarms(json)).toHaveLength(2);
    expect(errors).toMatchObject({ metric_name: "Errors", statistic: "Sum", dimensions: { FunctionName: ref("aws_lambda_function", fn, "function_name") }, comparison_operator: "GreaterThanThreshold", threshold: 0 });
    expect(deadLetters).toMatchObject({ metric_name: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: ref("aws_sqs_queue", queue, "name") }, threshold: 0, treat_missing_data: "notBreaching" });
    expect(errors!.alarm_actions).toEqual([]);
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(["errors_alarm_arn", "dead_letter_queue_alarm_arn"]));
  });

  it("carry alarmActions", () => {
    const { json } = synthStack({ alarmActions: [TOPIC] });
    expect(alarms(json).map((alarm) => alarm.alarm_actions)).toEqual([[TOPIC], [TOPIC]]);
  });

  it("leave out the queue's alarm without a queue, and both with alarms false", () => {
    expect(alarms(synthStack({ deadLetterQueue: false }).json).map((alarm) => alarm.namespace)).toEqual(["AWS/Lambda"]);
    const { json } = synthStack({ alarms: false });
    expect(alarms(json)).toEqual([]);
    expect(Object.keys(json.output)).not.toContain("errors_alarm_arn");
  });
});
