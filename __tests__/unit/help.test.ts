import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/synth";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

describe("help and README", () => {
  it("name every environment variable that chooses the deploy backend", () => {
    // Arrange
    const variables = [...new Set([...read("lib/backend.ts").matchAll(/env\.(ECOP_\w+)/g)].map((m) => m[1]))];

    // Assert
    expect(variables.length).toBeGreaterThanOrEqual(6);
    for (const variable of variables) expect({ variable, help: read("help").includes(variable), readme: read("README.md").includes(variable) }).toEqual({ variable, help: true, readme: true });
  });

  it("run only npm scripts that package.json has", () => {
    // Arrange
    const scripts = Object.keys(JSON.parse(read("package.json")).scripts);

    // Act
    const used = [...read("help").matchAll(/npm run (\w+)/g)].map((m) => m[1]);

    // Assert
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) expect(scripts).toContain(script);
  });
});
