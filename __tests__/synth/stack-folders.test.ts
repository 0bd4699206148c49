/**
 * What makes a synthesized stack folder a well-behaved child module, and what carries a switch from an anchor,
 * read from the JSON main.ts writes (the Terraform tests plan the same folders).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthMain } from "../support/synth";
import { ANCHOR_KEPT_TYPES } from "../support/anchors";
import V010_ADDRESSES from "../fixtures/addresses-0.1.0.json";
import { SAMPLE_VARIABLES } from "../../lib/compat-stacks";
import { VARIABLES } from "../../lib/variables";

type StackJson = { variable: Record<string, { description: string; validation?: { error_message: string }[] }>; provider?: unknown; terraform: { backend?: unknown }; moved?: { from: string; to: string }[]; resource: Record<string, Record<string, { filename?: string }>> };

const KEPT = ANCHOR_KEPT_TYPES;
/** The resources of each stack as 0.1.0 wrote them: cdktf's hashed addresses (`npm run synth` at that release). */
const V010: Record<string, string[]> = V010_ADDRESSES;
/** A Lambda-mode stack's resources (lib/addresses.ts). */
const ADDRESSES_LAMBDA = [
  "aws_cloudwatch_event_rule.this",
  "aws_cloudwatch_event_target.this",
  "aws_cloudwatch_log_group.this",
  "aws_cloudwatch_metric_alarm.dead_letter_queue",
  "aws_cloudwatch_metric_alarm.destination_failures",
  "aws_cloudwatch_metric_alarm.errors",
  "aws_cloudwatch_metric_alarm.event_age",
  "aws_cloudwatch_metric_alarm.events_dropped",
  "aws_cloudwatch_metric_alarm.rule_dead_letter_failures",
  "aws_cloudwatch_metric_alarm.rule_failed_invocations",
  "aws_cloudwatch_metric_alarm.throttles",
  "aws_iam_policy.create",
  "aws_iam_role.this",
  "aws_iam_role_policy.access",
  "aws_iam_role_policy_attachment.create",
  "aws_lambda_function.this",
  "aws_lambda_function_event_invoke_config.this",
  "aws_lambda_permission.this",
  "aws_sqs_queue.this",
  "aws_sqs_queue_policy.this",
];

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

  it("describe each variable with the allowed values its validation blocks enforce (the rule table's words)", () => {
    // Assert
    for (const [name, { json }] of Object.entries(stacks)) {
      for (const [variable, spec] of Object.entries(json.variable)) {
        for (const rule of spec.validation ?? []) {
          const words = rule.error_message.replace(`${variable}: `, "").replace(/\.$/, "");
          if (VARIABLES[variable] || SAMPLE_VARIABLES[variable]) expect({ name, variable, description: spec.description }).toEqual({ name, variable, description: expect.stringContaining(words) });
        }
      }
    }
    expect(stacks["ecr-create-on-push"].json.variable.alarm_actions.description).toContain("at most 5");
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
    ["ecr-create-on-push", ADDRESSES_LAMBDA],
    ["ecr-create-on-push-aws-sample", [...ADDRESSES_LAMBDA, "aws_ecr_registry_scanning_configuration.registry-scanning"]],
    ["ecr-create-on-push-native", ["aws_ecr_repository_creation_template.this", "aws_iam_policy.templates", "aws_iam_role.templates", "aws_iam_role_policy.templates", "aws_iam_role_policy_attachment.templates"]],
  ])("%s gives every resource a readable address, as Terraform modules write them", (name, expected) => {
    // Act
    const addresses = Object.entries(stacks[name].json.resource).flatMap(([type, resources]) => Object.keys(resources).map((n) => `${type}.${n}`));

    // Assert
    expect(addresses.sort()).toEqual([...expected].sort());
  });

  it.each(Object.keys(V010))("%s moves every resource from its 0.1.0 (hashed) address to its readable one", (name) => {
    // Act
    const moves = new Map((stacks[name].json.moved ?? []).map((m) => [m.from, m.to]));
    const ours = new Set(Object.entries(stacks[name].json.resource).flatMap(([type, resources]) => Object.keys(resources).map((n) => `${type}.${n}`)));

    // Assert
    for (const old of V010[name]) {
      if (ours.has(old)) continue; // a top-level id, readable already (registry-scanning)
      expect({ old, to: moves.get(old) }).toEqual({ old, to: expect.stringMatching(new RegExp(`^${old.split(".")[0]}\\.`)) });
      expect(ours.has(moves.get(old) as string)).toBe(true);
    }
  });

  it("keeps the Paradigm module's addresses in its stack, so that a switch moves nothing there", () => {
    // Act
    const { json } = stacks["ecr-create-on-push"];

    // Assert
    for (const type of KEPT) expect(Object.keys(json.resource[type])).toEqual(["this"]);
    for (const m of json.moved ?? []) expect(m.from).toMatch(/\.ecr_lambda_/);
  });

  it("moves the seven resources the AWS sample created from module.ecr.<type>.this to ours, through their 0.1.0 address", () => {
    // Act
    const moved = stacks["ecr-create-on-push-aws-sample"].json.moved ?? [];
    const next = new Map(moved.map((m) => [m.from, m.to]));
    const end = (from: string): string => (next.has(from) ? end(next.get(from) as string) : from);

    // Assert
    const fromSample = moved.filter((m) => m.from.startsWith("module.ecr."));
    expect(fromSample.map((m) => m.from).sort()).toEqual(KEPT.map((type) => `module.ecr.${type}.this`).sort());
    for (const m of fromSample) expect(end(m.from)).toBe(m.from.replace("module.ecr.", ""));
  });
});
