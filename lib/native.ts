import { EcrAccountSetting, EcrRepositoryCreationTemplate, type IamRole } from "./aws";
import { Fn, TerraformIterator, TerraformLocal } from "./framework";
import { Construct } from "constructs";
import { CREATED_BY_TAG } from "../handler/function-config";
import { type EcrCreateOnPushConfig, type ResolvedConfig, resolveDefaults } from "./config";
import { ConfigError } from "./errors";
import { buildTemplatesRole } from "./native-role";
import { type NativeOptions, nativeProviderMinimum, type ResolvedNativeOptions, resolveNativeDefaults } from "./native-options";
import { nativeIssues, nativeNameIssues, warnNative } from "./native-checks";
import { warnPrefixMeaning } from "./lambda-checks";
import {
  buildTemplates,
  carriedSettings,
  needsCustomRole,
  settingsAsText,
  settingsByKey,
  settingsKeyExpression,
  type TemplateSettings,
  templatePrefixList,
} from "./native-templates";
import { useProvider } from "./provider";
import { requireAwsProvider } from "./provider-constraint";
import { inputPreconditions } from "./input-checks";
import { settingsPreconditions } from "./settings-preconditions";
import { anyOf, asText, type Alternative, type Derivation, derive, endsWith, hcl, mergeMaps, nestable, never } from "./tokens";
import { validateConfig } from "./validate";
import { attr, index, interpolate } from "./hcl";

export * from "./native-options";

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
  /** The registry's BLOB_MOUNTING setting; undefined unless `native.blobMounting`. */
  readonly blobMounting?: EcrAccountSetting;
  /** The inputs with every default filled in. */
  readonly config: ResolvedConfig;
  /** The native options with every default filled in. */
  readonly options: ResolvedNativeOptions;

  /** `nativeOptions` defaults to `props.native`, where EcrCreateOnPush users put them. */
  constructor(scope: Construct, id: string, props: EcrCreateOnPushConfig = {}, nativeOptions: NativeOptions = props.native ?? {}) {
    super(scope, id);
    const config = resolveDefaults(props);
    const options = resolveNativeDefaults(nativeOptions);
    this.config = config;
    this.options = options;
    const issues = [...validateConfig(config), ...nativeIssues(config, options)];
    if (issues.length === 0) issues.push(...nativeNameIssues(config, options));
    if (issues.length > 0) throw new ConfigError(issues, this.node.path);
    warnNative(this, config, props);
    warnPrefixMeaning(this, config);

    if (needsCustomRole(carriedSettings(config), options.createdBy)) this.role = buildTemplatesRole(this, config, options);
    const common: CommonAttributes = { appliedFor: derive(APPLIED_FOR, options.appliedFor), description: asText(options.description), customRoleArn: this.role?.arn };
    const createdBy: Record<string, string> = options.createdBy === null ? {} : { [CREATED_BY_TAG]: options.createdBy };
    const { prefixes, templates } = derive(TEMPLATE_LAYOUT, config)(this, common, createdBy);
    this.templatePrefixes = prefixes;
    this.templates = templates;
    // Inputs given as Terraform values are checked at plan as Lambda mode checks them; on the first template, so
    // each problem is reported once (a for_each template would repeat it per instance: still refused).
    const preconditions = [...inputPreconditions(this, config), ...settingsPreconditions(this, config)];
    if (preconditions.length > 0) templates[0]!.lifecycle = { precondition: preconditions };

    if (options.blobMounting) {
      this.blobMounting = new EcrAccountSetting(this, "blob-mounting", { name: "BLOB_MOUNTING", value: "ENABLED" });
    }
    requireAwsProvider(this, nativeProviderMinimum(options));
    useProvider(this, config.provider);
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
 * from 5.100.0, which lacks the block, hence the override; written unless synth knows no mutability uses it.
 */
function addExclusionFilters(template: EcrRepositoryCreationTemplate, mayExclude: boolean, filters: readonly string[]): void {
  if (never(mayExclude)) return;
  const [path, blocks] = derive(EXCLUSION_FILTER_BLOCKS, filters);
  template.addOverride(path, blocks);
}

/** The blocks as an override path and its value: literal blocks, or one dynamic block over the filters. */
const EXCLUSION_FILTER_BLOCKS: Alternative<[filters: readonly string[]], [path: string, blocks: unknown]> = {
  inputs: (filters) => filters,
  literal: (filters) => ["image_tag_mutability_exclusion_filter", filters.map((filter) => ({ filter: asText(filter), filter_type: "WILDCARD" }))],
  terraform: (filters) => [
    "dynamic.image_tag_mutability_exclusion_filter",
    // The merged filters are already empty unless the mutability is *_WITH_EXCLUSION (mergeSettings' rule).
    { for_each: nestable(filters), content: { filter: interpolate(attr("image_tag_mutability_exclusion_filter", "value")), filter_type: "WILDCARD" } },
  ],
};

/** CREATE_ON_PUSH, which every template needs, and what the options add, each once. */
export const APPLIED_FOR: Derivation<[appliedFor: readonly string[]], string[]> = {
  inputs: (appliedFor) => appliedFor,
  literal: (appliedFor) => [...new Set(["CREATE_ON_PUSH", ...appliedFor])],
  terraform: (appliedFor) => Fn.distinct(Fn.concat([["CREATE_ON_PUSH"], appliedFor])) as string[],
};

/** What every template shares. */
interface CommonAttributes {
  readonly appliedFor: string[];
  readonly description: string;
  readonly customRoleArn?: string;
}

/** Builds the templates in `scope`. */
type TemplateLayout = (scope: Construct, common: CommonAttributes, createdBy: Record<string, string>) => { prefixes: string[]; templates: EcrRepositoryCreationTemplate[] };

/**
 * How the templates are built. Literal prefixes: one template resource per prefix, readable in cdk.tf.json.
 * Prefixes from a Terraform variable: one for_each resource over the prefix list, each template looking its
 * settings up by prefixSettings key.
 */
const TEMPLATE_LAYOUT: Alternative<[config: ResolvedConfig], TemplateLayout> = {
  inputs: (config) => config.managedRepoPrefixes,
  literal: (config) => {
    const specs = buildTemplates(config);
    return (scope, common, createdBy) => ({
      prefixes: specs.map((s) => s.prefix),
      templates: specs.map(({ prefix, settings: raw }) => {
        const settings = settingsAsText(raw);
        // "/" may not appear in a construct id, and "+" in no repository name, so distinct prefixes keep distinct ids.
        const template = new EcrRepositoryCreationTemplate(scope, `template-${prefix.replaceAll("/", "+")}`, { ...common, prefix, ...templateAttributes(settings, createdBy) });
        addExclusionFilters(template, endsWith(settings.imageTagMutability, "_WITH_EXCLUSION"), settings.imageTagMutabilityExclusionFilters);
        return template;
      }),
    });
  },
  terraform: (config) => {
    // Any key's settings, and the catch-all's, may end up in a template.
    const byKey = settingsByKey(config);
    return (scope, common, createdBy) => {
      const local = new TerraformLocal(scope, "template-settings", Object.fromEntries(Object.entries(byKey).map(([k, s]) => [k, settingsAsText(s)])));
      const prefixes = templatePrefixList(config);
      const byPrefix = TerraformIterator.fromList(prefixes).forExpressionForMap("val", index(hcl(local.expression), settingsKeyExpression(config, "val")));
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
      const template = new EcrRepositoryCreationTemplate(scope, "template", { ...common, forEach: each, prefix: each.key, ...templateAttributes(settings, createdBy) });
      const mayExclude = anyOf(Object.values(byKey).map((s) => endsWith(s.imageTagMutability, "_WITH_EXCLUSION")));
      addExclusionFilters(template, mayExclude, settings.imageTagMutabilityExclusionFilters);
      return { prefixes, templates: [template] };
    };
  },
};
