import { DataAwsPartition, DataAwsRegion, EcrAccountSetting, EcrRepositoryCreationTemplate, IamRole, IamRolePolicy } from "./aws";
import { Annotations, Fn, Op, TerraformIterator, TerraformLocal } from "./framework";
import { Construct } from "constructs";
import { KMS_ACTIONS } from "../handler/ecr-model";
import { CREATED_BY_TAG } from "../handler/function-config";
import { type EcrCreateOnPushConfig, type ResolvedConfig, resolveDefaults } from "./config";
import { ConfigError } from "./errors";
import { kmsKeys, ownAccount, policyDocument, repositoryArns } from "./iam-policy";
import { type NativeOptions, nativeIssues, type ResolvedNativeOptions, resolveNativeDefaults } from "./native-options";
import {
  asText,
  buildTemplates,
  needsCustomRole,
  normalizedOverrides,
  ROOT_PREFIX,
  settingsAsText,
  settingsByKey,
  settingsKeyExpression,
  type TemplateSettings,
  templatePrefixList,
  templateSettings,
} from "./native-templates";
import { useProvider } from "./provider";
import { hasItems, hcl, isLiteral, jsonText, mergeMaps, nestable } from "./tokens";
import { validateConfig } from "./validate";
import { attr, interpolate } from "./hcl";

export * from "./native-options";

/** IAM role names are limited to 64 characters; ours is `<name>` plus this plus the region. */
const ROLE_NAME_INFIX = "-templates-";

/**
 * Makes ECR itself create repositories on push (CREATE_ON_PUSH, December 2025): one repository creation template
 * per namespace, carrying the settings the Lambda mode would apply there, a custom role when tags or KMS need one,
 * and optionally the registry's BLOB_MOUNTING setting. Needs AWS provider 6.28.0 (see nativeProviderConstraint).
 */
export class EcrNativeCreateOnPush extends Construct {
  /** One resource per template; a single for_each resource when managedRepoPrefixes is a Terraform variable. */
  readonly templates: EcrRepositoryCreationTemplate[];
  /** The templates' prefixes (ROOT for the catch-all); a Terraform list when managedRepoPrefixes is a token. */
  readonly templatePrefixes: string[];
  /** The role ECR assumes to tag and encrypt; absent when ECR's service-linked role suffices. */
  readonly role?: IamRole;
  readonly blobMounting?: EcrAccountSetting;
  readonly config: ResolvedConfig;
  readonly options: ResolvedNativeOptions;

  /** `nativeOptions` defaults to `props.native`, where EcrCreateOnPush users put them. */
  constructor(scope: Construct, id: string, props: EcrCreateOnPushConfig = {}, nativeOptions: NativeOptions = props.native ?? {}) {
    super(scope, id);
    const config = resolveDefaults(props);
    const options = resolveNativeDefaults(nativeOptions);
    this.config = config;
    this.options = options;
    const issues = [...validateConfig(config), ...nativeIssues(config, options)];
    if (issues.length > 0) throw new ConfigError(issues, this.node.path);
    this.warn(config, props);

    const prefixesLiteral = isLiteral(config.managedRepoPrefixes);
    const specs = prefixesLiteral ? buildTemplates(config) : undefined;
    // With token prefixes any key's settings, and the catch-all's, may end up in a template.
    const carried = specs ? specs.map((s) => s.settings) : [templateSettings(config, {}), ...[...normalizedOverrides(config).values()].map((o) => templateSettings(config, o))];
    if (needsCustomRole(carried, options.createdBy)) this.role = this.buildRole(config, options);

    const appliedFor = isLiteral(options.appliedFor) ? [...new Set(["CREATE_ON_PUSH", ...options.appliedFor])] : (Fn.distinct(Fn.concat([["CREATE_ON_PUSH"], options.appliedFor])) as string[]);
    const common = { appliedFor, description: asText(options.description), customRoleArn: this.role?.arn };
    const createdBy: Record<string, string> = options.createdBy === null ? {} : { [CREATED_BY_TAG]: options.createdBy };

    if (specs) {
      this.templatePrefixes = specs.map((s) => s.prefix);
      this.templates = specs.map(({ prefix, settings: raw }) => {
        const settings = settingsAsText(raw);
        // "/" may not appear in a construct id, and "+" in no repository name, so distinct prefixes keep distinct ids.
        const template = new EcrRepositoryCreationTemplate(this, `template-${prefix.replaceAll("/", "+")}`, {
          ...common,
          prefix,
          ...templateAttributes(settings, createdBy),
        });
        addExclusionFilters(template, settings.imageTagMutability, settings.imageTagMutabilityExclusionFilters);
        return template;
      });
    } else {
      const local = new TerraformLocal(this, "template-settings", Object.fromEntries(Object.entries(settingsByKey(config)).map(([k, s]) => [k, settingsAsText(s)])));
      this.templatePrefixes = templatePrefixList(config);
      const byPrefix = TerraformIterator.fromList(this.templatePrefixes).forExpressionForMap("val", `${hcl(local.expression)}[${settingsKeyExpression(config, "val")}]`);
      const each = TerraformIterator.fromMap(byPrefix as unknown as Record<string, unknown>);
      const settings: TemplateSettings = {
        imageTagMutability: each.getString("imageTagMutability") as TemplateSettings["imageTagMutability"],
        imageTagMutabilityExclusionFilters: each.getList("imageTagMutabilityExclusionFilters"),
        encryptionType: each.getString("encryptionType") as TemplateSettings["encryptionType"],
        kmsKey: each.getString("kmsKey"),
        lifecyclePolicy: each.getString("lifecyclePolicy"),
        repositoryPolicy: each.getString("repositoryPolicy"),
        tags: each.getStringMap("tags"),
      };
      const template = new EcrRepositoryCreationTemplate(this, "template", { ...common, forEach: each, prefix: each.key, ...templateAttributes(settings, createdBy) });
      const mutabilities = Object.values(settingsByKey(config)).map((s) => s.imageTagMutability);
      addExclusionFilters(template, isLiteral(mutabilities) && !mutabilities.some((m) => m.endsWith("_WITH_EXCLUSION")) ? "MUTABLE" : settings.imageTagMutability, settings.imageTagMutabilityExclusionFilters);
      this.templates = [template];
    }

    if (options.blobMounting) {
      this.blobMounting = new EcrAccountSetting(this, "blob-mounting", { name: "BLOB_MOUNTING", value: "ENABLED" });
    }
    useProvider(this, config.provider);
  }

  private buildRole(config: ResolvedConfig, options: ResolvedNativeOptions): IamRole {
    const partition = new DataAwsPartition(this, "partition");
    // `id`, not `name`: the region's name is deprecated in AWS provider 6.x, and id exists in 5.100 too.
    const region = new DataAwsRegion(this, "region").id;
    const name = `${config.name}${ROLE_NAME_INFIX}${region}`;
    const refs = {
      account: ownAccount(this),
      partition: partition.partition,
      region,
    };
    const repositories = repositoryArns(config.managedRepoPrefixes, refs);
    const keys = kmsKeys(config);
    const replication = isLiteral(options.appliedFor) ? options.appliedFor.includes("REPLICATION") : (Fn.contains(options.appliedFor, "REPLICATION") as unknown as boolean);
    const role = new IamRole(this, "role", {
      name,
      description: "Assumed by ECR to create repositories from the ecr-create-on-push templates (tags, KMS).",
      assumeRolePolicy: jsonText({
        Version: "2012-10-17",
        Statement: [{ Sid: "EcrAssumeRole", Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      forceDetachPolicies: true,
      tags: mergeMaps({ Name: name, "managed-by": "terraform" }, config.tags),
      lifecycle: {
        precondition: [
          {
            // The region is known only at plan time, so the length is checked there.
            condition: Op.lte(Fn.lengthOf(name), 64),
            errorMessage: `name: the role name "<name>${ROLE_NAME_INFIX}<region>" is longer than IAM's 64 characters; use a shorter name.`,
          },
        ],
      },
    });
    new IamRolePolicy(this, "role-policy", {
      name: "create-repositories-from-templates",
      role: role.id,
      policy: policyDocument([
        // Tag-on-create is authorised as ecr:TagResource too (AWS-FACTS §4); only the templates' namespaces.
        { when: true, statement: { Sid: "CreateTemplateRepositories", Effect: "Allow", Action: ["ecr:CreateRepository", "ecr:TagResource"], Resource: repositories } },
        { when: replication, statement: { Sid: "ReplicateIntoTemplateRepositories", Effect: "Allow", Action: ["ecr:ReplicateImage"], Resource: repositories } },
        {
          // No kms:ViaService condition, unlike the function's role: only ECR can assume this role, and whether
          // ECR's grant calls made as this role carry kms:ViaService is not documented (AWS-FACTS §8).
          when: hasItems(keys),
          statement: { Sid: "EncryptTemplateRepositories", Effect: "Allow", Action: [...KMS_ACTIONS], Resource: nestable(keys) },
        },
      ]),
    });
    return role;
  }

  /** Warns about what the user set, not about defaults: an unset repoScanOnPush (true) is nobody's choice. */
  private warn(config: ResolvedConfig, props: EcrCreateOnPushConfig): void {
    const annotations = Annotations.of(this);
    const prefixScans = isLiteral(config.prefixSettings) ? Object.values(config.prefixSettings).map((s) => s.scanOnPush) : [];
    const scanSet = props.repoScanOnPush !== undefined && (!isLiteral(props.repoScanOnPush) || props.repoScanOnPush === true);
    if (scanSet || prefixScans.some((s) => s !== false && s != null)) {
      annotations.addWarning(
        "repoScanOnPush / prefixSettings.scanOnPush: repository creation templates carry no scan setting, so native mode ignores them. Scanning is registry-level there: configure the registry's scanning (aws_ecr_registry_scanning_configuration) with a SCAN_ON_PUSH rule.",
      );
    }
    if (isLiteral(config.allowedPusherAccounts) && config.allowedPusherAccounts.length > 0 && !config.allowedPusherAccounts.includes("*")) {
      // containers-roadmap#853 (2026-03): CREATE_ON_PUSH created repositories for a cross-account pusher.
      annotations.addWarning("allowedPusherAccounts: native mode cannot check who pushed; ECR creates a repository for any principal with push rights to the registry. Use Lambda mode to limit it.");
    }
    if (isLiteral(config.managedRepoPrefixes) && config.managedRepoPrefixes.length === 0) {
      annotations.addWarning(`managedRepoPrefixes is empty: the ${ROOT_PREFIX} template makes ECR create a repository for a push of any new name. Set prefixes to limit it.`);
    }
  }
}

/** The template attributes one set of settings gives; `created-by` last, so the configured tags cannot replace it. */
function templateAttributes(settings: TemplateSettings, createdBy: Record<string, string>) {
  return {
    imageTagMutability: settings.imageTagMutability,
    encryptionConfiguration: [{ encryptionType: settings.encryptionType, kmsKey: settings.kmsKey ?? undefined }],
    lifecyclePolicy: settings.lifecyclePolicy ?? undefined,
    repositoryPolicy: settings.repositoryPolicy ?? undefined,
    resourceTags: mergeMaps(settings.tags as Record<string, string>, asText(createdBy)),
  };
}

/**
 * Exclusion filters as the 6.x provider's `image_tag_mutability_exclusion_filter` blocks. The binding is generated
 * from 5.100.0, which lacks the block, hence the override; written only where a mutability may use it.
 */
function addExclusionFilters(template: EcrRepositoryCreationTemplate, mutability: string, filters: readonly string[]): void {
  if (isLiteral(mutability) && !mutability.endsWith("_WITH_EXCLUSION")) return;
  if (isLiteral(filters)) {
    template.addOverride(
      "image_tag_mutability_exclusion_filter",
      filters.map((filter) => ({ filter: asText(filter), filter_type: "WILDCARD" })),
    );
    return;
  }
  template.addOverride("dynamic.image_tag_mutability_exclusion_filter", {
    // The merged filters are already empty unless the mutability is *_WITH_EXCLUSION (mergeSettings' rule).
    for_each: nestable(filters),
    content: { filter: interpolate(attr("image_tag_mutability_exclusion_filter", "value")), filter_type: "WILDCARD" },
  });
}
