import { describe, expect, it } from "vitest";
import { createJsonLogger, type DecisionEntry, formatEntry, LOG_LEVELS, type LogLevel, traceIdOf } from "../../../handler/log";
import { emfProblems, extractMetrics } from "../../support/emf";

const SETTINGS = { service: "create-ecr-repo-eu-west-1", namespace: "EcrCreateOnPush" };
const INVOCATION = { requestId: "5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5", coldStart: true, traceId: "1-5759e988-bd862e3fe1be46a994272793", durationMs: 212.5 };
const TIME = new Date("2026-03-02T10:15:07Z");

describe("formatEntry", () => {
  it.each([
    { decision: "created", level: "INFO" },
    { decision: "skipped", level: "INFO" },
    { decision: "failed", level: "ERROR" },
  ] as const)("writes one JSON line at $level for a $decision decision, with the keys Powertools writes beside ours", ({ decision, level }) => {
    // Act
    const line = formatEntry({ decision, repository: "team-a/api", requestId: INVOCATION.requestId }, TIME, SETTINGS, INVOCATION);

    // Assert
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toMatchObject({
      timestamp: "2026-03-02T10:15:07.000Z",
      level,
      message: `${decision} team-a/api`,
      service: SETTINGS.service,
      cold_start: true,
      function_request_id: INVOCATION.requestId,
      xray_trace_id: INVOCATION.traceId,
      decision,
      repository: "team-a/api",
      requestId: INVOCATION.requestId,
    });
  });

  it("leaves out the trace id of an untraced invocation", () => {
    // Act
    const record = JSON.parse(formatEntry({ decision: "created", repository: "team-a/api" }, TIME, SETTINGS, { ...INVOCATION, traceId: undefined }));

    // Assert
    expect(record).not.toHaveProperty("xray_trace_id");
    expect(record).toHaveProperty("function_request_id", INVOCATION.requestId);
  });

  it("says the reason and the failed call in the message", () => {
    // Arrange
    const entry: DecisionEntry = { decision: "failed", repository: "team-a/api", reason: "create-failed", error: { operation: "CreateRepository", name: "ThrottlingException", message: "slow down", transient: true } };

    // Act
    const record = JSON.parse(formatEntry(entry, TIME, SETTINGS, INVOCATION));

    // Assert
    expect(record.message).toBe("failed team-a/api: create-failed (CreateRepository: ThrottlingException)");
  });

  it("bounds every string, however large the event was", () => {
    // Act
    const line = formatEntry({ decision: "skipped", repository: "a".repeat(1_000_000), error: { operation: "x", name: "y", message: "m".repeat(10_000), transient: false } }, new Date(0), SETTINGS);

    // Assert
    expect(line.length).toBeLessThan(2_000);
  });
});

describe("the metrics in each record", () => {
  it.each<DecisionEntry>([
    { decision: "created", repository: "team-a/api" },
    { decision: "exists", repository: "team-a/api", reason: "already-complete" },
    { decision: "healed", repository: "team-a/api", reason: "completed-settings" },
    { decision: "skipped", repository: "team-b/api", reason: "pusher-account-not-allowed" },
    { decision: "failed", repository: "team-a/api", reason: "create-failed" },
  ])("make a valid EMF document for $decision $reason, counted by decision and reason, never by repository", (entry) => {
    // Act
    const metrics = extractMetrics(formatEntry(entry, TIME, SETTINGS, INVOCATION));

    // Assert
    const byDecision = { service: SETTINGS.service, decision: entry.decision };
    const expected = [{ dimensions: byDecision, name: "Decisions", unit: "Count", values: [1] }, { dimensions: byDecision, name: "Duration", unit: "Milliseconds", values: [212.5] }];
    if (entry.reason) {
      const byReason = { ...byDecision, reason: entry.reason };
      expected.push({ dimensions: byReason, name: "Decisions", unit: "Count", values: [1] }, { dimensions: byReason, name: "Duration", unit: "Milliseconds", values: [212.5] });
    }
    expect(metrics).toEqual(expected.map((metric) => ({ ...metric, namespace: "EcrCreateOnPush", timestamp: TIME.getTime() })));
    expect(metrics.flatMap((metric) => Object.keys(metric.dimensions))).not.toContain("repository");
  });

  it("are refused by the validator when a record breaks the specification", () => {
    // Arrange
    const record = JSON.parse(formatEntry({ decision: "skipped", repository: "team-b/api", reason: "outside-allowed-prefixes" }, TIME, SETTINGS, INVOCATION));
    const broken = [
      { ...record, reason: undefined },
      { ...record, Duration: "212" },
      { ...record, _aws: { ...record._aws, Timestamp: TIME.toISOString() } },
      { ...record, _aws: { ...record._aws, CloudWatchMetrics: [{ ...record._aws.CloudWatchMetrics[0], Namespace: "" }] } },
    ];

    // Act
    const problems = broken.map((candidate) => emfProblems(JSON.stringify(candidate)));

    // Assert
    expect(emfProblems(JSON.stringify(record))).toEqual([]);
    expect(problems.map((found) => found.length > 0)).toEqual([true, true, true, true]);
  });
});

describe("createJsonLogger", () => {
  const decisions: DecisionEntry[] = [
    { decision: "created", repository: "team-a/api" },
    { decision: "skipped", repository: "team-b/api", reason: "outside-allowed-prefixes" },
    { decision: "failed", repository: "team-a/web", reason: "create-failed" },
  ];

  it.each<[LogLevel, string[]]>([
    ["TRACE", ["created", "skipped", "failed"]],
    ["DEBUG", ["created", "skipped", "failed"]],
    ["INFO", ["created", "skipped", "failed"]],
    ["WARN", ["failed"]],
    ["ERROR", ["failed"]],
    ["FATAL", []],
  ])("writes nothing below the function's log level %s", (level, written) => {
    // Arrange
    const lines: string[] = [];
    const log = createJsonLogger({ ...SETTINGS, level }, (line) => void lines.push(line));

    // Act
    for (const entry of decisions) log(entry, INVOCATION);

    // Assert
    expect(lines.map((line) => JSON.parse(line).decision)).toEqual(written);
    expect(lines.every((line) => line.endsWith("}\n"))).toBe(true);
  });

  it("knows every level Lambda's logging config offers", () => {
    // Assert
    expect(LOG_LEVELS).toEqual(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]);
  });
});

describe("traceIdOf", () => {
  it.each([
    ["Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "1-5759e988-bd862e3fe1be46a994272793"],
    ["Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793", "1-5759e988-bd862e3fe1be46a994272793"],
    ["Parent=53995c3f42cd8ad8", undefined],
    ["Root=", undefined],
    [undefined, undefined],
  ])("reads the Root of %j", (header, expected) => {
    // Act
    const traceId = traceIdOf(header);

    // Assert
    expect(traceId).toBe(expected);
  });
});
