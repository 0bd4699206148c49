import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { offlineCopy, type OfflineStack, planFailure, planOffline, type PlannedResource } from "../../scripts/terraform";
import { ROOT, synthMain } from "../support/synth";

const EXAMPLES = join(ROOT, "examples");
type Values = Record<string, unknown>;
const byType = (resources: PlannedResource[]) => Object.fromEntries(resources.map((r) => [r.type, r.values])) as Record<string, Values>;
/** One offline copy of each stack for the whole file, initialised once (plans here never write state). */
let copies: Promise<{ paradigm: OfflineStack; sample: OfflineStack }> | undefined;
const stackCopies = () =>
  (copies ??= synthMain().then(async ({ stacks }) => {
    const both = { paradigm: offlineCopy(stacks["ecr-create-on-push"]), sample: offlineCopy(stacks["ecr-create-on-push-aws-sample"]) };
    await Promise.all([both.paradigm.init(), both.sample.init()]);
    return both;
  }));
/** The function's variables, JSON decoded; PREFIX_MATCH is plain text (handler/function-config.ts). */
const PLAIN = ["PREFIX_MATCH", "METRICS_NAMESPACE"];
const env = (fn: Values) => Object.fromEntries(Object.entries((fn.environment as { variables: Record<string, string> }[])[0].variables).map(([k, v]) => [k, PLAIN.includes(k) ? v : JSON.parse(v)]));

describe("a Paradigm module .tfvars, unchanged", () => {
  let planned: Record<string, Values>;

  beforeAll(async () => {
    const plan = await planOffline((await stackCopies()).paradigm, [`-var-file=${join(EXAMPLES, "paradigm.tfvars")}`]);
    planned = byType(plan.planned_values.root_module.resources ?? []);
  });

  it("names everything from name and the region, as the Paradigm module did", () => {
    // Assert
    expect(planned.aws_lambda_function.function_name).toBe("ecr-repo-maker-eu-west-1");
    expect(planned.aws_iam_role.name).toBe("ecr-repo-maker-eu-west-1");
    expect(planned.aws_cloudwatch_log_group).toMatchObject({ name: "/aws/lambda/ecr-repo-maker-eu-west-1", retention_in_days: 30 });
    expect(planned.aws_cloudwatch_event_rule.name).toBe("ecr-repo-404-on-push-for-ecr-repo-maker-eu-west-1");
  });

  it("sets concurrency, timeout and tags on the function", () => {
    // Assert
    expect(planned.aws_lambda_function).toMatchObject({ reserved_concurrent_executions: 2, timeout: 15, tags: { team: "platform", "managed-by": "terraform", Name: "ecr-repo-maker-eu-west-1" } });
  });

  it("puts every repository setting into the function's environment", () => {
    // Act
    const variables = env(planned.aws_lambda_function);

    // Assert
    expect(variables.ALLOWED_PREFIXES).toEqual(["backend/", "frontend/"]);
    // The Paradigm stack reads them as its module did: plain string prefixes.
    expect(variables.PREFIX_MATCH).toBe("string");
    expect(variables.REPOSITORY_SETTINGS).toMatchObject({ imageTagMutability: "IMMUTABLE", scanOnPush: false, tags: { "cost-center": "1234" } });
    expect(JSON.parse(variables.REPOSITORY_SETTINGS.lifecyclePolicy).rules[0].selection.countNumber).toBe(30);
    expect(JSON.parse(variables.REPOSITORY_SETTINGS.repositoryPolicy).Statement[0].Sid).toBe("OrgPull");
  });

  it("filters the rule and scopes the role to the prefixes", () => {
    // Act
    const pattern = JSON.parse(planned.aws_cloudwatch_event_rule.event_pattern as string);
    const policy = JSON.parse(planned.aws_iam_role_policy.policy as string);
    const create = JSON.parse(planned.aws_iam_policy.policy as string);

    // Assert
    expect(pattern.detail.requestParameters.repositoryName).toEqual([{ prefix: "backend/" }, { prefix: "frontend/" }]);
    const resources = ["arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/backend/*", "arn:aws:ecr:eu-west-1:${aws:PrincipalAccount}:repository/frontend/*"];
    expect(create.Statement[0]).toMatchObject({ Sid: "CreateManagedRepositories", Action: expect.arrayContaining(["ecr:CreateRepository"]), Resource: resources });
    expect(policy.Statement[0]).toMatchObject({
      Sid: "ConfigureOwnRepositories",
      Action: ["ecr:PutLifecyclePolicy", "ecr:SetRepositoryPolicy"],
      Condition: { StringEquals: { "aws:ResourceTag/created-by": "ecr-repo-maker-eu-west-1" } },
    });
  });
});

describe("the AWS sample's terraform.tfvars, unchanged", () => {
  let planned: Record<string, Values>;

  beforeAll(async () => {
    const plan = await planOffline((await stackCopies()).sample, [`-var-file=${join(EXAMPLES, "aws-sample.tfvars")}`]);
    planned = byType(plan.planned_values.root_module.resources ?? []);
  });

  it("keeps the sample's choices: KMS, tracing, 120 s, a year of logs, immutable tags", () => {
    // Act
    const settings = env(planned.aws_lambda_function).REPOSITORY_SETTINGS;

    // Assert
    expect(planned.aws_lambda_function).toMatchObject({ timeout: 120, tracing_config: [{ mode: "Active" }] });
    expect(planned.aws_cloudwatch_log_group.retention_in_days).toBe(365);
    expect(settings).toMatchObject({ imageTagMutability: "IMMUTABLE", scanOnPush: true, encryptionType: "KMS", kmsKey: null, lifecyclePolicy: null });
  });

  it("drops the created-by tag the sample sets, since the function sets its own", () => {
    // Assert
    expect(env(planned.aws_lambda_function).REPOSITORY_SETTINGS.tags).toEqual({ env: "poc" });
  });

  it("applies SCAN_TYPE and SCAN_FREQUENCY registry-wide", () => {
    // Assert
    expect(planned.aws_ecr_registry_scanning_configuration).toMatchObject({
      scan_type: "BASIC",
      rule: [{ scan_frequency: "SCAN_ON_PUSH", repository_filter: [{ filter: "*", filter_type: "WILDCARD" }] }],
    });
  });
});

describe("plan-time validation", () => {
  let paradigm: OfflineStack;
  let sample: OfflineStack;

  beforeAll(async () => {
    ({ paradigm, sample } = await stackCopies());
  });

  const BAD: [string, "paradigm" | "sample", string, RegExp][] = [
    ["image_tag_mutability", "paradigm", 'image_tag_mutability="mutable"', /image_tag_mutability: use one of "MUTABLE", "IMMUTABLE"/],
    ["log_retention_days", "paradigm", "log_retention_days=45", /log_retention_days: use one of 0, 1, 3/],
    ["repo_lifecycle_policy", "paradigm", "repo_lifecycle_policy={not json", /repo_lifecycle_policy: a lifecycle policy is a JSON object\./],
    ["repo_policy", "paradigm", `repo_policy={"pad":"${"x".repeat(10_240)}"}`, /repo_policy: ECR accepts a repository policy of 0-10240 characters\./],
    ["managed_repo_prefixes", "paradigm", 'managed_repo_prefixes=["Team/"]', /managed_repo_prefixes: each prefix must be how an ECR name can start/],
    ["name", "paradigm", 'name="has space"', /name: use 1-49 letters/],
    ["lambda_timeout", "paradigm", "lambda_timeout=0", /lambda_timeout: use whole seconds from 1 to 900/],
    ["kms_key", "paradigm", 'kms_key="alias/x"', /kms_key: use a KMS key ARN \(arn:aws:kms:<region>:<account>:key\/<id>\)/],
    ["prefix_settings", "paradigm", 'prefix_settings={"team"={image_tag_mutability="x"}}', /prefix_settings: image_tag_mutability: use one of "MUTABLE"/],
    ["prefix_settings policy", "paradigm", 'prefix_settings={"team"={lifecycle_policy="[1]"}}', /prefix_settings: lifecycle_policy: a lifecycle policy is a JSON object\./],
    ["prefix_settings tags", "paradigm", 'prefix_settings={"team"={tags={"created-by"="me"}}}', /prefix_settings: tags: created-by and created-for are set by the function itself/],
    ["prefix_settings exclusion filter", "paradigm", 'prefix_settings={"team"={image_tag_mutability="MUTABLE_WITH_EXCLUSION",image_tag_mutability_exclusion_filters=["a b"]}}', /prefix_settings: image_tag_mutability_exclusion_filters: an exclusion filter is an ECR wildcard filter/],
    ["repo_tags count", "paradigm", `repo_tags={${Array.from({ length: 49 }, (_, i) => `k${i}="v"`).join(",")}}`, /repo_tags: at most 48 tags fit/],
    ["IMAGE_TAG_MUTABILITY", "sample", 'IMAGE_TAG_MUTABILITY="immutable"', /IMAGE_TAG_MUTABILITY: use one of/],
    ["SCAN_TYPE", "sample", 'SCAN_TYPE="FULL"', /SCAN_TYPE: use BASIC or ENHANCED/],
    ["SCAN_FREQUENCY", "sample", 'SCAN_FREQUENCY="HOURLY"', /SCAN_FREQUENCY: use SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL/],
    ["SCAN_FREQUENCY with BASIC", "sample", "SCAN_FREQUENCY=CONTINUOUS_SCAN", /CONTINUOUS_SCAN needs SCAN_TYPE ENHANCED/],
  ];

  it.concurrent.each(BAD)("fails the plan on a bad %s with its variable's message", async (_case, stack, assignment, message) => {
    // Act
    const error = await planFailure(stack === "paradigm" ? paradigm : sample, ["-var", assignment]);

    // Assert
    expect(error).toMatch(message);
  });
});

describe("plan-time warnings", () => {
  it("warns in the plan when managed_repo_prefixes is empty, and not when it is set", async () => {
    // Arrange
    const stack = (await stackCopies()).paradigm;

    // Act
    const [empty, set] = await Promise.all([
      stack.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false"]),
      stack.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-var", 'managed_repo_prefixes=["team"]']),
    ]);

    // Assert
    expect(empty.stdout + empty.stderr).toMatch(/Check block assertion failed[\s\S]*managed_repo_prefixes is empty/);
    expect(set.stdout + set.stderr).not.toMatch(/managed_repo_prefixes is empty/);
  });
});
