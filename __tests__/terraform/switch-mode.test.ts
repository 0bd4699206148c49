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
import { SWAPS, swapFor5100 } from "../support/native-swap";
import { fabricateState, type PlannedInstance, type StateOutput, schemaVersions, writeState } from "../support/state";
import { fullSynth } from "../support/synth";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
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
const NATIVE_TYPES = ["aws_ecr_repository_creation_template", "aws_iam_role", "aws_iam_role_policy"];
const UNSWAP = Object.fromEntries(Object.entries(SWAPS).map(([real, swapped]) => [swapped, real]));

type Plan = TerraformPlan & {
  readonly planned_values: { readonly outputs?: Record<string, { value?: unknown; type?: unknown }> };
  readonly prior_state?: { readonly values?: { readonly root_module?: { readonly resources?: PlannedInstance[] } } };
  readonly configuration: { readonly root_module?: { readonly resources?: { type: string }[]; readonly outputs?: Record<string, { expression?: { references?: string[] } }> } };
};

const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const managed = (plan: Plan) => (plan.planned_values.root_module.resources ?? []).filter((r: PlannedInstance) => (r.mode ?? "managed") === "managed") as PlannedInstance[];

/** The attributes an apply of `planned` would have left in state: its planned values plus what AWS computes. */
function asDeployed(planned: readonly PlannedInstance[]): (r: PlannedInstance) => Record<string, unknown> {
  const value = (type: string, attribute: string) => String(planned.find((r) => r.type === type)?.values[attribute]);
  const fn = value("aws_lambda_function", "function_name");
  const fnArn = arn("lambda", `function:${fn}`);
  const role = value("aws_iam_role", "name");
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${role}`;
  const rule = value("aws_cloudwatch_event_rule", "name");
  const ruleArn = arn("events", `rule/${rule}`);
  const queue = value("aws_sqs_queue", "name");
  const queueArn = arn("sqs", queue);
  const queueUrl = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${queue}`;
  const policyArn = (index: unknown) => `arn:aws:iam::${ACCOUNT}:policy/${planned.find((p) => p.type === "aws_iam_policy" && p.index === index)?.values.name}`;
  return ({ type, values, index, address }) => {
    switch (type) {
      case "aws_lambda_function":
        return {
          ...values,
          id: fn,
          arn: fnArn,
          invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
          qualified_arn: `${fnArn}:1`,
          qualified_invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn}:1/invocations`,
          version: "1",
          role: roleArn,
          code_sha256: values.source_code_hash,
          source_code_size: 48_213,
          last_modified: "2026-02-02T10:00:00.000+0000",
          ephemeral_storage: [{ size: 512 }],
        };
      case "aws_iam_role":
        return { ...values, id: role, arn: roleArn, unique_id: "AROAEXAMPLEEXAMPLE001", create_date: "2026-02-02T10:00:00Z", managed_policy_arns: [], inline_policy: [] };
      case "aws_iam_role_policy":
        return { ...values, id: `${role}:${values.name}`, role };
      case "aws_iam_policy":
        return { ...values, id: policyArn(index), arn: policyArn(index), policy_id: `ANPAEXAMPLE00000000${index}`, attachment_count: 1 };
      case "aws_iam_role_policy_attachment":
        return { ...values, id: `${role}-20260202100000000000000${index}`, policy_arn: policyArn(index) };
      case "aws_cloudwatch_log_group":
        return { ...values, id: values.name, arn: arn("logs", `log-group:${values.name}`), log_group_class: "STANDARD" };
      case "aws_cloudwatch_event_rule":
        return { ...values, id: rule, arn: ruleArn };
      case "aws_cloudwatch_event_target":
        return { ...values, id: `${rule}-${values.target_id}`, arn: fnArn, dead_letter_config: (values.dead_letter_config as unknown[]).map(() => ({ arn: queueArn })) };
      case "aws_lambda_permission":
        return { ...values, id: values.statement_id, source_arn: ruleArn };
      case "aws_lambda_function_event_invoke_config":
        return { ...values, id: fn, destination_config: [{ on_failure: [{ destination: queueArn }], on_success: [] }] };
      case "aws_sqs_queue":
        return { ...values, id: queueUrl, url: queueUrl, arn: queueArn, policy: "", redrive_policy: "", redrive_allow_policy: "", deduplication_scope: "", fifo_throughput_limit: "" };
      case "aws_sqs_queue_policy":
        return {
          ...values,
          id: queueUrl,
          queue_url: queueUrl,
          policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: queueArn, Condition: { ArnEquals: { "aws:SourceArn": ruleArn } } }] }),
        };
      case "aws_ecr_repository_creation_template":
        // Deployed with provider 6.28+, so state holds the real values the 5.100.0 copy had to swap.
        return { ...values, id: values.prefix, registry_id: ACCOUNT, custom_role_arn: roleArn, applied_for: (values.applied_for as string[]).map((v) => UNSWAP[v] ?? v) };
      default:
        // A resource type added to a mode later still lands in state, with its address as a stand-in id.
        return { ...values, id: address };
    }
  };
}

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

/** `plan -refresh=false` to a file: the human summary line and `terraform show -json` of the same plan. */
async function planSwitch(stack: OfflineStack): Promise<{ summary: string; plan: Plan }> {
  await stack.init();
  await stack.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=switch.tfplan"]);
  const [text, json] = await Promise.all([stack.terraform(["show", "-no-color", "switch.tfplan"]), stack.terraform(["show", "-json", "switch.tfplan"])]);
  return { summary: text.stdout.match(/^Plan: .*$/m)?.[0] ?? "(no summary line)", plan: JSON.parse(json.stdout) as Plan };
}

const changes = (plan: Plan, action: string) => plan.resource_changes.filter((c) => c.change.actions.includes(action));
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
  lambdaDeployed = managed(lambdaPlan);
  nativeDeployed = managed(nativePlan);
  deploy(lambdaDeployed, lambdaPlan, native.copy, versions);
  deploy(nativeDeployed, nativePlan, lambda, versions);
  [toNative, toLambda] = await Promise.all([planSwitch(native.copy), planSwitch(lambda)]);
  console.log(`lambda -> native: ${toNative.summary}\nnative -> lambda: ${toLambda.summary}`);
}, 180_000);

describe("switching a deployed Paradigm-compatible stack from lambda to native", () => {
  it("destroys every Lambda-mode resource", () => {
    // Act
    const deleted = changes(toNative.plan, "delete");

    // Assert
    expect(addresses(deleted)).toEqual(addresses(lambdaDeployed));
    expect([...new Set(deleted.map((c) => c.type))]).toEqual(expect.arrayContaining(LAMBDA_TYPES));
  });

  it("creates the repository creation template and the templates role, nothing else", () => {
    // Act
    const created = changes(toNative.plan, "create");

    // Assert
    expect(addresses(created)).toEqual(addresses(nativeDeployed));
    expect(created.map((c) => c.type).sort()).toEqual(NATIVE_TYPES);
    expect(created.every((c) => c.address.includes(".ecr_native_"))).toBe(true);
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

  it("summarises as three to add, none to change, every Lambda-mode resource to destroy", () => {
    // Assert
    expect(toNative.summary).toBe(`Plan: 3 to add, 0 to change, ${lambdaDeployed.length} to destroy.`);
  });
});

describe("switching a deployed Paradigm-compatible stack from native back to lambda", () => {
  it("destroys the templates and their role, and creates every Lambda-mode resource", () => {
    // Act
    const deleted = changes(toLambda.plan, "delete");
    const created = changes(toLambda.plan, "create");

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

  it("summarises as every Lambda-mode resource to add, none to change, three to destroy", () => {
    // Assert
    expect(toLambda.summary).toBe(`Plan: ${lambdaDeployed.length} to add, 0 to change, 3 to destroy.`);
  });
});
