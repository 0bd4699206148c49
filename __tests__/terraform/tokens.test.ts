import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type TerraformStack, TerraformVariable } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import type { EcrCreateOnPushConfig } from "../../lib";
import { EcrCreateOnPushStack } from "../../lib/stacks";
import { offlineCopy, planOffline, type PlannedResource } from "../../scripts/terraform";
import { fullSynth } from "../support/synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
/** Every input set away from its default, as literals. */
const LITERAL: EcrCreateOnPushConfig = {
  name: "maker",
  lambdaConcurrency: 5,
  lambdaTimeout: 30,
  logRetentionDays: 30,
  tags: { team: "platform" },
  managedRepoPrefixes: ["team-b/", "team-a"],
  imageTagMutability: "IMMUTABLE",
  imageTagMutabilityExclusionFilters: [],
  repoLifecyclePolicy: null,
  repoPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["ecr:BatchGetImage"], Condition: { StringLike: { "aws:username": "${aws:username}" } } }] }),
  repoTags: { cost: "shared" },
  repoScanOnPush: false,
  encryptionType: "AES256",
  kmsKey: null,
  prefixSettings: { "team-a/secure": { encryptionType: "KMS", kmsKey: KEY, lifecyclePolicy: JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 5 }, action: { type: "expire" } }] }) } },
  eventNames: ["InitiateLayerUpload", "BatchCheckLayerAvailability"],
  tracing: true,
  runtime: "nodejs22.x",
  architecture: "x86_64",
  memorySize: 512,
  logKmsKeyArn: KEY,
  maximumEventAgeInSeconds: 3600,
  maximumRetryAttempts: 1,
  applicationLogLevel: "DEBUG",
  systemLogLevel: "INFO",
  environmentKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/22222222-aaaa-4bbb-8ccc-dddddddddddd",
  deadLetterQueueKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/11111111-aaaa-4bbb-8ccc-dddddddddddd",
  rolePermissionsBoundary: "arn:aws:iam::111122223333:policy/developer-boundary",
  rolePath: "/platform/",
  metricsNamespace: "Platform/ECR",
  okActions: ["arn:aws:sns:eu-west-1:111122223333:recoveries"],
};

const TYPES: Record<string, string> = {
  name: "string",
  lambdaConcurrency: "number",
  lambdaTimeout: "number",
  logRetentionDays: "number",
  tags: "map(string)",
  managedRepoPrefixes: "list(string)",
  imageTagMutability: "string",
  imageTagMutabilityExclusionFilters: "list(string)",
  repoLifecyclePolicy: "string",
  repoPolicy: "string",
  repoTags: "map(string)",
  repoScanOnPush: "bool",
  encryptionType: "string",
  kmsKey: "string",
  prefixSettings:
    "map(object({ imageTagMutability = optional(string), imageTagMutabilityExclusionFilters = optional(list(string)), scanOnPush = optional(bool), encryptionType = optional(string), kmsKey = optional(string), lifecyclePolicy = optional(string), repositoryPolicy = optional(string), tags = optional(map(string)) }))",
  eventNames: "list(string)",
  tracing: "bool",
  runtime: "string",
  architecture: "string",
  memorySize: "number",
  logKmsKeyArn: "string",
  maximumEventAgeInSeconds: "number",
  maximumRetryAttempts: "number",
  applicationLogLevel: "string",
  systemLogLevel: "string",
  environmentKmsKeyArn: "string",
  deadLetterQueueKmsKeyArn: "string",
  rolePermissionsBoundary: "string",
  rolePath: "string",
  metricsNamespace: "string",
  okActions: "list(string)",
};

/** The same config with every input a Terraform variable, set from a .tfvars.json. */
function variableConfig(stack: TerraformStack): EcrCreateOnPushConfig {
  return Object.fromEntries(
    Object.entries(TYPES).map(([input, type]) => {
      const variable = new TerraformVariable(stack, input, { type, nullable: true });
      const value = type.startsWith("list") ? variable.listValue : type === "number" ? variable.numberValue : type === "bool" ? variable.booleanValue : type.startsWith("map") ? variable.value : variable.stringValue;
      return [input, value];
    }),
  );
}

describe("inputs given as Terraform variables", () => {
  let literal: PlannedResource[];
  let variables: PlannedResource[];

  beforeAll(async () => {
    const literalDir = fullSynth((app) => new EcrCreateOnPushStack(app, "literal", LITERAL));
    const variableDir = fullSynth((app) => new EcrCreateOnPushStack(app, "variables", variableConfig));
    const tfvars = LITERAL;
    const literalPlan = planOffline(offlineCopy(literalDir));
    const copy = offlineCopy(variableDir);
    writeFileSync(join(copy.dir, "inputs.tfvars.json"), JSON.stringify(tfvars));
    const variablePlan = planOffline(copy, ["-var-file=inputs.tfvars.json"]);
    literal = (await literalPlan).planned_values.root_module.resources ?? [];
    variables = (await variablePlan).planned_values.root_module.resources ?? [];
  });

  const comparable = (resources: PlannedResource[]) =>
    Object.fromEntries(
      resources.map((r) => {
        const values = { ...r.values };
        for (const key of ["policy", "event_pattern"]) if (typeof values[key] === "string") values[key] = JSON.parse(values[key] as string);
        // Terraform's jsonencode orders keys and writes a typed object's unset attributes as null, which the
        // handler reads as "inherit" (handler/function-config.ts), so compare the environment as data.
        const env = (values.environment as { variables: Record<string, string> }[] | undefined)?.[0]?.variables;
        // METRICS_NAMESPACE is plain text, not JSON.
        const parse = (v: string) => (v.startsWith("{") || v.startsWith("[") ? JSON.parse(v, (_key, value) => (value === null ? undefined : value)) : v);
        if (env) values.environment = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, parse(v)]));
        return [r.type, values];
      }),
    );

  it("plans exactly what the same literals plan", () => {
    // Assert
    expect(literal.length).toBeGreaterThanOrEqual(10);
    expect(variables.length).toBe(literal.length);
    expect(comparable(variables)).toEqual(comparable(literal));
  });

  it("plans a prefix filter, per-prefix role scope and the prefix's KMS key from variables", () => {
    // Act
    const planned = comparable(variables);
    const statements = [planned.aws_iam_role_policy, planned.aws_iam_policy].flatMap((p) => (p.policy as { Statement: { Sid: string; Resource: string[] }[] }).Statement);

    // Assert
    expect((planned.aws_cloudwatch_event_rule.event_pattern as { detail: { requestParameters: unknown } }).detail.requestParameters).toEqual({
      repositoryName: [{ prefix: "team-a/" }, { prefix: "team-b/" }],
    });
    expect(statements.find((s) => s.Sid === "CreateManagedRepositories")?.Resource).toEqual([
      "arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/team-a/*",
      "arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/team-b/*",
    ]);
    expect(statements.find((s) => s.Sid === "GrantKeyToEcr")?.Resource).toEqual([KEY]);
  });

  it("plans the queue's key in place of SQS-managed encryption, and the role's use of it, from variables", () => {
    // Act
    const planned = comparable(variables);
    const statements = (planned.aws_iam_role_policy.policy as { Statement: { Sid: string; Resource: string[] }[] }).Statement;

    // Assert
    expect(planned.aws_sqs_queue.kms_master_key_id).toBe(LITERAL.deadLetterQueueKmsKeyArn);
    expect(planned.aws_sqs_queue.sqs_managed_sse_enabled).not.toBe(true);
    expect(statements.find((s) => s.Sid === "EncryptFailuresForDeadLetterQueue")?.Resource).toEqual([LITERAL.deadLetterQueueKmsKeyArn]);
    expect((planned.aws_lambda_function.environment as Record<string, unknown>).METRICS_NAMESPACE).toBe("Platform/ECR");
  });
});
