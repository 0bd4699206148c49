/** The rule's state for read-only event names, the pusher-account filter, and the alarms, in the synthesized JSON. */
import { describe, expect, it } from "vitest";
import { only, ref, synthStack } from "../support/synth";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:platform-alerts";
const OK_TOPIC = "arn:aws:sns:eu-west-1:111122223333:platform-recoveries";
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
  /** Each alarm's metric, namespace, dimension (the resource it watches) and threshold, from the list. */
  const EXPECTED = [
    { suffix: "errors", namespace: "AWS/Lambda", metric_name: "Errors", statistic: "Sum", dimension: "FunctionName", watches: "aws_lambda_function", threshold: 0, periods: 1 },
    { suffix: "dead-letter-queue", namespace: "AWS/SQS", metric_name: "NumberOfMessagesSent", statistic: "Sum", dimension: "QueueName", watches: "aws_sqs_queue", threshold: 0, periods: 1 },
    { suffix: "rule-failed-invocations", namespace: "AWS/Events", metric_name: "FailedInvocations", statistic: "Sum", dimension: "RuleName", watches: "aws_cloudwatch_event_rule", threshold: 0, periods: 1 },
    { suffix: "rule-dead-letter-failures", namespace: "AWS/Events", metric_name: "InvocationsFailedToBeSentToDlq", statistic: "Sum", dimension: "RuleName", watches: "aws_cloudwatch_event_rule", threshold: 0, periods: 1 },
    { suffix: "throttles", namespace: "AWS/Lambda", metric_name: "Throttles", statistic: "Sum", dimension: "FunctionName", watches: "aws_lambda_function", threshold: 0, periods: 3 },
    { suffix: "event-age", namespace: "AWS/Lambda", metric_name: "AsyncEventAge", statistic: "Maximum", dimension: "FunctionName", watches: "aws_lambda_function", threshold: 900_000, periods: 1 },
    { suffix: "destination-failures", namespace: "AWS/Lambda", metric_name: "DestinationDeliveryFailures", statistic: "Sum", dimension: "FunctionName", watches: "aws_lambda_function", threshold: 0, periods: 1 },
    { suffix: "events-dropped", namespace: "AWS/Lambda", metric_name: "AsyncEventsDropped", statistic: "Sum", dimension: "FunctionName", watches: "aws_lambda_function", threshold: 0, periods: 1 },
  ] as const;
  const WATCHED_ATTRIBUTE = { aws_lambda_function: "function_name", aws_sqs_queue: "name", aws_cloudwatch_event_rule: "name" } as const;
  const bySuffix = (json: ReturnType<typeof synthStack>["json"], suffix: string) => alarms(json).find((alarm) => String(alarm.alarm_name).endsWith(`}-${suffix}`));

  it("are the eight of the list by default, notifying nobody", () => {
    // Act
    const { json } = synthStack();

    // Assert
    expect(alarms(json).map((alarm) => String(alarm.alarm_name).replace(/^.*\}-/, "")).sort()).toEqual(EXPECTED.map((e) => e.suffix).sort());
    for (const alarm of alarms(json)) expect(alarm).toMatchObject({ alarm_actions: [], ok_actions: [] });
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(["errors_alarm_arn", "dead_letter_queue_alarm_arn"]));
  });

  it.each(EXPECTED)("$suffix watches $namespace $metric_name by $dimension of its $watches", (expected) => {
    // Act
    const { json } = synthStack();
    const watched = only(json, expected.watches);
    const alarm = bySuffix(json, expected.suffix);

    // Assert
    expect(alarm).toMatchObject({
      namespace: expected.namespace,
      metric_name: expected.metric_name,
      statistic: expected.statistic,
      dimensions: { [expected.dimension]: ref(expected.watches, watched, WATCHED_ATTRIBUTE[expected.watches]) },
      comparison_operator: "GreaterThanThreshold",
      threshold: expected.threshold,
      period: 300,
      evaluation_periods: expected.periods,
      treat_missing_data: "notBreaching",
    });
    expect(Object.keys(alarm!.dimensions as object)).toEqual([expected.dimension]);
    expect(alarm!.alarm_description).toMatch(/docs\/operations\.md, Alarms\.$/);
  });

  it("counts new arrivals in the dead-letter queue, not its depth, so each new failure notifies", () => {
    // Act
    const alarm = bySuffix(synthStack().json, "dead-letter-queue");

    // Assert
    expect(alarm).toMatchObject({ metric_name: "NumberOfMessagesSent", statistic: "Sum" });
    expect(alarm!.alarm_description).toContain("OK means nothing new arrived");
  });

  it("carry alarmActions and okActions", () => {
    // Act
    const { json } = synthStack({ alarmActions: [TOPIC], okActions: [OK_TOPIC] });

    // Assert
    expect(alarms(json).map((alarm) => [alarm.alarm_actions, alarm.ok_actions])).toEqual(EXPECTED.map(() => [[TOPIC], [OK_TOPIC]]));
  });

  it("leave out the queue's alarms without a queue, and all with alarms false", () => {
    // Act
    const withoutQueue = alarms(synthStack({ deadLetterQueue: false }).json).map((alarm) => alarm.metric_name);
    const { json } = synthStack({ alarms: false });

    // Assert
    expect(withoutQueue.sort()).toEqual(["AsyncEventAge", "AsyncEventsDropped", "Errors", "FailedInvocations", "Throttles"]);
    expect(alarms(json)).toEqual([]);
    expect(Object.keys(json.output)).not.toContain("errors_alarm_arn");
  });
});
