import { describe, expect, it } from "vitest";
import { formatEntry } from "../../../handler/log";

describe("formatEntry", () => {
  it.each([
    { decision: "created", level: "INFO" },
    { decision: "skipped", level: "INFO" },
    { decision: "failed", level: "ERROR" },
  ] as const)("writes one JSON line at $level for a $decision decision", ({ decision, level }) => {
    // Act
    const line = formatEntry({ decision, repository: "team-a/api" }, new Date("2026-03-02T10:15:07Z"));

    // Assert
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({ level, time: "2026-03-02T10:15:07.000Z", decision, repository: "team-a/api" });
  });

  it("bounds every string, however large the event was", () => {
    // Act
    const line = formatEntry({ decision: "skipped", repository: "a".repeat(1_000_000), error: { operation: "x", name: "y", message: "m".repeat(10_000), transient: false } }, new Date(0));

    // Assert
    expect(line.length).toBeLessThan(1_000);
  });
});
