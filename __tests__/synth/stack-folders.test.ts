/**
 * What makes a synthesized stack folder a well-behaved child module, and what carries a switch from an anchor,
 * read from the JSON main.ts writes (the Terraform tests plan the same folders).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthMain } from "../support/synth";
import { ANCHOR_KEPT_TYPES } from "../support/anchors";

type StackJson = { provider?: unknown; terraform: { backend?: unknown }; moved?: { from: string; to: string }[]; resource: Record<string, Record<string, { filename?: string }>> };

const KEPT = ANCHOR_KEPT_TYPES;

let stacks: Record<string, { json: StackJson; text: string }>;

beforeAll(async () => {
  const dirs = (await synthMain()).stacks;
  stacks = Object.fromEntries(
    Object.entries(dirs).map(([name, dir]) => {
      const text = readFileSync(join(dir, "cdk.tf.json"), "utf8");
      return [name, { json: JSON.parse(text) as StackJson, text }];
    }),
  );
}, 60_000);

describe("stack folders written by main.ts", () => {
  it("have no provider block and no backend, so a caller's provider and state apply", () => {
    // Assert
    for (const [name, { json }] of Object.entries(stacks)) expect({ name, provider: json.provider, backend: json.terraform.backend }).toEqual({ name, provider: undefined, backend: undefined });
  });

  it("read the zip through path.module, the only path in them", () => {
    // Act
    const filenames = Object.values(stacks).flatMap(({ json }) => Object.values(json.resource.aws_lambda_function ?? {}).map((fn) => fn.filename));

    // Assert
    expect(filenames).toHaveLength(2);
    for (const filename of filenames) expect(filename).toMatch(/^\$\{path\.module\}\/assets\/[^/]+\/[0-9A-F]+\/handler\.zip$/);
  });

  it("read the Region through data.aws_region's id, never its name (deprecated in AWS provider 6.x)", () => {
    // Assert
    for (const [name, { text }] of Object.entries(stacks)) {
      expect({ name, deprecated: text.match(/data\.aws_region\.[\w-]+\.name\b/g) }).toEqual({ name, deprecated: null });
      expect({ name, id: /data\.aws_region\.[\w-]+\.id\b/.test(text) }).toEqual({ name, id: true });
    }
  });

  it.each([
    ["ecr-create-on-push", ""],
    ["ecr-create-on-push-aws-sample", "module.ecr."],
  ])("%s moves the seven resources its anchor created from %s<type>.this to ours", (name, path) => {
    // Act
    const moved = stacks[name].json.moved ?? [];

    // Assert
    expect(moved.map((m) => m.from).sort()).toEqual(KEPT.map((type) => `${path}${type}.this`).sort());
    for (const m of moved) expect(m.to).toMatch(new RegExp(`^${m.from.replace(path, "").split(".")[0]}\\.ecr_lambda_`));
  });

  it("moves nothing in the native stack, whose resources no anchor has", () => {
    // Assert
    expect(stacks["ecr-create-on-push-native"].json.moved).toBeUndefined();
  });
});
