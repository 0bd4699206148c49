/** The inputs accounts with SCPs need (boundary, path, customer keys), the log levels and the metrics namespace, in the synthesized JSON. */
import { describe, expect, it } from "vitest";
import { METRICS_NAMESPACE_ENV } from "../../handler/function-config";
import { only, synthStack } from "../support/synth";

const BOUNDARY = "arn:aws:iam::111122223333:policy/org/developer-boundary";
const QUEUE_KEY = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
const ENV_KEY = "arn:aws:kms:eu-west-1:111122223333:key/66666666-7777-8888-9999-000000000000";
const HARDENED = { rolePermissionsBoundary: BOUNDARY, rolePath: "/platform/ecr/", deadLetterQueueKmsKeyArn: QUEUE_KEY, environmentKmsKeyArn: ENV_KEY };
const variablesOf = (fn: Record<string, unknown>) => (fn.environment as { variables: Record<string, string> }).variables;

describe("role guardrails", () => {
  it("put the permissions boundary and path on the function's role", () => {
    // Act
    const role = only(synthStack(HARDENED).json, "aws_iam_role");

    // Assert
    expect(role).toMatchObject({ permissions_boundary: BOUNDARY, path: "/platform/ecr/" });
  });

  it("put them on native mode's templates role too", () => {
    // Act
    const role = only(synthStack({ ...HARDENED, mode: "native", repoTags: { team: "a" } }).json, "aws_iam_role");

    // Assert
    expect(role).toMatchObject({ permissions_boundary: BOUNDARY, path: "/platform/ecr/" });
  });

  it("leave no boundary and the root path by default", () => {
    // Act
    const role = only(synthStack().json, "aws_iam_role");

    // Assert
    expect(role.permissions_boundary).toBeUndefined();
    expect(role.path).toBe("/");
  });
});

describe("customer keys", () => {
  it("encrypt the dead-letter queue with the given key instead of SQS-managed keys", () => {
    // Act
    const [hardened, plain] = [synthStack(HARDENED).json, synthStack().json].map((json) => only(json, "aws_sqs_queue"));

    // Assert
    expect(hardened.kms_master_key_id).toBe(QUEUE_KEY);
    expect(hardened.sqs_managed_sse_enabled).toBeUndefined();
    expect(plain.kms_master_key_id).toBeUndefined();
    expect(plain.sqs_managed_sse_enabled).toBe(true);
  });

  it("encrypt the function's environment with the given key", () => {
    // Act
    const fn = only(synthStack(HARDENED).json, "aws_lambda_function");

    // Assert
    expect(fn.kms_key_arn).toBe(ENV_KEY);
  });
});

describe("log levels and metrics namespace", () => {
  it("set Lambda's logging config, INFO and WARN by default", () => {
    // Act
    const [set, defaults] = [synthStack({ applicationLogLevel: "DEBUG", systemLogLevel: "INFO" }).json, synthStack().json].map((json) => only(json, "aws_lambda_function").logging_config);

    // Assert
    expect(set).toMatchObject({ log_format: "JSON", application_log_level: "DEBUG", system_log_level: "INFO" });
    expect(defaults).toMatchObject({ log_format: "JSON", application_log_level: "INFO", system_log_level: "WARN" });
  });

  it("set METRICS_NAMESPACE only when a namespace is given", () => {
    // Act
    const [set, defaults] = [synthStack({ metricsNamespace: "Platform/ECR create-on-push" }).json, synthStack().json].map((json) => variablesOf(only(json, "aws_lambda_function")));

    // Assert
    expect(set[METRICS_NAMESPACE_ENV]).toBe("Platform/ECR create-on-push");
    expect(Object.keys(defaults)).not.toContain(METRICS_NAMESPACE_ENV);
  });
});
