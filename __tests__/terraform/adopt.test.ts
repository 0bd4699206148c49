/**
 * Adoption of what the Paradigm module created. Importing needs AWS, which these tests never reach, so the test
 * starts where a successful import leaves Terraform: the Paradigm module's resources in state at our addresses,
 * with the attributes that module gives them. `plan -refresh=false` then shows what our configuration does to
 * them: changed in place, never destroyed and created again.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ParadigmCompatibleStack } from "../../lib/compat-stacks";
import { offlineCopy, planOffline, type PlannedResource, type TerraformPlan } from "../../scripts/terraform";
import { ANCHOR_KEPT_TYPES } from "../support/anchors";
import { fabricateState, schemaVersions, writeState } from "../support/state";
import { fullSynth } from "../support/synth";
import { changesOf } from "../support/deployed";
import { ALARM_SPECS } from "../../lib/alarms";

const ACCOUNT = "111122223333";
const FN = "create-ecr-repo-eu-west-1";
const RULE = `ecr-repo-404-on-push-for-${FN}`;
const ADOPTED = ANCHOR_KEPT_TYPES;

/**
 * What the Paradigm module's resources look like after `terraform import`: its names and settings written out,
 * the rest (attributes both modules leave to AWS) taken from our plan.
 */
function paradigmAttributes(type: string, ours: Record<string, unknown>): Record<string, unknown> {
  const tags = { Name: FN, "managed-by": "terraform" };
  switch (type) {
    case "aws_lambda_function":
      return {
        ...ours,
        id: FN,
        function_name: FN,
        arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${FN}`,
        invoke_arn: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${FN}/invocations`,
        qualified_arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${FN}:$LATEST`,
        version: "$LATEST",
        role: `arn:aws:iam::${ACCOUNT}:role/${FN}`,
        description: "Creates ECR repo when push failed due to missing repo.",
        runtime: "python3.9",
        handler: "handler.run",
        architectures: ["x86_64"],
        memory_size: 128,
        filename: "files/create-ecr-repo/out/python.zip",
        source_code_hash: "paradigm",
        environment: [{ variables: { MANAGED_REPO_PREFIXES: "", IMAGE_TAG_MUTABILITY: "MUTABLE", REPO_TAGS: "{}", REPO_SCAN_ON_PUSH: "true" } }],
        logging_config: [{ log_format: "Text", log_group: `/aws/lambda/${FN}`, application_log_level: "", system_log_level: "" }],
        tracing_config: [{ mode: "PassThrough" }],
        tags,
        tags_all: tags,
      };
    case "aws_iam_role":
      return { ...ours, id: FN, name: FN, arn: `arn:aws:iam::${ACCOUNT}:role/${FN}`, unique_id: "AROAEXAMPLE", description: `Role for ${FN} lambda.`, tags, tags_all: tags };
    case "aws_cloudwatch_log_group":
      return { ...ours, id: `/aws/lambda/${FN}`, name: `/aws/lambda/${FN}`, arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/${FN}`, tags, tags_all: tags };
    case "aws_cloudwatch_event_rule":
      return {
        ...ours,
        id: RULE,
        name: RULE,
        event_bus_name: "default",
        arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${RULE}`,
        description: "ECR repo push failed for nonexistent repos.",
        event_pattern: JSON.stringify({ source: ["aws.ecr"], "detail-type": ["AWS API Call via CloudTrail"], detail: { awsRegion: ["eu-west-1"], eventSource: ["ecr.amazonaws.com"], eventName: ["InitiateLayerUpload"], errorCode: ["RepositoryNotFoundException"] } }),
        tags,
        tags_all: tags,
      };
    case "aws_cloudwatch_event_target":
      return { ...ours, id: `${RULE}-${FN}`, rule: RULE, target_id: FN, event_bus_name: "default", arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${FN}`, retry_policy: [{ maximum_event_age_in_seconds: 1800, maximum_retry_attempts: 1 }], dead_letter_config: [] };
    case "aws_lambda_permission":
      return { ...ours, id: "AllowExecutionFromCloudWatch", statement_id: "AllowExecutionFromCloudWatch", function_name: FN, principal: "events.amazonaws.com", action: "lambda:InvokeFunction", source_arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${RULE}` };
    case "aws_lambda_function_event_invoke_config":
      return { ...ours, id: FN, function_name: FN, maximum_event_age_in_seconds: 60, maximum_retry_attempts: 0, destination_config: [] };
    default:
      throw new Error(type);
  }
}

describe("adopting the Paradigm module's resources (ECOP_ADOPT=paradigm)", () => {
  let plan: TerraformPlan;
  let config: string;

  beforeAll(async () => {
    // Our planned values, as the base of the adopted state: same addresses, same stack id.
    const fresh = await planOffline(offlineCopy(fullSynth((app) => new ParadigmCompatibleStack(app, "adopt"))));
    const adoptDir = fullSynth((app) => new ParadigmCompatibleStack(app, "adopt", { adoptExisting: true }));
    config = readFileSync(join(adoptDir, "cdk.tf.json"), "utf8");
    const stack = offlineCopy(adoptDir);
    const adopted = (fresh.planned_values.root_module.resources ?? []).filter((r: PlannedResource) => ADOPTED.includes(r.type));
    writeState(stack, fabricateState(adopted, await schemaVersions(stack), (r) => paradigmAttributes(r.type, r.values)));
    plan = await planOffline(stack, ["-refresh=false"]);
  });

  it("writes an import block for each resource the Paradigm module named the same way", () => {
    // Act
    const imports = JSON.parse(config).import as { to: string; id: string }[];

    // Assert
    expect(imports.map((i) => i.to.split(".")[0]).sort()).toEqual([...ADOPTED].sort());
    expect(imports.find((i) => i.to.startsWith("aws_lambda_permission."))?.id).toMatch(/^\$\{var\.name\}-\$\{data\.aws_region\.[\w-]+\.id\}\/AllowExecutionFromCloudWatch$/);
  });

  it("changes adopted resources in place and replaces none", () => {
    // Act
    const actions = Object.fromEntries(plan.resource_changes.filter((c) => ADOPTED.includes(c.type)).map((c) => [c.type, c.change.actions]));

    // Assert
    expect(Object.keys(actions).sort()).toEqual([...ADOPTED].sort());
    for (const [type, list] of Object.entries(actions)) expect({ type, list }).toEqual({ type, list: expect.not.arrayContaining(["delete"]) });
    expect(actions.aws_lambda_function).toEqual(["update"]);
    expect(actions.aws_cloudwatch_event_target).toEqual(["update"]);
  });

  it("creates only what the Paradigm module did not have", () => {
    // Act
    const created = changesOf(plan, "create").map((c) => c.type).sort();

    // Assert
    expect(created).toEqual([...ALARM_SPECS.map(() => "aws_cloudwatch_metric_alarm"), "aws_iam_policy", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_sqs_queue", "aws_sqs_queue_policy"]);
  });

  it("summarises as the new resources to add and the adopted ones to change, nothing to destroy", () => {
    // Act
    const count = (action: string) => changesOf(plan, action).length;
    const summary = `Plan: ${count("create")} to add, ${count("update")} to change, ${count("delete")} to destroy.`;

    // Assert (with the import blocks still to run, Terraform adds "7 to import, " in front)
    expect(summary).toBe("Plan: 13 to add, 5 to change, 0 to destroy.");
  });
});
