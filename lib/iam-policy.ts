import { Fn, Op, TerraformIterator, TerraformLocal } from "./framework";
import type { Construct } from "constructs";
import { ECR_ACTIONS, KMS_ACTIONS } from "../handler/ecr-model";
import { CREATED_BY_TAG, type PrefixSettings } from "../handler/function-config";
import { DEFAULT_PREFIX_MATCH, normalizePrefix, type PrefixMatch } from "../handler/repository-names";
import type { ResolvedConfig } from "./config";
import { LONGEST_REGION } from "./resource-names";
import { anyOf, choose, type Derivation, derive, equals, hasItems, hcl, isSet, jsonText, nestable } from "./tokens";
import { and, asTemplateText, attr, barePrefix, call, cond, eq, length, ne, str, tryOr } from "./hcl";

/**
 * The account in the policy's ARNs. An IAM policy variable rather than a data source: data.aws_caller_identity
 * would need AWS credentials at plan time, and a resource's ARN would leave the whole policy unknown until apply,
 * so a reviewer could not read it in `terraform plan`. The role only acts in its own account, so the two agree.
 */
export const OWN_ACCOUNT = "${aws:PrincipalAccount}";

/**
 * OWN_ACCOUNT as a Terraform local of `scope`, for ARNs built inside Terraform functions: a literal "${" there
 * needs escaping that cdktf warns about, while a local is a plain string, escaped here by hand.
 */
export function ownAccount(scope: Construct): string {
  return new TerraformLocal(scope, "own-account", asTemplateText(OWN_ACCOUNT)).asString;
}

/** Values only Terraform knows (data sources), or literals in tests. */
export interface PolicyRefs {
  /** OWN_ACCOUNT, or a Terraform local holding it (a literal "${" inside a Terraform function needs escaping that cdktf warns about). */
  readonly account: string;
  readonly partition: string;
  readonly region: string;
  readonly logGroupName: string;
  /** The function's name: the created-by tag on repositories it created. */
  readonly functionName: string;
  /** Name of the dead-letter queue, when there is one. */
  readonly deadLetterQueueName?: string;
}

export interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

/**
 * An ARN in the role's own account. With tokens it is built by Terraform's join(): a token inside a string
 * template nested in other functions makes cdktf warn about escape sequences, and join() needs no template.
 */
export function buildArn(refs: Pick<PolicyRefs, "account" | "partition" | "region">, service: string, ...resource: string[]): string {
  return joined(":", ["arn", refs.partition, service, refs.region, refs.account, ...resource]);
}

/** Parts joined by Terraform's join() when any is a token (see buildArn for why not a template). */
export const joined = (separator: string, parts: string[]): string => derive(JOINED, separator, parts);
export const JOINED: Derivation<[separator: string, parts: string[]], string> = {
  inputs: (_, parts) => parts,
  literal: (separator, parts) => parts.join(separator),
  terraform: (separator, parts) => Fn.join(separator, parts),
};

type Refs = Pick<PolicyRefs, "account" | "partition" | "region">;
const repositoryArn = (refs: Refs, path: string) => buildArn(refs, "ecr", `repository/${path}`);

/**
 * ARNs of the repositories the function may create: one per prefix, or every repository when none is set. A
 * namespace is `repository/<prefix>/*`, a string prefix `repository/<prefix>*` (IAM's `*` matches `/` too).
 */
export const REPOSITORY_ARNS: Derivation<[prefixes: readonly string[], refs: Refs, match: PrefixMatch], readonly string[]> = {
  inputs: (prefixes) => prefixes,
  literal: (prefixes, refs, match) => {
    if (prefixes.length === 0) return [repositoryArn(refs, "*")];
    // Sorted before the "/" is added, as Terraform's half sorts the bare namespaces.
    if (match === "string") return [...new Set(prefixes)].sort().map((p) => repositoryArn(refs, `${p}*`));
    return [...new Set(prefixes.map(normalizePrefix))].sort().map((p) => repositoryArn(refs, `${p}/*`));
  },
  terraform: (prefixes, refs, match) => {
    // Tokens cannot sit inside a string template of a `for` expression (cdktf unwraps them), hence formatlist.
    // Sorted, then distinct, as the literal half: "team" and "team/" are one namespace.
    const starts = match === "string" ? (prefixes as string[]) : (TerraformIterator.fromList(prefixes as string[]).forExpressionForList(barePrefix("val")) as unknown as string[]);
    const distinct = Fn.distinct(Fn.sort(starts));
    const scoped = Fn.formatlist(`arn:%s:ecr:%s:%s:repository/%s${match === "string" ? "" : "/"}*`, [refs.partition, refs.region, refs.account, nestable(distinct)]);
    return choose(hasItems(prefixes), nestable(scoped as unknown as string[]), [repositoryArn(refs, "*")]);
  },
};
export const repositoryArns = (prefixes: readonly string[], refs: Refs, match: PrefixMatch = DEFAULT_PREFIX_MATCH): readonly string[] => derive(REPOSITORY_ARNS, prefixes, refs, match);

/**
 * The ECR actions the handler needs for this config (handler/ecr-model.ts), in two groups: creating (with its tags), and
 * configuring a repository afterwards, which only some settings need. Describe calls come with the second group:
 * the handler reads a repository only to finish configuring one an earlier invocation created.
 */
export function ecrActions(config: ResolvedConfig): { readonly create: readonly string[]; readonly configure: readonly string[]; readonly anyConfigure: boolean } {
  const lifecycle = anySettingHas(config, config.repoLifecyclePolicy, "lifecyclePolicy");
  const policy = anySettingHas(config, config.repoPolicy, "repositoryPolicy");
  const anyConfigure = anyOf([lifecycle, policy]);
  const optional: [boolean, readonly string[]][] = [
    [lifecycle, ECR_ACTIONS.lifecyclePolicy],
    [policy, ECR_ACTIONS.repositoryPolicy],
  ];
  const configure = derive(ACTIONS_WHEN, optional);
  const create = derive(ACTIONS_WHEN, [[true, ECR_ACTIONS.create], [anyConfigure, ECR_ACTIONS.heal]]);
  return { create, configure, anyConfigure };
}

/** The actions of every group whose condition holds. */
export const ACTIONS_WHEN: Derivation<[groups: readonly (readonly [when: boolean, actions: readonly string[]])[]], readonly string[]> = {
  inputs: (groups) => groups.map(([when]) => when),
  literal: (groups) => groups.flatMap(([when, actions]) => (when ? actions : [])),
  terraform: (groups) => Fn.concat(groups.map(([when, actions]) => choose(when, [...actions], [] as string[]))) as unknown as string[],
};

/** Whether any repository the config describes gets a policy of this kind ("" in a prefix means none). */
function anySettingHas(config: ResolvedConfig, catchAll: string | null, field: "lifecyclePolicy" | "repositoryPolicy"): boolean {
  return anyOf([isSet(catchAll), derive(ANY_PREFIX_HAS, config.prefixSettings, field)]);
}

/** Whether some prefix's settings set a policy of this kind ("" means none). */
export const ANY_PREFIX_HAS: Derivation<[settings: Readonly<Record<string, PrefixSettings>>, field: "lifecyclePolicy" | "repositoryPolicy"], boolean> = {
  inputs: (settings) => settings,
  literal: (settings, field) => Object.values(settings).some((s) => s[field] != null && s[field] !== ""),
  terraform: (settings, field) =>
    Fn.anytrue(TerraformIterator.fromMap(settings).forExpressionForList(and(ne(tryOr(attr("val", field), "null"), "null"), ne(tryOr(attr("val", field), str("")), str("")))) as unknown as boolean[]) as unknown as boolean,
};

/** KMS keys created repositories may use; "*" stands for the AWS managed key, whose ARN is not known in advance. */
export const KMS_KEYS: Derivation<[config: Pick<ResolvedConfig, "encryptionType" | "kmsKey" | "prefixSettings">], readonly string[]> = {
  inputs: (config) => [config.encryptionType, config.kmsKey, config.prefixSettings],
  literal: (config) => {
    const key = (type: string, k: string | null | undefined) => (type === "KMS" ? (k ?? "*") : undefined);
    const keys = [key(config.encryptionType, config.kmsKey)];
    for (const s of Object.values(config.prefixSettings)) keys.push(key(s.encryptionType ?? config.encryptionType, s.kmsKey ?? config.kmsKey));
    return [...new Set(keys.filter((k): k is string => k !== undefined))].sort();
  },
  terraform: (config) => {
    const type = hcl(config.encryptionType);
    const key = hcl(config.kmsKey);
    const perPrefix = TerraformIterator.fromMap(nestable(config.prefixSettings)).forExpressionForList(
      cond(eq(call("coalesce", tryOr("val.encryptionType", "null"), type), str("KMS")), call("coalesce", tryOr("val.kmsKey", "null"), key, str("*")), str("")),
    );
    const catchAll = choose(equals(config.encryptionType, "KMS"), Fn.coalesce([config.kmsKey, "*"]), "");
    return Fn.sort(Fn.distinct(Fn.compact(Fn.concat([[catchAll], nestable(perPrefix as unknown as string[])])))) as unknown as string[];
  },
};
export const kmsKeys = (config: ResolvedConfig): readonly string[] => derive(KMS_KEYS, config);

/** The permissions boundary and path an organisation may demand on every role (lambda and native mode alike). */
export const roleGuardrails = (config: Pick<ResolvedConfig, "rolePermissionsBoundary" | "rolePath">): { permissionsBoundary?: string; path: string } => ({
  // A token that Terraform finds null leaves the boundary unset, as a literal null does here.
  permissionsBoundary: config.rolePermissionsBoundary ?? undefined,
  path: config.rolePath,
});

/** The function role's inline policy: exactly the calls the handler and the Lambda service make for it. */
export function buildRolePolicy(config: ResolvedConfig, refs: PolicyRefs): string {
  const keys = kmsKeys(config);
  const viaEcr = joined(".", ["ecr", refs.region, "amazonaws.com"]);
  const ecr = ecrActions(config);
  const statements: { statement: Statement; when: boolean }[] = [
    {
      // Policies go only on repositories this function created: its created-by tag, which it sets in
      // CreateRepository and which CreateManagedRepositories (managed policies) allows only under the prefixes.
      // So IAM, not only the handler, keeps it off repositories people made, and the prefix list is not repeated.
      when: ecr.anyConfigure,
      statement: {
        Sid: "ConfigureOwnRepositories",
        Effect: "Allow",
        Action: nestable(ecr.configure),
        Resource: [buildArn(refs, "ecr", "repository/*")],
        Condition: { StringEquals: { [`aws:ResourceTag/${CREATED_BY_TAG}`]: refs.functionName } },
      },
    },
    {
      // The log group is Terraform's, so no logs:CreateLogGroup; streams and events on this group only.
      when: true,
      statement: {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [buildArn(refs, "logs", "log-group", refs.logGroupName, "*")],
      },
    },
    {
      // ECR makes the grant on the caller's behalf: only through ECR in this Region, and only for an AWS resource.
      when: hasItems(keys),
      statement: {
        Sid: "GrantKeyToEcr",
        Effect: "Allow",
        Action: ["kms:CreateGrant"],
        Resource: nestable(keys),
        Condition: { StringEquals: { "kms:ViaService": viaEcr }, Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
    },
    {
      when: hasItems(keys),
      statement: {
        Sid: "DescribeKeyThroughEcr",
        Effect: "Allow",
        Action: KMS_ACTIONS.filter((a) => a !== "kms:CreateGrant"),
        Resource: nestable(keys),
        Condition: { StringEquals: { "kms:ViaService": viaEcr } },
      },
    },
    {
      // X-Ray has no resource-level permissions: "*" is the only Resource it accepts.
      when: config.tracing as boolean,
      statement: { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
    },
  ];
  if (refs.deadLetterQueueName !== undefined) {
    const queueKey = config.deadLetterQueueKmsKeyArn;
    statements.push(
      {
        // The on-failure destination of asynchronous invocations sends with the function's role.
        when: true,
        statement: { Sid: "SendFailuresToDeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [buildArn(refs, "sqs", refs.deadLetterQueueName)] },
      },
      {
        // A sender to an SSE-KMS queue needs a data key and may need to decrypt a cached one (SQS developer guide,
        // sqs-key-management: producer permissions); SQS calls KMS for it, so only through SQS in this Region.
        when: isSet(queueKey),
        statement: {
          Sid: "EncryptFailuresForDeadLetterQueue",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: [queueKey as string],
          Condition: { StringEquals: { "kms:ViaService": joined(".", ["sqs", refs.region, "amazonaws.com"]) } },
        },
      },
    );
  }
  return policyDocument(statements);
}

/** A policy document; statements whose `when` is a token are kept or dropped by Terraform. */
export const policyDocument = (statements: readonly { statement: Statement; when: boolean }[]): string => derive(POLICY_DOCUMENT, statements);
export const POLICY_DOCUMENT: Derivation<[statements: readonly { statement: Statement; when: boolean }[]], string> = {
  inputs: (statements) => statements.map((s) => s.when),
  literal: (statements) => jsonText({ Version: "2012-10-17", Statement: statements.filter((s) => s.when).map((s) => s.statement) }),
  terraform: (statements) => {
    // Statements differ in shape, so each is encoded on its own and the texts joined; Terraform's type system
    // would reject a list of unlike objects behind a conditional.
    const texts = statements.map((s) => choose(s.when, Fn.jsonencode(s.statement), ""));
    return Fn.format(Fn.rawString('{"Version":"2012-10-17","Statement":[%s]}'), [Fn.join(",", Fn.compact(texts))]);
  },
};

/** IAM's limit on a role's inline policies together, not counting white space (which ours has none of). */
export const ROLE_POLICY_LIMIT = 10_240;
/** IAM's limits on customer managed policies: characters each, and how many a role may have attached by default. */
export const MANAGED_POLICY_LIMIT = 6_144;
export const MANAGED_POLICIES_PER_ROLE = 10;
/** Characters of a create policy besides its ARNs, and of an ARN besides its prefix (longest partition and region). */
const CREATE_POLICY_OVERHEAD = 250;
const ARN_OVERHEAD = `arn:aws-us-gov:ecr:${LONGEST_REGION}:${OWN_ACCOUNT}:repository//*`.length + 3;

/** The create statement of one managed policy: CreateRepository (and what comes with it) on some repository ARNs. */
export function createStatement(config: ResolvedConfig, resources: readonly string[]): Statement {
  return { Sid: "CreateManagedRepositories", Effect: "Allow", Action: nestable(ecrActions(config).create), Resource: nestable(resources) };
}

/**
 * How many repository ARNs fit one managed policy: decided by the longest prefix, so that 200 ordinary prefixes
 * need a few policies, not hundreds. With token prefixes Terraform computes the same from the planned list.
 */
export const ARNS_PER_POLICY: Derivation<[prefixes: readonly string[]], number> = {
  inputs: (prefixes) => prefixes,
  literal: (prefixes) => Math.floor(POLICY_ROOM / (ARN_OVERHEAD + Math.max(0, ...prefixes.map((p) => p.length)))),
  terraform: (prefixes) => {
    // The longest length, via a sort of zero-padded numbers: cdktf cannot spread a list token into max().
    const padded = TerraformIterator.fromList(prefixes as string[]).forExpressionForList(call("format", str("%04d"), length("val"))) as unknown as string[];
    const longest = Fn.tonumber(Fn.element(Fn.reverse(Fn.sort(Fn.concat([padded, ["0000"]]))), 0));
    return Fn.floor(Op.div(POLICY_ROOM, Op.add(ARN_OVERHEAD, longest))) as unknown as number;
  },
};
export const arnsPerPolicy = (prefixes: readonly string[]): number => derive(ARNS_PER_POLICY, prefixes);
const POLICY_ROOM = MANAGED_POLICY_LIMIT - CREATE_POLICY_OVERHEAD;

/** The repository ARNs, in as many lists as managed policies are needed. */
export function repositoryArnChunks(config: ResolvedConfig, refs: Pick<PolicyRefs, "account" | "partition" | "region">): string[][] {
  return Fn.chunklist(nestable(repositoryArns(config.managedRepoPrefixes, refs, config.prefixMatch)) as string[], arnsPerPolicy(config.managedRepoPrefixes)) as unknown as string[][];
}
