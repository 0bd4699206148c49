import { DataAwsPartition, DataAwsRegion, IamRole, IamRolePolicy } from "./aws";
import { TerraformCount } from "./framework";
import type { Construct } from "constructs";
import { KMS_ACTIONS } from "../handler/ecr-model";
import type { ResolvedConfig } from "./config";
import { ACTIONS_WHEN, kmsKeys, ownAccount, policyDocument, repositoryArnChunks, roleGuardrails, type Statement } from "./iam-policy";
import type { ResolvedNativeOptions } from "./native-options";
import { buildManagedPolicies } from "./managed-policies";
import { namePrecondition, TEMPLATES_ROLE_NAME } from "./resource-names";
import { type Alternative, choose, derive, hasItems, includes, jsonText, mergeMaps, nestable, never } from "./tokens";

/**
 * The role ECR assumes to create repositories from the templates: where it may create (and replicate into) in
 * managed policies, as many as the prefixes need, as Lambda mode's role (lib/managed-policies.ts); an inline
 * policy only for the KMS keys, when some setting uses one.
 */
export function buildTemplatesRole(scope: Construct, config: ResolvedConfig, options: ResolvedNativeOptions): IamRole {
  const partition = new DataAwsPartition(scope, "partition");
  // `id`, not `name`: the region's name is deprecated in AWS provider 6.x, and id exists in 5.100 too.
  const region = new DataAwsRegion(scope, "region").id;
  const name = TEMPLATES_ROLE_NAME.build(config.name, region);
  const refs = { account: ownAccount(scope), partition: partition.partition, region };
  const keys = kmsKeys(config);
  const replication = includes(options.appliedFor, "REPLICATION");
  const tags = mergeMaps({ Name: name, "managed-by": "terraform" }, config.tags);
  const role = new IamRole(scope, "role", {
    name,
    description: "Assumed by ECR to create repositories from the ecr-create-on-push templates (tags, KMS).",
    assumeRolePolicy: jsonText({
      Version: "2012-10-17",
      Statement: [{ Sid: "EcrAssumeRole", Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    forceDetachPolicies: true,
    ...roleGuardrails(config),
    tags,
    // The region is known only at plan time, so the length is checked there.
    lifecycle: { precondition: [namePrecondition(TEMPLATES_ROLE_NAME, name)] },
  });
  // Tag-on-create is authorised as ecr:TagResource too (AWS-FACTS §4); replication into the same namespaces.
  const actions = derive(ACTIONS_WHEN, [
    [true, ["ecr:CreateRepository", "ecr:TagResource"]],
    [replication, ["ecr:ReplicateImage"]],
  ]);
  const statement = (resources: string[]): Statement => ({ Sid: "CreateTemplateRepositories", Effect: "Allow", Action: nestable(actions), Resource: resources });
  // Native mode keeps namespaces (validate.ts refuses prefixMatch "string" there), as the function's role does by default.
  const chunks = repositoryArnChunks(config, refs);
  buildManagedPolicies(scope, role, { name, description: "Where ECR may create repositories from the ecr-create-on-push templates", tags, chunks, statement });
  // No kms:ViaService condition, unlike the function's role: only ECR can assume this role, and whether ECR's
  // grant calls made as this role carry kms:ViaService is not documented (AWS-FACTS §8).
  const kms = { when: true, statement: { Sid: "EncryptTemplateRepositories", Effect: "Allow" as const, Action: [...KMS_ACTIONS], Resource: nestable(keys) } };
  const anyKey = hasItems(keys);
  if (never(anyKey)) return role;
  new IamRolePolicy(scope, "role-policy", {
    count: derive(ONCE_WHEN, anyKey),
    name: "encrypt-template-repositories",
    role: role.id,
    policy: policyDocument([kms]),
  });
  return role;
}

/** A resource that exists only when a condition holds: no count when synth knows it does, else a count of 1 or 0. */
const ONCE_WHEN: Alternative<[condition: boolean], TerraformCount | undefined> = {
  inputs: (condition) => condition,
  literal: () => undefined,
  terraform: (condition) => TerraformCount.of(choose(condition, 1, 0)),
};
