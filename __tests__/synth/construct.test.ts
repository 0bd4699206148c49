import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib";
import { LAMBDA_RESOURCE_TYPES, only, ref, synthStack } from "../support/synth";

describe("EcrCreateOnPush synth", () => {
  it("composes rule, target, permission, function, role, policy, log group and dead-letter queue", () => {
    // Act
    const { json } = synthStack();

    // Assert
    expect(Object.keys(json.resource).sort()).toEqual(LAMBDA_RESOURCE_TYPES);
  });

  it("wires rule -> target -> function, and scopes the permission to the rule", () => {
    // Act
    const { json } = synthStack();
    const rule = only(json, "aws_cloudwatch_event_rule");
    const fn = only(json, "aws_lambda_function");
    const queue = only(json, "aws_sqs_queue");

    // Assert
    expect(only(json, "aws_cloudwatch_event_target")).toMatchObject({
      rule: ref("aws_cloudwatch_event_rule", rule, "name"),
      arn: ref("aws_lambda_function", fn, "arn"),
      dead_letter_config: { arn: ref("aws_sqs_queue", queue, "arn") },
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
    });
    expect(only(json, "aws_lambda_permission")).toMatchObject({
      principal: "events.amazonaws.com",
      action: "lambda:InvokeFunction",
      source_arn: ref("aws_cloudwatch_event_rule", rule, "arn"),
      function_name: ref("aws_lambda_function", fn, "function_name"),
    });
    expect(only(json, "aws_lambda_function_event_invoke_config")).toMatchObject({
      destination_config: { on_failure: { destination: ref("aws_sqs_queue", queue, "arn") } },
      maximum_event_age_in_seconds: 21600,
      maximum_retry_attempts: 2,
    });
  });

  it("admits only this rule to the dead-letter queue, encrypted", () => {
    // Act
    const { json } = synthStack();
    const rule = only(json, "aws_cloudwatch_event_rule");
    const queue = only(json, "aws_sqs_queue");
    const policy = only(json, "aws_sqs_queue_policy");

    // Assert
    expect(queue).toMatchObject({ sqs_managed_sse_enabled: true });
    expect(policy.queue_url).toBe(ref("aws_sqs_queue", queue, "url"));
    expect(policy.policy).toContain(`"aws:SourceArn" = ${ref("aws_cloudwatch_event_rule", rule, "arn").slice(2, -1)}`);
    expect(policy.policy).toContain('"Service" = "events.amazonaws.com"');
  });

  it("names the function <name>-<region> and logs it as JSON into /aws/lambda/<function name>", () => {
    // Act
    const { json } = synthStack({ name: "repo-maker", logRetentionDays: 30 });
    const fn = only(json, "aws_lambda_function");
    const logGroup = only(json, "aws_cloudwatch_log_group");

    // Assert
    expect(fn.function_name).toMatch(/^repo-maker-\$\{data\.aws_region\.[\w-]+\.id\}$/);
    expect(logGroup.name).toBe(`/aws/lambda/${fn.function_name}`);
    expect(logGroup.retention_in_days).toBe(30);
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      handler: "index.handler",
      architectures: ["arm64"],
      timeout: 10,
      reserved_concurrent_executions: 1,
      logging_config: { log_format: "JSON", log_group: ref("aws_cloudwatch_log_group", logGroup, "name") },
      tracing_config: { mode: "PassThrough" },
    });
  });

  it("puts the prefixes into the rule's pattern as namespaces", () => {
    // Act
    const { json } = synthStack({ managedRepoPrefixes: ["team-b/", "team-a"] });
    const pattern = JSON.parse(only(json, "aws_cloudwatch_event_rule").event_pattern as string);

    // Assert
    expect(pattern).toEqual({
      source: ["aws.ecr"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["ecr.amazonaws.com"],
        eventName: ["InitiateLayerUpload"],
        errorCode: ["RepositoryNotFoundException"],
        userIdentity: { accountId: [{ exists: true }] },
        requestParameters: { repositoryName: [{ prefix: "team-a/" }, { prefix: "team-b/" }] },
      },
    });
  });

  it("scopes where the role may create to the prefixes, in managed policies attached to it", () => {
    // Act
    const { json } = synthStack({ managedRepoPrefixes: ["team-a", "team-b/"] });
    const created = only(json, "aws_iam_policy");
    const policy = created.policy as string;

    // Assert
    expect(only(json, "aws_iam_role_policy_attachment")).toMatchObject({ count: created.count, policy_arn: `\${aws_iam_policy.${created.__id}[count.index].arn}` });
    expect(only(json, "aws_iam_role_policy").policy).not.toContain("team-a");
    expect(policy).toContain("\"repository/team-a/*\"");
    expect(policy).toContain("\"repository/team-b/*\"");
    expect(policy).not.toContain("\"repository/*\"");
  });

  it("reacts to the configured event names", () => {
    // Act
    const { json } = synthStack({ eventNames: ["InitiateLayerUpload", "BatchCheckLayerAvailability"] });
    const pattern = JSON.parse(only(json, "aws_cloudwatch_event_rule").event_pattern as string);

    // Assert
    expect(pattern.detail.eventName).toEqual(["InitiateLayerUpload", "BatchCheckLayerAvailability"]);
  });

  it("turns on X-Ray only with tracing", () => {
    // Act
    const off = only(synthStack().json, "aws_iam_role_policy").policy as string;
    const { json } = synthStack({ tracing: true });

    // Assert
    expect(only(json, "aws_lambda_function")).toMatchObject({ tracing_config: { mode: "Active" } });
    expect(only(json, "aws_iam_role_policy").policy).toContain("xray:PutTraceSegments");
    expect(off).not.toContain("xray:");
  });

  it("leaves out the dead-letter queue when turned off", () => {
    // Act
    const { json } = synthStack({ deadLetterQueue: false });

    // Assert
    expect(json.resource.aws_sqs_queue).toBeUndefined();
    expect(only(json, "aws_iam_role_policy").policy).not.toContain("sqs:");
    expect(only(json, "aws_lambda_function_event_invoke_config").destination_config).toBeUndefined();
  });

  it("carries the handler's configuration in the environment", () => {
    // Act
    const { json } = synthStack({ managedRepoPrefixes: ["team"], imageTagMutability: "IMMUTABLE", repoTags: { team: "platform" } });
    const env = (only(json, "aws_lambda_function").environment as { variables: Record<string, string> }).variables;

    // Assert
    expect(JSON.parse(env.ALLOWED_PREFIXES)).toEqual(["team"]);
    expect(JSON.parse(env.EVENT_NAMES)).toEqual(["InitiateLayerUpload"]);
    expect(JSON.parse(env.REPOSITORY_SETTINGS)).toMatchObject({ imageTagMutability: "IMMUTABLE", scanOnPush: true, encryptionType: "AES256", tags: { team: "platform" } });
    expect(JSON.parse(env.PREFIX_SETTINGS)).toEqual({});
  });

  it("warns when no prefix limits what may be created", () => {
    // Act
    const { stack } = synthStack();
    const limited = synthStack({ managedRepoPrefixes: ["team"] }).stack;

    // Assert
    expect(stack.ecr.lambda?.node.metadata.map((m) => m.type)).toContain("@cdktf/warn");
    expect(limited.ecr.lambda?.node.metadata).toEqual([]);
  });

  it("admits AWS provider 5.100 and 6.x, requires Terraform 1.5 (check and import blocks) and writes no backend", () => {
    // Act
    const { json } = synthStack();

    // Assert
    expect(json.terraform).toEqual({ required_providers: { aws: { source: "aws", version: ">= 5.100.0, < 7.0.0" } }, required_version: ">= 1.5.0" });
  });

  it("refuses a bad literal before creating anything, naming every bad input", () => {
    // Act
    const attempt = () => synthStack({ logRetentionDays: 45, imageTagMutability: "mutable" as never });

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/logRetentionDays: 45 is not a CloudWatch retention[\s\S]*imageTagMutability: "mutable": use one of/);
  });

  it("refuses a mode other than lambda or native, naming both", () => {
    // Act
    const attempt = () => synthStack({ mode: "hybrid" as never });

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/mode: "hybrid" is invalid; use "lambda" or "native"/);
  });
});
