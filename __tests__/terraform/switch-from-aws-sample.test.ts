/**
 * An AWS sample user replaces the contents of the sample's folder (a root calling `module "ecr" { source = "./ecr" }`)
 * with the ecr-create-on-push-aws-sample stack folder, keeping terraform.tfvars and state. The state is what the
 * sample's own files plan, turned into what an apply leaves; the plan must keep the function, role, log group (a
 * year of logs), rule and target: moved from `module.ecr.*.this` and updated in place, never destroyed.
 */
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineCopy } from "../../scripts/terraform";
import { ANCHORS, anchorCopy, stsStandIn, writeOfflineProvider, ANCHOR_KEPT_TYPES } from "../support/anchors";
import { changesOf, moveLines, movesOf, switchFrom, type SwitchPlan } from "../support/deployed";
import type { PlannedInstance } from "../support/state";
import { ROOT, synthMain } from "../support/synth";

const REGION = "eu-west-1";
const KEPT = ANCHOR_KEPT_TYPES;

let deployed: PlannedInstance[];
let switched: { summary: string; plan: SwitchPlan; output: string };
let close: () => Promise<void>;

beforeAll(async () => {
  const sts = await stsStandIn();
  close = sts.close;
  const { stacks } = await synthMain();
  const sampleDir = anchorCopy("aws-sample");
  writeOfflineProvider(sampleDir, sts.url, REGION);
  // The user's folder after the switch: our stack folder's files, their terraform.tfvars.
  const oursDir = mkdtempSync(join(tmpdir(), "ecop-switch-sample-"));
  cpSync(stacks["ecr-create-on-push-aws-sample"], oursDir, { recursive: true });
  cpSync(join(ANCHORS, "aws-sample", "terraform.tfvars"), join(oursDir, "terraform.tfvars"));
  ({ deployed, switched } = await switchFrom(offlineCopy(sampleDir, REGION), offlineCopy(oursDir, REGION), REGION));
  console.log(`AWS sample -> ecr-create-on-push-aws-sample (folder contents replaced, tfvars and state kept): ${switched.summary}`);
}, 120_000);

afterAll(() => close?.());

const changed = (action: string) => changesOf(switched.plan, action);

describe("replacing the AWS sample's folder with the ecr-create-on-push-aws-sample stack folder", () => {
  it("starts from the state the sample's own files plan, with the sample's names", () => {
    // Act
    const named = (type: string) => deployed.find((r) => r.type === type)?.values ?? {};

    // Assert
    expect(deployed.map((r) => r.address).sort()).toEqual([...KEPT, "aws_iam_role_policy"].map((type) => `module.ecr.${type}.this`).sort());
    expect(named("aws_lambda_function")).toMatchObject({ function_name: `dynamic-create-ecr-repo-${REGION}`, timeout: 120 });
    expect(named("aws_cloudwatch_log_group")).toMatchObject({ name: `/aws/lambda/dynamic-create-ecr-repo-${REGION}`, retention_in_days: 365 });
  });

  it("keeps the sample's names, so nothing has to be replaced", () => {
    // Act
    const after = (type: string) => switched.plan.resource_changes.find((c) => c.type === type && c.previous_address)?.change.after ?? {};

    // Assert
    expect(after("aws_lambda_function")).toMatchObject({ function_name: `dynamic-create-ecr-repo-${REGION}` });
    expect(after("aws_iam_role")).toMatchObject({ name: `dynamic-create-ecr-repo-lambda-role-${REGION}` });
    expect(after("aws_cloudwatch_event_rule")).toMatchObject({ name: `cw-event-rule-for-non-existent-repo-${REGION}` });
    expect(after("aws_cloudwatch_log_group")).toMatchObject({ name: `/aws/lambda/dynamic-create-ecr-repo-${REGION}`, retention_in_days: 365 });
  });

  it("moves function, role, log group, rule, target, permission and invoke config from module.ecr, destroying none", () => {
    // Act
    const moved = movesOf(switched.plan);

    // Assert
    expect(moved.map((c) => c.previous_address).sort()).toEqual(KEPT.map((type) => `module.ecr.${type}.this`).sort());
    for (const c of moved) expect({ from: c.previous_address, actions: c.change.actions }).toEqual({ from: c.previous_address, actions: expect.not.arrayContaining(["delete"]) });
  });

  it("shows each move in the plan text, as the README says: 2 \"has moved to\", 5 \"(moved from ...)\" under an in-place update", () => {
    // Act
    const [unchanged, updated] = moveLines(switched.output, "module.ecr");

    // Assert
    expect([unchanged, updated]).toEqual([2, 5]);
  });

  it("destroys only the sample's inline role policy, which allowed repository/*", () => {
    // Assert
    expect(changed("delete").map((c) => c.address)).toEqual(["module.ecr.aws_iam_role_policy.this"]);
    expect(switched.summary).toBe(`Plan: ${changed("create").length} to add, ${changed("update").length} to change, 1 to destroy.`);
  });

  it("prints the summary the README quotes", () => {
    // Assert
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(`#   ${switched.summary}\n`);
  });
});
