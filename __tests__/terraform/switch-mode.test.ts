/**
 * What switching a deployed Paradigm-compatible stack between `mode: "lambda"` and `mode: "native"` plans (issue 5).
 * Nothing here reaches AWS, so the test starts where an apply of one mode leaves Terraform: that mode's resources in
 * state, with the attributes AWS would have given them, under the other mode's configuration of the same stack id.
 * `plan -refresh=false` then shows the switch. The native stack is the 5.100.0 copy of native-swap.ts (its comment
 * says what is swapped); the deployed native state carries the real CREATE_ON_PUSH.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ParadigmCompatibleStack } from "../../lib/compat-stacks";
import { type OfflineStack, offlineCopy, planOffline, type TerraformPlan } from "../../scripts/terraform";
import { asDeployed, changesOf, planWithSummary } from "../support/deployed";
import { swapFor5100 } from "../support/native-swap";
import { fabricateState, type PlannedInstance, plannedResources, type StateOutput, schemaVersions, writeState } from "../support/state";
import { fullSynth } from "../support/synth";

const LAMBDA_TYPES = [
  "aws_lambda_function",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_lambda_permission",
  "aws_lambda_function_event_invoke_config",
  "aws_sqs_queue",
  "aws_sqs_queue_policy",
];
const NATIVE_TYPES = ["aws_ecr_repository_creation_template", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy_attachment"];

type Plan = TerraformPlan & {
  readonly planned_values: { readonly outputs?: Record<string, { value?: unknown; type?: unknown }> };
  readonly prior_state?: { readonly values?: { readonly root_module?: { readonly resources?: PlannedInstance[] } } };
  readonly configuration: { readonly root_module?: { readonly resources?: { type: string }[]; readonly outputs?: Record<string, { expression?: { references?: string[] } }> } };
};


/** The deployed stack's outputs: known planned values, or the fabricated attribute an output refers to. */
function deployedOutputs(plan: Plan, attributes: Map<string, Record<string, unknown>>): Record<string, StateOutput> {
  const outputs: Record<string, StateOutput> = {};
  for (const [name, config] of Object.entries(plan.configuration.root_module?.outputs ?? {})) {
    const planned = plan.planned_values.outputs?.[name];
    if (planned?.value !== undefined) {
      outputs[name] = { value: planned.value, type: planned.type };
      continue;
    }
    const reference = config.expression?.references?.[0] ?? "";
    const attribute = attributes.get(reference.slice(0, reference.lastIndexOf(".")))?.[reference.slice(reference.lastIndexOf(".") + 1)];
    if (attribute !== undefined) outputs[name] = { value: attribute, type: "string" };
  }
  return outputs;
}

/** Writes `deployed` (planned for `from`) as the state of `to`. */
function deploy(deployed: readonly PlannedInstance[], from: Plan, to: OfflineStack, versions: Record<string, number>): void {
  const attributes = asDeployed(deployed);
  const byAddress = new Map(deployed.map((r) => [r.address, attributes(r)]));
  writeState(to, fabricateState(deployed, versions, attributes, deployedOutputs(from, byAddress)));
}

const planSwitch = (stack: OfflineStack) => planWithSummary<Plan>(stack);

const addresses = (list: readonly { address: string }[]) => list.map((r) => r.address).sort();
/** Every type the plan mentions: changes, prior state and configuration. */
const typesAnywhere = (plan: Plan) => [
  ...plan.resource_changes.map((c) => c.type),
  ...(plan.prior_state?.values?.root_module?.resources ?? []).map((r) => r.type),
  ...(plan.configuration.root_module?.resources ?? []).map((r) => r.type),
];

let lambdaDeployed: PlannedInstance[];
let nativeDeployed: PlannedInstance[];
let nativeConfig: { resource?: Record<string, unknown> };
let toNative: { summary: string; plan: Plan };
let toLambda: { summary: string; plan: Plan };

beforeAll(async () => {
  const lambda = offlineCopy(fullSynth((app) => new ParadigmCompatibleStack(app, "switch")));
  const native = swapFor5100(fullSynth((app) => new ParadigmCompatibleStack(app, "switch", { mode: "native" })));
  nativeConfig = JSON.parse(readFileSync(join(native.dir, "cdk.tf.json"), "utf8"));
  const [lambdaPlan, nativePlan, versions] = await Promise.all([planOffline(lambda) as Promise<Plan>, native.plan() as Promise<Plan>, schemaVersions(native.copy)]);
  lambdaDeployed = plannedResources(lambdaPlan);
  nativeDeployed = plannedResources(nativePlan);
  deploy(lambdaDeployed, lambdaPlan, native.copy, versions);
  deploy(nativeDeployed, nativePlan, lambda, versions);
  [toNative, toLambda] = await Promise.all([planSwitch(native.copy), planSwitch(lambda)]);
  console.log(`lambda -> native: ${toNative.summary}\nnative -> lambda: ${toLambda.summary}`);
}, 180_000);

describe("switching a deployed Paradigm-compatible stack from lambda to native", () => {
  it("destroys every Lambda-mode resource", () => {
    // Act
    const deleted = changesOf(toNative.plan, "delete");

    // Assert
    expect(addresses(deleted)).toEqual(addresses(lambdaDeployed));
    expect([...new Set(deleted.map((c) => c.type))]).toEqual(expect.arrayContaining(LAMBDA_TYPES));
  });

  it("creates the repository creation template and the templates role, nothing else", () => {
    // Act
    const created = changesOf(toNative.plan, "create");

    // Assert
    expect(addresses(created)).toEqual(addresses(nativeDeployed));
    expect(created.map((c) => c.type).sort()).toEqual(NATIVE_TYPES);
    expect(addresses(created)).toEqual(['aws_ecr_repository_creation_template.this["ROOT"]', "aws_iam_policy.templates[0]", "aws_iam_role.templates", "aws_iam_role_policy_attachment.templates[0]"].sort());
  });

  it("updates nothing and replaces nothing", () => {
    // Act
    const actions = new Set(toNative.plan.resource_changes.map((c) => c.change.actions.join("+")));

    // Assert
    expect(actions).toEqual(new Set(["create", "delete"]));
  });

  it("has no aws_ecr_repository anywhere: repositories ECR or the function created stay outside Terraform", () => {
    // Assert
    expect(typesAnywhere(toNative.plan)).not.toContain("aws_ecr_repository");
    expect(Object.keys(nativeConfig.resource ?? {})).not.toContain("aws_ecr_repository");
  });

  it("summarises as four to add, none to change, every Lambda-mode resource to destroy", () => {
    // Assert
    expect(toNative.summary).toBe(`Plan: 4 to add, 0 to change, ${lambdaDeployed.length} to destroy.`);
  });
});

describe("switching a deployed Paradigm-compatible stack from native back to lambda", () => {
  it("destroys the templates and their role, and creates every Lambda-mode resource", () => {
    // Act
    const deleted = changesOf(toLambda.plan, "delete");
    const created = changesOf(toLambda.plan, "create");

    // Assert
    expect(addresses(deleted)).toEqual(addresses(nativeDeployed));
    expect(addresses(created)).toEqual(addresses(lambdaDeployed));
  });

  it("updates nothing, replaces nothing and has no aws_ecr_repository", () => {
    // Act
    const actions = new Set(toLambda.plan.resource_changes.map((c) => c.change.actions.join("+")));

    // Assert
    expect(actions).toEqual(new Set(["create", "delete"]));
    expect(typesAnywhere(toLambda.plan)).not.toContain("aws_ecr_repository");
  });

  it("summarises as every Lambda-mode resource to add, none to change, four to destroy", () => {
    // Assert
    expect(toLambda.summary).toBe(`Plan: ${lambdaDeployed.length} to add, 0 to change, 4 to destroy.`);
  });
});
