/**
 * What a prefix means in each stack (issue 19). The Paradigm module's handler tests `repo.startswith(prefix)`, so
 * in the ecr-create-on-push stack, its drop-in, `["backend"]` covers `backend-api` in the rule's pattern, in the
 * role's policy and in the function (the planned zip with the planned environment, against the local ECR server),
 * and `["app-"]` plans. The AWS-sample stack keeps our namespace meaning and warns at plan, naming both meanings.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineCopy, type PlannedResource } from "../../scripts/terraform";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, pushEvent, REGION } from "../support/handler-fixtures";
import { invokePlanned, unpackPlannedFunction } from "../support/lambda-zip";
import { plannedResources } from "../support/state";
import { synthMain } from "../support/synth";

interface Planned {
  readonly dir: string;
  readonly resources: PlannedResource[];
  readonly output: string;
}

/** `stack` planned as a root with these prefixes: its planned resources and what plan printed. */
async function planWith(stackDir: string, prefixes: readonly string[]): Promise<Planned> {
  const stack = offlineCopy(stackDir, REGION);
  writeFileSync(join(stack.dir, "prefixes.tfvars.json"), JSON.stringify({ managed_repo_prefixes: prefixes }));
  await stack.init();
  const run = await stack.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-var-file=prefixes.tfvars.json", "-out=p.tfplan"]);
  const { stdout } = await stack.terraform(["show", "-json", "p.tfplan"]);
  return { dir: stack.dir, resources: plannedResources(JSON.parse(stdout)), output: `${run.stdout}\n${run.stderr}` };
}

const one = (plan: Planned, type: string) => plan.resources.find((r) => r.type === type)!.values;
const patternNames = (plan: Planned) => JSON.parse(one(plan, "aws_cloudwatch_event_rule").event_pattern as string).detail.requestParameters.repositoryName;
const createArns = (plan: Planned) => plan.resources.filter((r) => r.type === "aws_iam_policy").flatMap((r) => JSON.parse(r.values.policy as string).Statement[0].Resource as string[]);
const arn = (path: string) => `arn:aws:ecr:${REGION}:\${aws:PrincipalAccount}:repository/${path}`;

let server: EcrServer;
const plans: Record<string, Planned> = {};

beforeAll(async () => {
  const { stacks } = await synthMain();
  plans.backend = await planWith(stacks["ecr-create-on-push"], ["backend"]);
  plans.app = await planWith(stacks["ecr-create-on-push"], ["app-"]);
  plans.sampleBackend = await planWith(stacks["ecr-create-on-push-aws-sample"], ["backend"]);
  plans.sampleNamespace = await planWith(stacks["ecr-create-on-push-aws-sample"], ["backend/"]);
  server = await startEcrServer({ account: ACCOUNT, region: REGION });
}, 300_000);
afterAll(() => server?.close());

const invoke = (plan: Planned, name: string) => invokePlanned(unpackPlannedFunction(plan.dir, plan.resources), pushEvent(name), { region: REGION, account: ACCOUNT, endpoint: server.url });

describe('the Paradigm-compatible stack reads a prefix as the Paradigm module does: a plain string prefix', () => {
  it('matches "backend" in the rule\'s pattern as it is, so that backend-api is delivered', () => {
    // Assert
    expect(patternNames(plans.backend)).toEqual([{ prefix: "backend" }]);
  });

  it('lets the role create repository/backend*, which backend-api and backend/api both are', () => {
    // Assert
    expect(createArns(plans.backend)).toEqual([arn("backend*")]);
  });

  it("creates backend-api and backend/api from the planned zip and environment, and skips frontend-api", async () => {
    // Act
    const outcomes = [await invoke(plans.backend, "backend-api"), await invoke(plans.backend, "backend/api"), await invoke(plans.backend, "frontend-api")];

    // Assert
    expect(outcomes).toMatchObject([
      { decision: "created", repository: "backend-api" },
      { decision: "created", repository: "backend/api" },
      { decision: "skipped", reason: "outside-allowed-prefixes" },
    ]);
  });

  it('plans "app-", a prefix Paradigm accepts, and creates app-web with it', async () => {
    // Act
    const outcome = await invoke(plans.app, "app-web");

    // Assert
    expect(patternNames(plans.app)).toEqual([{ prefix: "app-" }]);
    expect(createArns(plans.app)).toEqual([arn("app-*")]);
    expect(outcome).toMatchObject({ decision: "created", repository: "app-web" });
  });

  it("gives no warning about the meaning: it is the module's own", () => {
    // Assert
    expect(plans.backend.output).not.toMatch(/prefix_meaning|without a trailing/);
  });
});

describe("the AWS-sample stack keeps namespaces", () => {
  it('filters backend/ and scopes the role to repository/backend/*, and its function skips backend-api', async () => {
    // Act
    const outcome = await invoke(plans.sampleBackend, "backend-api");

    // Assert
    expect(patternNames(plans.sampleBackend)).toEqual([{ prefix: "backend/" }]);
    expect(createArns(plans.sampleBackend)).toEqual([arn("backend/*")]);
    expect(outcome).toMatchObject({ decision: "skipped", reason: "outside-allowed-prefixes" });
  });

  it("warns at plan that a prefix without a trailing / changed meaning, naming the prefix and both meanings", () => {
    // Act
    const text = plans.sampleBackend.output.replace(/\s+/g, " ");

    // Assert
    expect(text).toMatch(/Warning: Check block assertion failed/);
    expect(text).toContain('managed_repo_prefixes: backend without a trailing "/": here each prefix is a namespace');
    expect(text).toContain("the Paradigm module's handler matched it as a plain string prefix");
  });

  it('does not warn for "backend/", which both meanings read alike', () => {
    // Assert
    expect(plans.sampleNamespace.output).not.toMatch(/without a trailing/);
  });
});
