/**
 * The role can do nothing beyond its job, proven on the policy text `terraform plan` shows a reviewer, with
 * @cloud-copilot/iam-simulate. Each role under test is one entry in ROLES: the function's role, and the role ECR
 * assumes for the native mode's templates, each with its own plan and cases. Every case must simulate cleanly: an unknown action or a resource of the
 * wrong type is an error here, never a silent "denied".
 */
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { beforeAll, describe, expect, it } from "vitest";
import type { EcrCreateOnPushConfig } from "../../lib";
import { EcrCreateOnPushStack } from "../../lib/stacks";
import { offlineCopy, planOffline } from "../../scripts/terraform";
import { fullSynth } from "../support/synth";
import { swapFor5100 } from "../support/native-swap";
import { ACCOUNT, ENVIRONMENT_KEY, FUNCTION, KEY, QUEUE_KEY, LAMBDA_ALLOWED, LAMBDA_DENIED, NATIVE_ALLOWED, NATIVE_DENIED, NATIVE_ROLE, REGION, type IamCase } from "./iam-cases";
import { REPOSITORY_POLICY } from "../support/handler-fixtures";

interface Role {
  readonly name: string;
  readonly config: EcrCreateOnPushConfig;
  /** The planned policies of the role: inline, and managed ones attached to it. */
  readonly policiesOf: (resources: { type: string; values: Record<string, unknown> }[]) => string[];
  readonly principal: string;
  readonly allowed: IamCase[];
  readonly denied: IamCase[];
  /** The KMS keys its policies may name: the repositories' key, and the dead-letter queue's for the function. */
  readonly keys: string[];
}

const lambdaConfig = {
  managedRepoPrefixes: ["team-a", "platform/tools"],
  encryptionType: "KMS",
  kmsKey: KEY,
  tracing: true,
  deadLetterQueueKmsKeyArn: QUEUE_KEY,
  environmentKmsKeyArn: ENVIRONMENT_KEY,
  rolePermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/developer-boundary`,
  rolePath: "/platform/",
} satisfies EcrCreateOnPushConfig;
const lambdaPolicy: Role["policiesOf"] = (resources) => resources.filter((r) => r.type === "aws_iam_role_policy" || r.type === "aws_iam_policy").map((r) => String(r.values.policy));
const nativeConfig = { mode: "native", managedRepoPrefixes: ["team-a", "platform/tools"], encryptionType: "KMS", kmsKey: KEY } satisfies EcrCreateOnPushConfig;
const nativePolicy: Role["policiesOf"] = (resources) => resources.filter((r) => r.type === "aws_iam_role_policy" || r.type === "aws_iam_policy").map((r) => String(r.values.policy));
const lambdaPrincipal = `arn:aws:sts::${ACCOUNT}:assumed-role/${FUNCTION}/${FUNCTION}`;

const ROLES: Role[] = [
  { name: "Lambda role, no repository policy", config: lambdaConfig, policiesOf: lambdaPolicy, principal: lambdaPrincipal, allowed: LAMBDA_ALLOWED(false), denied: LAMBDA_DENIED(false), keys: [KEY, QUEUE_KEY] },
  { name: "Lambda role, with a repository policy", config: { ...lambdaConfig, repoPolicy: REPOSITORY_POLICY }, policiesOf: lambdaPolicy, principal: lambdaPrincipal, allowed: LAMBDA_ALLOWED(true), denied: LAMBDA_DENIED(true), keys: [KEY, QUEUE_KEY] },
  ...[false, true].map((replication) => ({
    name: `native templates' role${replication ? ", with replication" : ""}`,
    config: { ...nativeConfig, native: { appliedFor: replication ? ["REPLICATION"] : [] } } satisfies EcrCreateOnPushConfig,
    policiesOf: nativePolicy,
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${NATIVE_ROLE}/ecr`,
    allowed: NATIVE_ALLOWED(replication),
    denied: NATIVE_DENIED(replication),
    keys: [KEY],
  })),
];

/** KMS needs the key policy to defer to IAM; this is the default key policy, so the role's policy decides. */
const DEFAULT_KEY_POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] };

/**
 * IAM resolves ${aws:PrincipalAccount} anywhere in a Resource ARN; the simulator (0.1.173) resolves variables
 * only in the resource-id part and compares the account segment literally, so we substitute it as IAM would:
 * with the calling role's own account.
 */
export function resolvePrincipalAccount(policyText: string, account: string): unknown {
  return JSON.parse(policyText.replaceAll("${aws:PrincipalAccount}", account));
}

async function decide(policies: unknown[], principal: string, c: IamCase): Promise<string> {
  const simulation: Simulation = {
    request: { principal, action: c.action, resource: { resource: c.resource, accountId: c.account ?? ACCOUNT }, contextVariables: { "aws:PrincipalAccount": ACCOUNT, ...c.context } },
    identityPolicies: policies.map((policy, i) => ({ name: `policy-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.action.startsWith("kms:") ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
  };
  const result = await runSimulation(simulation, {});
  return result.resultType === "error" ? `error: ${JSON.stringify(result.errors)}` : result.overallResult;
}

const label = (c: IamCase) => `${c.action} on ${c.resource}${c.context ? ` ${JSON.stringify(c.context)}` : ""}`;

describe.each(ROLES)("$name, as terraform plans it", (role) => {
  let policyText: string;
  let policies: unknown[];

  beforeAll(async () => {
    const dir = fullSynth((app) => new EcrCreateOnPushStack(app, "iam", role.config));
    // The native stack needs AWS provider 6.28; on 5.100 only the values it rejects are swapped (native-swap.ts).
    const plan = await planOffline(role.config.mode === "native" ? swapFor5100(dir).copy : offlineCopy(dir, REGION));
    const texts = role.policiesOf(plan.planned_values.root_module.resources ?? []);
    expect(texts.length).toBeGreaterThanOrEqual(1);
    policyText = texts.join("\n");
    policies = texts.map((text) => resolvePrincipalAccount(text, ACCOUNT));
  });

  it("leaves no Terraform or unknown policy variable behind, only ${aws:PrincipalAccount}", () => {
    // Act
    const variables = [...policyText.matchAll(/\$\{[^}]*\}/g)].map((match) => match[0]);

    // Assert
    expect(new Set(variables)).toEqual(new Set(["${aws:PrincipalAccount}"]));
  });

  it("grants KMS actions on exactly the keys its job needs, the environment's key never", () => {
    // Act
    const statements = (policies as { Statement: { Action: string[]; Resource: string[] }[] }[]).flatMap((p) => p.Statement);
    const keys = statements.filter((s) => s.Action.some((a) => a.startsWith("kms:"))).flatMap((s) => s.Resource);

    // Assert
    expect([...new Set(keys)].sort()).toEqual([...role.keys].sort());
    expect(policyText).not.toContain(ENVIRONMENT_KEY);
  });

  it(`allows each of the ${role.allowed.length} calls its job needs`, async () => {
    // Act
    const decisions = await Promise.all(role.allowed.map(async (c) => [label(c), await decide(policies, role.principal, c)]));

    // Assert
    expect(decisions.filter(([, decision]) => decision !== "Allowed")).toEqual([]);
  });

  it(`denies each of the ${role.denied.length} calls beyond it`, async () => {
    // Act
    const decisions = await Promise.all(role.denied.map(async (c) => [label(c), await decide(policies, role.principal, c)]));

    // Assert
    expect(decisions.filter(([, decision]) => decision !== "ImplicitlyDenied" && decision !== "ExplicitlyDenied")).toEqual([]);
  });
});

it(`checks ${ROLES.reduce((sum, role) => sum + role.allowed.length + role.denied.length, 0)} IAM decisions across ${ROLES.length} roles`, () => {
  // Assert
  expect(ROLES.every((role) => role.allowed.length > 0 && role.denied.length > role.allowed.length)).toBe(true);
});
