/** docs/operations.md against the code it describes: the reason codes, the record's fields, the names and codes. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_METRICS_NAMESPACE, METRICS_NAMESPACE_ENV } from "../../handler/function-config";
import { type DecisionEntry, formatEntry } from "../../handler/log";
import { REASONS } from "../../handler/reasons";
import { GAVE_UP_EXIT, REFUSED_EXIT } from "../../lib/cli/push";
import { REDRIVE_EXIT } from "../../lib/cli/redrive";
import { ALARM_SPECS, alarmDescription } from "../../lib/alarms";

const DOC = readFileSync(join(__dirname, "../../docs/operations.md"), "utf8");

/** The text of `## <title>`, up to the next `## `. */
function section(title: string): string {
  const start = DOC.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/operations.md has no "## ${title}"`);
  const end = DOC.indexOf("\n## ", start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** Records of every shape the function writes, with every optional field set. */
function sampleRecords(): Record<string, unknown>[] {
  const entries: DecisionEntry[] = [
    { decision: "created", repository: "team/app", principal: "arn:aws:iam::111122223333:user/ci", eventId: "e", requestId: "r", settingsPrefix: "team", durations: { createMs: 1, settingsMs: 1, healMs: 1, totalMs: 2 } },
    { decision: "skipped", repository: "team/app", reason: "pusher-account-not-allowed", detail: "d", pusherAccount: "222233334444", registryAccount: "111122223333" },
    { decision: "failed", repository: "team/app", reason: "create-failed", error: { operation: "CreateRepository", name: "ServerException", message: "m", transient: true, awsRequestId: "a", httpStatusCode: 500, attempts: 3 } },
  ];
  return entries.map((entry) => JSON.parse(formatEntry(entry, new Date(0), { service: "s", namespace: "n" }, { requestId: "r", coldStart: true, traceId: "t", durationMs: 1 })));
}

/** Every field path of the records, nested ones with dots as Logs Insights writes them (error.name). */
function fieldPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...fieldPaths(inner, `${prefix}${key}.`)]);
}

/** Logs Insights' own words in the queries the doc shows: commands, functions, operators. */
const QUERY_WORDS = new Set(["fields", "filter", "stats", "by", "sort", "desc", "asc", "limit", "count", "avg", "pct", "bin", "as", "and", "or", "not", "1d", "created", "pushes"]);

describe("docs/operations.md", () => {
  it("explains every reason code the function can log, under its decision, and no other", () => {
    // Arrange
    const rows = [...section("Decisions and reasons").matchAll(/^\| `(\w+)` \| (?:`([\w-]+)`|\(none\)) \|/gm)].map((m) => `${m[1]} ${m[2] ?? "-"}`);

    // Assert
    const expected = ["created -", ...Object.entries(REASONS).flatMap(([decision, reasons]) => reasons.map((reason) => `${decision} ${reason}`))];
    expect(rows.sort()).toEqual(expected.sort());
  });

  it("queries only fields the function's records have", () => {
    // Arrange
    const fields = new Set(sampleRecords().flatMap((record) => fieldPaths(record)));
    const queries = [...section("CloudWatch Logs Insights").matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!);

    // Act
    const named = queries.flatMap((query) => [...query.replace(/"[^"]*"/g, "").matchAll(/(?<![@\w.])[A-Za-z_][\w.]*/g)].map((m) => m[0]));
    const unknown = named.filter((name) => !QUERY_WORDS.has(name) && !fields.has(name));

    // Assert
    expect(queries.length).toBeGreaterThanOrEqual(5);
    expect(named).toContain("error.awsRequestId");
    expect(unknown).toEqual([]);
  });

  it("names the metrics namespace, its variable and the commands' exit codes as the code has them", () => {
    // Assert
    expect(DOC).toContain(`Namespace \`${DEFAULT_METRICS_NAMESPACE}\` unless the function's \`${METRICS_NAMESPACE_ENV}\` variable`);
    expect(section("Redrive")).toContain(
      `Exit codes: ${REDRIVE_EXIT.done} all\nredriven (or none), ${REDRIVE_EXIT.kept} some failed again or were unreadable and stay, ${REDRIVE_EXIT.usage} usage, ${REDRIVE_EXIT.stopped} stopped`,
    );
    expect(DOC).toContain(`then exits ${GAVE_UP_EXIT}`);
    expect(DOC).toContain(`and exits ${REFUSED_EXIT} without`);
  });

  it("lists every alarm with what it means and what to do, and each description points here", () => {
    // Arrange
    const alarms = section("Alarms");

    // Assert
    for (const spec of ALARM_SPECS) {
      expect(alarms).toContain(spec.meaning);
      expect(alarms).toContain(spec.action);
      expect(alarmDescription(spec)).toContain("docs/operations.md, Alarms");
      // CloudWatch's limit on AlarmDescription.
      expect(alarmDescription(spec).length).toBeLessThanOrEqual(1024);
    }
  });
});
