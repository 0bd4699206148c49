import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { synthApp } from "../../scripts/synth";
import type { EcrCreateOnPushConfig } from "../../lib";
import { EcrCreateOnPushStack } from "../../lib/stacks";

export { ROOT } from "../../scripts/synth";

/** Terraform JSON of one synthesized stack, loosely typed for assertions. */
export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: string }>;
  locals?: Record<string, unknown>;
  terraform: Record<string, unknown>;
  variable?: Record<string, Record<string, unknown>>;
}

/** A stack holding one EcrCreateOnPush with `config`, synthesized in memory. */
export function synthStack(config: EcrCreateOnPushConfig = {}): { json: SynthJson; stack: EcrCreateOnPushStack } {
  const app = Testing.app();
  const stack = new EcrCreateOnPushStack(app, "test", config);
  return { json: JSON.parse(Testing.synth(stack)) as SynthJson, stack };
}

/** Full synth (cdk.tf.json plus assets) of a stack built by `build`; returns the stack folder. */
export function fullSynth(build: (app: ReturnType<typeof Testing.app>) => TerraformStack): string {
  const app = Testing.app();
  const stack = build(app);
  return join(Testing.fullSynth(stack), "stacks", stack.node.id);
}

/** The only resource of `type`, or fails. */
export function only(json: SynthJson, type: string): Record<string, unknown> & { __id: string } {
  const all = Object.entries(json.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  const [id, value] = all[0];
  return { ...value, __id: id };
}

/** `${<type>.<id>.<attribute>}` as cdktf writes a reference. */
export const ref = (type: string, resource: { __id: string }, attribute: string) => `\${${type}.${resource.__id}.${attribute}}`;

let shared: Promise<{ outdir: string; stacks: Record<string, string> }> | undefined;

/**
 * Runs main.ts the way `cdktf synth` does (CDKTF_OUTDIR) and returns the output folder and its stacks. One synth is
 * shared by a test file's suites (tests copy stack folders before changing anything); `fresh` makes a new one.
 */
export function synthMain(fresh = false): Promise<{ outdir: string; stacks: Record<string, string> }> {
  if (fresh) return synthMainOnce();
  return (shared ??= synthMainOnce());
}

async function synthMainOnce(): Promise<{ outdir: string; stacks: Record<string, string> }> {
  const outdir = mkdtempSync(join(tmpdir(), "ecop-synth-"));
  return { outdir, stacks: await synthApp(outdir) };
}

/** Every resource type a Lambda-mode stack creates with the defaults. */
export const LAMBDA_RESOURCE_TYPES = [
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_metric_alarm",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_lambda_function",
  "aws_lambda_function_event_invoke_config",
  "aws_lambda_permission",
  "aws_sqs_queue",
  "aws_sqs_queue_policy",
];
