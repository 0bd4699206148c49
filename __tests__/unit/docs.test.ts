import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README, renderReadme } from "../../scripts/docs";

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
});
