/**
 * What a prefix means in each stack (issue 19). The Paradigm module's handler tests `repo.startswith(prefix)`, so
 * in the ecr-create-on-push stack, its drop-in, `["backend"]` covers `backend-api` in the rule's pattern, in the
 * role's policy and in the function (the planned zip with the planned environment, against the local ECR server),
 * and `["app-"]` plans; a Paradigm module call with `["backend", "app-"]` switched to our folder (only `source`
 * changed) keeps its resources and filters on the same strings. The AWS-sample stack keeps our namespace meaning and
 * warns at plan, naming both meanings.
 */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineCopy, type PlannedResource } from "../../scripts/terraform";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, pushEvent, REGION } from "../support/handler-fixtures";
import { invokePlanned, unpackPlannedFunction } from "../support/lambda-zip";
import { ANCHOR_KEPT_TYPES, anchorCopy, stsStandIn, writeOfflineProvider } from "../support/anchors";
import { changesOf, switchFrom, type SwitchPlan } from "../support/deployed";
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
/** A Paradigm user's module call with prefixes whose meaning differs between the two readings. */
const STRING_ARGUMENTS = { managed_repo_prefixes: ["backend", "app-"] };
let switched: SwitchPlan;

/** A root calling `module "lambda"` from the folder `folder` (the Paradigm module's files, or ours). */
function switchRoot(stackDir: string | undefined, stsUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ecop-prefix-switch-"));
  if (stackDir) cpSync(stackDir, join(dir, "module"), { recursive: true });
  else anchorCopy("paradigm", join(dir, "module"));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module: { lambda: { source: "./module", ...STRING_ARGUMENTS } } }, null, 2));
  writeOfflineProvider(dir, stsUrl, REGION);
  return dir;
}

beforeAll(async () => {
  const { stacks } = await synthMain();
  const sts = await stsStandIn();
  try {
    ({ switched: { plan: switched } } = await switchFrom(offlineCopy(switchRoot(undefined, sts.url), REGION), offlineCopy(switchRoot(stacks["ecr-create-on-push"], sts.url), REGION), REGION));
  } finally {
    await sts.close();
  }
  plans.backend = await planWith(stacks["ecr-create-on-push"], ["backend"]);
  plans.app = await planWith(stacks["ecr-create-on-push"], ["app-"]);
  plans.sampleBackend = await planWith(stacks["ecr-create-on-push-aws-sample"], ["backend"]);
  plans.sampleNamespace = await planWith(stacks["ecr-create-on-push-aws-sample"], ["backend/"]);
  server = await startEcrServer({ account: ACCOUNT, region: REGION });
}, 420_000);
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

describe('switching a Paradigm module call with ["backend", "app-"] to the ecr-create-on-push folder (only source changed)', () => {
  it("plans, keeps every resource the module created and destroys only its inline role policy", () => {
    // Assert
    expect(changesOf(switched, "delete").map((c) => c.address)).toEqual(["module.lambda.aws_iam_role_policy.this"]);
    for (const type of ANCHOR_KEPT_TYPES) expect(switched.resource_changes.find((c) => c.address === `module.lambda.${type}.this`)?.change.actions).not.toContain("delete");
  });

  it("filters and scopes on the same strings the module's handler tested", () => {
    // Act
    const after = (type: string) => switched.resource_changes.filter((c) => c.type === type).map((c) => c.change.after ?? {});

    // Assert
    expect(JSON.parse(after("aws_cloudwatch_event_rule")[0].event_pattern as string).detail.requestParameters.repositoryName).toEqual([{ prefix: "app-" }, { prefix: "backend" }]);
    expect(after("aws_iam_policy").flatMap((p) => JSON.parse(p.policy as string).Statement[0].Resource)).toEqual([arn("app-*"), arn("backend*")]);
  });
});
