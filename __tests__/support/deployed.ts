/**
 * What an apply would have left in state, for tests that start from deployed resources (a mode switch, a switch
 * from an anchor): the planned values plus the attributes AWS computes. Nothing here reaches AWS.
 */
import { type OfflineStack, planOffline, type TerraformPlan } from "../../scripts/terraform";
import { ACCOUNT } from "./handler-fixtures";
import { SWAPS } from "./native-swap";
import { fabricateState, type PlannedInstance, plannedResources, schemaVersions, writeState } from "./state";

const UNSWAP = Object.fromEntries(Object.entries(SWAPS).map(([real, swapped]) => [swapped, real]));

/** The attributes an apply of `planned` in `region` would have left in state: its planned values plus what AWS computes. */
export function asDeployed(planned: readonly PlannedInstance[], region = "eu-west-1"): (r: PlannedInstance) => Record<string, unknown> {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
  const value = (type: string, attribute: string) => String(planned.find((r) => r.type === type)?.values[attribute]);
  const fn = value("aws_lambda_function", "function_name");
  const fnArn = arn("lambda", `function:${fn}`);
  const role = value("aws_iam_role", "name");
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${role}`;
  const rule = value("aws_cloudwatch_event_rule", "name");
  const ruleArn = arn("events", `rule/${rule}`);
  const queue = value("aws_sqs_queue", "name");
  const hasQueue = planned.some((r) => r.type === "aws_sqs_queue");
  const queueArn = arn("sqs", queue);
  const queueUrl = `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${queue}`;
  const policyArn = (index: unknown) => `arn:aws:iam::${ACCOUNT}:policy/${planned.find((p) => p.type === "aws_iam_policy" && p.index === index)?.values.name}`;
  return ({ type, values, index, address }) => {
    switch (type) {
      case "aws_lambda_function":
        return {
          ...values,
          id: fn,
          arn: fnArn,
          invoke_arn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
          qualified_arn: `${fnArn}:1`,
          qualified_invoke_arn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}:1/invocations`,
          version: "1",
          role: roleArn,
          code_sha256: values.source_code_hash,
          source_code_size: 48_213,
          last_modified: "2026-02-02T10:00:00.000+0000",
          ephemeral_storage: [{ size: 512 }],
        };
      case "aws_iam_role":
        return { ...values, id: role, arn: roleArn, unique_id: "AROAEXAMPLEEXAMPLE001", create_date: "2026-02-02T10:00:00Z", managed_policy_arns: [], inline_policy: [] };
      case "aws_iam_role_policy": {
        // A name_prefix policy gets its name from AWS: the prefix and a timestamp.
        const name = values.name ?? `${values.name_prefix}20260202100000000000000001`;
        return { ...values, name, id: `${role}:${name}`, role };
      }
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
        return { ...values, id: fn, destination_config: hasQueue ? [{ on_failure: [{ destination: queueArn }], on_success: [] }] : [] };
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
        // A resource type added later still lands in state, with its address as a stand-in id.
        return { ...values, id: address };
    }
  };
}

/**
 * `plan -refresh=false` to a file: Terraform's own summary line, `terraform show -json` of the same plan, and what
 * the plan command printed (warnings included).
 */
export async function planWithSummary<P extends TerraformPlan>(stack: OfflineStack, extraArgs: string[] = []): Promise<{ summary: string; plan: P; output: string }> {
  await stack.init();
  const run = await stack.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=summary.tfplan", ...extraArgs]);
  const [text, json] = await Promise.all([stack.terraform(["show", "-no-color", "summary.tfplan"]), stack.terraform(["show", "-json", "summary.tfplan"])]);
  return { summary: text.stdout.match(/^Plan: .*$/m)?.[0] ?? "(no summary line)", plan: JSON.parse(json.stdout) as P, output: `${run.stdout}\n${run.stderr}` };
}

/** A plan's resource changes as `terraform show -json` gives them after a switch: some carried from another address. */
export type SwitchPlan = Omit<TerraformPlan, "resource_changes"> & {
  readonly resource_changes: { readonly address: string; readonly type: string; readonly previous_address?: string; readonly change: { readonly actions: string[]; readonly after?: Record<string, unknown> } }[];
};

/** The changes of a plan whose actions include `action` ("create", "update", "delete"). */
export const changesOf = <C extends { readonly change: { readonly actions: readonly string[] } }>(plan: { readonly resource_changes: readonly C[] }, action: string): C[] =>
  plan.resource_changes.filter((c) => c.change.actions.includes(action));

/**
 * A switch from `anchor` to `ours`: what the anchor's own files plan, written as the state an apply would have
 * left, then `ours` planned over that state.
 */
export async function switchFrom(anchor: OfflineStack, ours: OfflineStack, region?: string): Promise<{ deployed: PlannedInstance[]; switched: Awaited<ReturnType<typeof planWithSummary<SwitchPlan>>> }> {
  const [anchorPlan, versions] = await Promise.all([planOffline(anchor), schemaVersions(ours)]);
  const deployed = plannedResources(anchorPlan);
  writeState(ours, fabricateState(deployed, versions, asDeployed(deployed, region)));
  return { deployed, switched: await planWithSummary<SwitchPlan>(ours) };
}

/** The changes Terraform moved from another address, by the address each came from. */
export const movesOf = (plan: SwitchPlan) => plan.resource_changes.filter((c) => c.previous_address !== undefined);

/** How the plan text shows moves out of `module`: "has moved to" lines (no change) and "(moved from …)" under an update. */
export function moveLines(output: string, module: string): [unchanged: number, updated: number] {
  const from = module.replaceAll(".", "\\.");
  const unchanged = output.match(new RegExp(`^\\s*# ${from}\\.aws_\\w+\\.this has moved to `, "gm")) ?? [];
  const updated = output.match(new RegExp(`^\\s*# \\(moved from ${from}\\.aws_\\w+\\.this\\)$`, "gm")) ?? [];
  return [unchanged.length, updated.length];
}
