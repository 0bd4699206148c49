/**
 * A user who applied 0.1.0's stack folder upgrades to today's: state holds every resource at 0.1.0's hashed
 * address (`aws_lambda_function.ecr_lambda_handler_5E5E937A`, fixtures/addresses-0.1.0.json), the folder now names
 * it `aws_lambda_function.this`. The plan must move each one and destroy nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { offlineCopy, planOffline } from "../../scripts/terraform";
import { asDeployed, changesOf, planWithSummary, type SwitchPlan } from "../support/deployed";
import { fabricateState, type PlannedInstance, plannedResources, schemaVersions, writeState } from "../support/state";
import { synthMain } from "../support/synth";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import V010_ADDRESSES from "../fixtures/addresses-0.1.0.json";

const V010: Record<string, string[]> = V010_ADDRESSES;
const STACKS = ["ecr-create-on-push", "ecr-create-on-push-aws-sample"] as const;
/** What a switch must never destroy (the list). */
const KEPT = ["aws_lambda_function", "aws_iam_role", "aws_cloudwatch_log_group", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target"];

/**
 * `planned` as 0.1.0 would have held it: each resource at the address today's moved blocks take it from; what
 * 0.1.0 did not have (resources added since, such as most alarms) is not in its state.
 */
function at010(planned: readonly PlannedInstance[], moved: readonly { from: string; to: string }[], old: readonly string[]): PlannedInstance[] {
  const back = new Map(moved.filter((m) => old.includes(m.from)).map((m) => [m.to, m.from]));
  return planned.flatMap((r) => {
    const from = back.get(`${r.type}.${r.name}`) ?? `${r.type}.${r.name}`;
    if (!old.includes(from)) return [];
    const name = from.slice(r.type.length + 1);
    return [{ ...r, name, address: r.address.replace(`${r.type}.${r.name}`, `${r.type}.${name}`) }];
  });
}

const results: Record<string, { deployed: PlannedInstance[]; added: string[]; plan: SwitchPlan; summary: string }> = {};

beforeAll(async () => {
  const { stacks } = await synthMain();
  for (const name of STACKS) {
    const dir = stacks[name];
    const moved = (JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).moved ?? []) as { from: string; to: string }[];
    const today = offlineCopy(dir);
    const planned = plannedResources(await planOffline(today, ["-refresh=false"]));
    const deployed = at010(planned, moved, V010[name]);
    const upgraded = offlineCopy(dir);
    writeState(upgraded, fabricateState(deployed, await schemaVersions(upgraded), asDeployed(deployed)));
    const { plan, summary } = await planWithSummary<SwitchPlan>(upgraded);
    const fromOld = new Set(moved.filter((m) => V010[name].includes(m.from)).map((m) => m.to));
    const added = planned.filter((r) => !fromOld.has(`${r.type}.${r.name}`) && !V010[name].includes(`${r.type}.${r.name}`)).map((r) => r.address);
    results[name] = { deployed, added, plan, summary };
    console.log(`0.1.0 -> today (${name}): ${summary}`);
  }
}, 240_000);

describe.each(STACKS)("upgrading a %s folder applied at 0.1.0", (name) => {
  it("starts from state at exactly 0.1.0's addresses", () => {
    // Act
    const addresses = new Set(results[name].deployed.map((r) => `${r.type}.${r.name}`));

    // Assert
    expect([...addresses].sort()).toEqual([...V010[name]].sort());
  });

  it("moves every resource to its readable address, destroys nothing and creates only what 0.1.0 did not have", () => {
    // Act
    const { plan, added } = results[name];

    // Assert
    expect(changesOf(plan, "delete").map((c) => c.address)).toEqual([]);
    expect(changesOf(plan, "create").map((c) => c.address).sort()).toEqual([...added].sort());
    expect(added.every((a) => a.startsWith("aws_cloudwatch_metric_alarm."))).toBe(true);
    for (const type of KEPT) {
      const change = plan.resource_changes.find((c) => c.address === `${type}.this`);
      expect({ type, from: change?.previous_address }).toEqual({ type, from: V010[name].find((a) => a.startsWith(`${type}.`)) });
    }
  });
});
