/**
 * Issue 12 through `terraform plan` of the Paradigm-compatible stack, with the real provider: a read-only event
 * name turns the rule's state to one that receives read-only events, each alarm watches its metric by the planned
 * name of what it watches and carries alarm_actions and ok_actions (issue 18), and the
 * planned environment, loaded with the synthesized zip, refuses a push from another account unless allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineCopy, type OfflineStack, planFailure, planOffline, type PlannedResource } from "../../scripts/terraform";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, pushEvent, REGION } from "../support/handler-fixtures";
import { invokePlanned, unpackPlannedFunction } from "../support/lambda-zip";
import { synthMain } from "../support/synth";

const OTHER_ACCOUNT = "444455556666";
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:platform-alerts`;
const OK_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:platform-recoveries`;
const listVar = (name: string, values: string[]) => `-var=${name}=${JSON.stringify(values)}`;
const FUNCTION = { FunctionName: "create-ecr-repo-eu-west-1" };
const RULE = { RuleName: "ecr-repo-404-on-push-for-create-ecr-repo-eu-west-1" };
/** Each alarm the plan must show: its name's suffix, namespace, metric and the dimension naming what it watches. */
const PLANNED_ALARMS: [suffix: string, namespace: string, metric: string, dimensions: Record<string, string>][] = [
  ["errors", "AWS/Lambda", "Errors", FUNCTION],
  ["throttles", "AWS/Lambda", "Throttles", FUNCTION],
  ["event-age", "AWS/Lambda", "AsyncEventAge", FUNCTION],
  ["events-dropped", "AWS/Lambda", "AsyncEventsDropped", FUNCTION],
  ["destination-failures", "AWS/Lambda", "DestinationDeliveryFailures", FUNCTION],
  ["rule-failed-invocations", "AWS/Events", "FailedInvocations", RULE],
  ["rule-dead-letter-failures", "AWS/Events", "InvocationsFailedToBeSentToDlq", RULE],
  ["dead-letter-queue", "AWS/SQS", "NumberOfMessagesSent", { QueueName: "create-ecr-repo-eu-west-1-dlq" }],
];
const ofType = (resources: PlannedResource[], type: string) => resources.filter((r) => r.type === type);

describe("plan: rule state, alarms and pusher accounts", () => {
  let stack: OfflineStack;
  let stackDir: string;
  let defaults: PlannedResource[];
  let configured: PlannedResource[];
  let server: EcrServer;

  beforeAll(async () => {
    stackDir = (await synthMain()).stacks["ecr-create-on-push"]!;
    stack = offlineCopy(stackDir, REGION);
    defaults = (await planOffline(stack, [listVar("managed_repo_prefixes", ["team-a"])])).planned_values.root_module.resources ?? [];
    configured =
      (
        await planOffline(stack, [
          listVar("managed_repo_prefixes", ["team-a"]),
          listVar("event_names", ["InitiateLayerUpload", "BatchCheckLayerAvailability"]),
          listVar("alarm_actions", [TOPIC]),
          listVar("ok_actions", [OK_TOPIC]),
          listVar("allowed_pusher_accounts", [OTHER_ACCOUNT]),
        ])
      ).planned_values.root_module.resources ?? [];
    server = await startEcrServer({ account: ACCOUNT, region: REGION });
  });
  afterAll(() => server?.close());

  it("plans state ENABLED for the default event name", () => {
    const [rule] = ofType(defaults, "aws_cloudwatch_event_rule");
    expect(rule!.values.state).toBe("ENABLED");
  });

  it("plans a state that receives read-only events with BatchCheckLayerAvailability in event_names, and says why", () => {
    // Act
    const [rule] = ofType(configured, "aws_cloudwatch_event_rule");

    // Assert
    expect(rule!.values.state).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(rule!.values.description).toContain("a rule in state ENABLED is not sure to receive read-only CloudTrail management events");
    expect(JSON.parse(rule!.values.event_pattern as string).detail.eventName).toEqual(["InitiateLayerUpload", "BatchCheckLayerAvailability"]);
  });

  it("plans a rule that filters on a named pusher account unless allowed_pusher_accounts allows any", async () => {
    // Arrange
    const anyone = (await planOffline(stack, [listVar("managed_repo_prefixes", ["team-a"]), listVar("allowed_pusher_accounts", ["*"])])).planned_values.root_module.resources ?? [];
    const detail = (resources: PlannedResource[]) => JSON.parse(ofType(resources, "aws_cloudwatch_event_rule")[0]!.values.event_pattern as string).detail;

    // Assert
    expect(detail(defaults).userIdentity).toEqual({ accountId: [{ exists: true }] });
    expect(detail(configured).userIdentity).toEqual({ accountId: [{ exists: true }] });
    expect(detail(anyone)).not.toHaveProperty("userIdentity");
    // The Paradigm stack reads "team-a" as its module did: a plain string prefix.
    expect(detail(anyone).requestParameters).toEqual({ repositoryName: [{ prefix: "team-a" }] });
  });

  it("plans every alarm by default, notifying nobody, and with alarm_actions and ok_actions they carry them", () => {
    // Act
    const before = ofType(defaults, "aws_cloudwatch_metric_alarm");
    const after = ofType(configured, "aws_cloudwatch_metric_alarm");

    // Assert
    expect(before.map((alarm) => alarm.values.alarm_name).sort()).toEqual(PLANNED_ALARMS.map(([suffix]) => `create-ecr-repo-eu-west-1-${suffix}`).sort());
    expect(before.map((alarm) => [alarm.values.alarm_actions ?? [], alarm.values.ok_actions ?? []])).toEqual(PLANNED_ALARMS.map(() => [[], []]));
    expect(after.map((alarm) => [alarm.values.alarm_actions, alarm.values.ok_actions])).toEqual(PLANNED_ALARMS.map(() => [[TOPIC], [OK_TOPIC]]));
  });

  it.each(PLANNED_ALARMS)("plans %s on %s %s with dimensions %j", (suffix, namespace, metric, dimensions) => {
    // Act
    const alarm = ofType(configured, "aws_cloudwatch_metric_alarm").find((a) => a.values.alarm_name === `create-ecr-repo-eu-west-1-${suffix}`);

    // Assert
    expect(alarm?.values).toMatchObject({ namespace, metric_name: metric, dimensions, comparison_operator: "GreaterThanThreshold", period: 300, treat_missing_data: "notBreaching" });
    expect(String(alarm!.values.alarm_description)).toMatch(/docs\/operations\.md, Alarms\.$/);
  });

  it.each([
    ["allowed_pusher_accounts", ["1234"], "allowed_pusher_accounts: list 12-digit account ids"],
    ["allowed_pusher_accounts", ["*", ACCOUNT], 'allowed_pusher_accounts: list 12-digit account ids, or ["*"] alone'],
    ["alarm_actions", ["arn:aws:sqs:eu-west-1:111122223333:q"], "alarm_actions: use at most 5 SNS topic ARNs"],
    ["ok_actions", Array.from({ length: 6 }, (_, i) => `arn:aws:sns:eu-west-1:111122223333:t${i}`), "ok_actions: use at most 5 SNS topic ARNs"],
  ])("refuses %s = %j at plan time", async (name, values, message) => {
    const error = await planFailure(stack, [listVar(name, values)]);
    expect(error).toContain(message);
  });

  /** The synthesized zip, run in a fresh Node process with the environment the plan computed (as Lambda would). */
  const invoke = (planned: PlannedResource[], event: unknown) => invokePlanned(unpackPlannedFunction(stackDir, planned), event, { region: REGION, account: ACCOUNT, endpoint: server.url });

  const fromOtherAccount = (name: string) => {
    const event = pushEvent(name);
    event.detail.userIdentity.accountId = OTHER_ACCOUNT;
    return event;
  };

  it("creates nothing for a push from another account with the defaults", async () => {
    // Act
    const outcome = await invoke(defaults, fromOtherAccount("team-a/from-ci"));

    // Assert
    expect(outcome).toEqual({ decision: "skipped", reason: "pusher-account-not-allowed", repository: "team-a/from-ci" });
    expect(server.repositories.has("team-a/from-ci")).toBe(false);
  });

  it("creates for a push from that account once allowed_pusher_accounts lists it", async () => {
    // Act
    const outcome = await invoke(configured, fromOtherAccount("team-a/from-ci"));

    // Assert
    expect(outcome).toEqual({ decision: "created", repository: "team-a/from-ci" });
    expect(server.repositories.has("team-a/from-ci")).toBe(true);
  });
});
