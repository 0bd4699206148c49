/** The construct grants ECR_ACTIONS; the handler must call nothing else. Read from the source, not a mock. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ECR_ACTIONS } from "../../../handler/ecr-model";

const HANDLER = join(__dirname, "../../../handler");
const source = readFileSync(join(HANDLER, "act.ts"), "utf8");
const commands = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1]!);
const granted = new Set<string>(Object.values(ECR_ACTIONS).flat());

describe("IAM contract", () => {
  it("finds the commands act.ts sends", () => {
    expect([...new Set(commands)].sort()).toEqual([
      "CreateRepository",
      "DescribeRepositories",
      "GetLifecyclePolicy",
      "GetRepositoryPolicy",
      "ListTagsForResource",
      "PutLifecyclePolicy",
      "SetRepositoryPolicy",
    ]);
  });

  it.each([...new Set(commands)])("grants ecr:%s, which act.ts calls", (command) => {
    expect(granted).toContain(`ecr:${command}`);
  });

  it("is the only handler file that imports the ECR client", () => {
    // Arrange
    const files = readdirSync(HANDLER).filter((file) => file.endsWith(".ts") && file !== "act.ts");

    // Act
    const importers = files.filter((file) => readFileSync(join(HANDLER, file), "utf8").includes("@aws-sdk/client-ecr"));

    // Assert
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(importers).toEqual([]);
  });
});
