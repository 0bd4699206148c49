import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS, README, renderOperations, renderReadme } from "../../scripts/docs";
import { ALARM_SPECS } from "../../lib/alarms";

describe("README", () => {
  it("has inputs and outputs tables that match the code (npm run docs regenerates them)", () => {
    // Arrange
    const readme = readFileSync(README, "utf8");

    // Act
    const regenerated = renderReadme(readme);

    // Assert
    expect(readme).toContain("| `managedRepoPrefixes` |");
    expect(readme).toContain("| `invoke_arn` |");
    expect(regenerated).toBe(readme);
  });

  it.each(["Install", "Use as a library", "Testing your stack", "With CDK Terrain"])("section %s stands on its own for a library user: no pointer to a file the package does not ship", (section) => {
    // Arrange
    const readme = readFileSync(README, "utf8");
    const start = readme.indexOf(`\n## ${section}\n`);
    const text = readme.slice(start, readme.indexOf("\n## ", start + 1));

    // Act
    // A folder of this repository at a word's start ("@cdktf/provider-aws/lib/…" is the binding's own path).
    const pointers = [...text.matchAll(/(?<![\w/@-])(?:__tests__|bench|docs|examples|scripts|\.ci|lib|handler)\/[\w./-]*/g)].map((m) => m[0]);

    // Assert
    expect(start).toBeGreaterThan(0);
    expect(pointers).toEqual([]);
  });
});

describe("docs/operations.md", () => {
  it("has the alarm table of lib/alarms.ts (npm run docs regenerates it)", () => {
    // Arrange
    const doc = readFileSync(OPERATIONS, "utf8");

    // Act
    const regenerated = renderOperations(doc);

    // Assert
    for (const alarm of ALARM_SPECS) expect(doc).toContain(`| \`<name>-<region>-${alarm.suffix}\` | \`${alarm.namespace}\` \`${alarm.metricName}\``);
    expect(regenerated).toBe(doc);
  });
});

describe("examples/ci/github-actions-plan.yml", () => {
  it("runs only npm scripts and stacks this repository has", async () => {
    // Arrange
    const workflow = readFileSync(new URL("../../examples/ci/github-actions-plan.yml", import.meta.url), "utf8");
    const scripts = Object.keys(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).scripts);
    const { synthMain } = await import("../support/synth");

    // Act
    const used = [...workflow.matchAll(/npm run (\w+)/g)].map((m) => m[1]);
    const stacks = Object.keys((await synthMain()).stacks);

    // Assert
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) expect(scripts).toContain(script);
    for (const stack of [...workflow.matchAll(/(ecr-create-on-push[\w-]*)/g)].map((m) => m[1])) expect(stacks).toContain(stack);
  });
});
