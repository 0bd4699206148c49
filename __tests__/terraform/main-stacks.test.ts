import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { offlineCopy, planOffline, type TerraformPlan } from "../../scripts/terraform";
import { PROVIDER_5100, swapFor5100 } from "../support/native-swap";
import { LAMBDA_RESOURCE_TYPES, synthMain } from "../support/synth";
import { changesOf } from "../support/deployed";
import { ALARM_SPECS } from "../../lib/alarms";

const NATIVE = "ecr-create-on-push-native";

/** Every stack main.ts writes, as `npm run synth` writes it, validated and planned by the real Terraform. */
describe("stacks written by main.ts", () => {
  let stacks: Record<string, string>;
  const plans: Record<string, TerraformPlan> = {};
  const validations: Record<string, { valid: boolean; error_count: number }> = {};

  beforeAll(async () => {
    stacks = (await synthMain()).stacks;
    await Promise.all(
      Object.entries(stacks).map(async ([name, dir]) => {
        // The native stack needs AWS provider 6.28; on 5.100 only its CREATE_ON_PUSH value is swapped (native-swap.ts).
        const copy = name === NATIVE ? swapFor5100(dir).copy : offlineCopy(dir);
        plans[name] = await planOffline(copy);
        validations[name] = JSON.parse((await copy.terraform(["validate", "-json", "-no-color"])).stdout);
      }),
    );
  });

  it("writes the Paradigm-compatible, AWS-sample-compatible and native stacks", () => {
    // Assert
    expect(Object.keys(stacks).sort()).toEqual(["ecr-create-on-push", "ecr-create-on-push-aws-sample", NATIVE]);
  });

  it("admits AWS provider 5.100 for Lambda stacks, and only 6.28 or later for the native stack", () => {
    // Act
    const constraint = (name: string) => JSON.parse(readFileSync(join(stacks[name], "cdk.tf.json"), "utf8")).terraform.required_providers.aws.version;

    // Assert
    expect(constraint("ecr-create-on-push")).toBe(PROVIDER_5100);
    expect(constraint("ecr-create-on-push-aws-sample")).toBe(PROVIDER_5100);
    expect(constraint(NATIVE)).toBe(">= 6.28.0, < 7.0.0");
  });

  it("plans the native stack's single ROOT template and no Lambda resources", () => {
    // Act
    const planned = plans[NATIVE].planned_values.root_module.resources ?? [];

    // Assert
    expect(planned.map((r) => r.type).sort()).toEqual(["aws_ecr_repository_creation_template", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy_attachment"]);
    expect(planned.find((r) => r.type === "aws_ecr_repository_creation_template")?.values).toMatchObject({ prefix: "ROOT", image_tag_mutability: "MUTABLE" });
  });

  it("passes terraform validate for every stack", () => {
    // Assert
    for (const [name, result] of Object.entries(validations)) expect({ name, ...result }).toMatchObject({ name, valid: true, error_count: 0 });
  });

  it("plans the default stack's resources from a copy in a temporary folder, creating each once", () => {
    // Act
    const created = changesOf(plans["ecr-create-on-push"], "create").map((c) => c.type).sort();

    // Assert (the alarms of lib/alarms.ts, every one of them with the default dead-letter queue)
    expect(created).toEqual([...LAMBDA_RESOURCE_TYPES, ...ALARM_SPECS.slice(1).map(() => "aws_cloudwatch_metric_alarm")].sort());
  });

  it("plans names, the policy and the environment as a reviewer reads them", () => {
    // Act
    const resources = plans["ecr-create-on-push"].planned_values.root_module.resources ?? [];
    const byType = (type: string) => resources.find((r) => r.type === type)?.values ?? {};
    const policy = JSON.parse(byType("aws_iam_role_policy").policy as string);
    const create = JSON.parse(byType("aws_iam_policy").policy as string);

    // Assert
    expect(byType("aws_lambda_function")).toMatchObject({ function_name: "create-ecr-repo-eu-west-1", runtime: "nodejs22.x", handler: "index.handler" });
    expect(byType("aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/lambda/create-ecr-repo-eu-west-1", retention_in_days: 14 });
    expect(byType("aws_cloudwatch_event_rule")).toMatchObject({ name: "ecr-repo-404-on-push-for-create-ecr-repo-eu-west-1" });
    expect(byType("aws_iam_role")).toMatchObject({ name: "create-ecr-repo-eu-west-1" });
    expect(byType("aws_iam_policy").name).toBe("create-ecr-repo-eu-west-1-create-0");
    expect(create.Statement).toEqual([expect.objectContaining({ Sid: "CreateManagedRepositories", Resource: ["arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/*"] })]);
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Sid: "ConfigureOwnRepositories", Resource: ["arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/*"] }),
        expect.objectContaining({ Sid: "WriteOwnLogs", Resource: ["arn:aws:logs:eu-west-1:${aws:PrincipalAccount}:log-group:/aws/lambda/create-ecr-repo-eu-west-1:*"] }),
        expect.objectContaining({ Sid: "SendFailuresToDeadLetterQueue", Resource: ["arn:aws:sqs:eu-west-1:${aws:PrincipalAccount}:create-ecr-repo-eu-west-1-dlq"] }),
      ]),
    );
  });

  it("plans the function from the zip that the stack folder holds", () => {
    // Act
    const fn = (plans["ecr-create-on-push"].planned_values.root_module.resources ?? []).find((r) => r.type === "aws_lambda_function")!;
    const zip = readFileSync(join(stacks["ecr-create-on-push"], fn.values.filename as string));

    // Assert
    expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  });
});
