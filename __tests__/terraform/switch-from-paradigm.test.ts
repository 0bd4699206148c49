/**
 * A Paradigm user changes only `source`: the state holds what the Paradigm module created at
 * `module.lambda.aws_*.this` (its own .tf files planned, then turned into the state an apply leaves), and the
 * same root module now calls our stack folder, whose addresses are the module's (lib/addresses.ts). The plan must
 * update in place at the same addresses: nothing of the function, role, log group, rule or target is moved,
 * destroyed or replaced; only the module's broad inline role policy goes.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineCopy } from "../../scripts/terraform";
import { anchorCopy, stsStandIn, writeOfflineProvider, ANCHOR_KEPT_TYPES } from "../support/anchors";
import { changesOf, moveLines, movesOf, switchFrom, type SwitchPlan } from "../support/deployed";
import type { PlannedInstance } from "../support/state";
import { ROOT, synthMain } from "../support/synth";

/** The module call of the Paradigm README, unchanged but for `source`. */
const ARGUMENTS = { managed_repo_prefixes: ["backend/", "frontend/"] };
const KEPT = ANCHOR_KEPT_TYPES.map((type) => `module.lambda.${type}.this`);

/** A root module with `module "lambda"` calling `source` (a folder inside it) with the Paradigm arguments. */
function root(source: string, folder: string, stsUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ecop-switch-paradigm-"));
  if (source.endsWith("paradigm")) anchorCopy("paradigm", join(dir, folder));
  else cpSync(source, join(dir, folder), { recursive: true });
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module: { lambda: { source: `./${folder}`, ...ARGUMENTS } } }, null, 2));
  writeOfflineProvider(dir, stsUrl);
  return dir;
}

let deployed: PlannedInstance[];
let switched: { summary: string; plan: SwitchPlan; output: string };
let close: () => Promise<void>;

beforeAll(async () => {
  const sts = await stsStandIn();
  close = sts.close;
  const { stacks } = await synthMain();
  ({ deployed, switched } = await switchFrom(offlineCopy(root("paradigm", "paradigm", sts.url)), offlineCopy(root(stacks["ecr-create-on-push"], "ecr-create-on-push", sts.url))));
  console.log(`Paradigm module -> ecr-create-on-push (module "lambda", only source changed): ${switched.summary}`);
}, 120_000);

afterAll(() => close?.());

const changed = (action: string) => changesOf(switched.plan, action);

describe("switching a module call from the Paradigm module to the ecr-create-on-push folder", () => {
  it("starts from the state the Paradigm module's own files plan: its seven kept resources and its inline policy", () => {
    // Assert
    expect(deployed.map((r) => r.address).sort()).toEqual([...KEPT, "module.lambda.aws_iam_role_policy.this"].sort());
    expect(deployed.find((r) => r.type === "aws_lambda_function")?.values).toMatchObject({ function_name: "create-ecr-repo-eu-west-1", runtime: "python3.12" });
  });

  it("keeps each kept resource at its own address, which is ours, and neither destroys nor replaces any of them", () => {
    // Act
    const kept = switched.plan.resource_changes.filter((c) => KEPT.includes(c.address));

    // Assert
    expect(kept.map((c) => c.address).sort()).toEqual([...KEPT].sort());
    for (const c of kept) expect({ at: c.address, actions: c.change.actions }).toEqual({ at: c.address, actions: expect.not.arrayContaining(["delete"]) });
  });

  it("moves nothing: the plan shows no \"has moved to\" and no \"(moved from ...)\"", () => {
    // Act
    const [unchanged, updated] = moveLines(switched.output, "module.lambda");

    // Assert
    expect(movesOf(switched.plan)).toEqual([]);
    expect([unchanged, updated]).toEqual([0, 0]);
  });

  it("destroys only the Paradigm module's inline role policy, which allowed repository/*", () => {
    // Assert
    expect(changed("delete").map((c) => c.address)).toEqual(["module.lambda.aws_iam_role_policy.this"]);
  });

  it("prints a summary whose counts are the plan's: 1 to destroy", () => {
    // Act
    const count = (action: string) => changed(action).length;

    // Assert
    expect(switched.summary).toBe(`Plan: ${count("create")} to add, ${count("update")} to change, 1 to destroy.`);
    expect(count("create")).toBeGreaterThan(0);
  });

  it("prints the summary the README quotes", () => {
    // Assert
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(`#   ${switched.summary}\n`);
  });
});
