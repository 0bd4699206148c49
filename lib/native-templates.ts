/**
 * Pure synth-time logic of native mode: which repository creation templates exist and what each carries.
 * The merge rules are the handler's (handler/settings.ts); this file only decides which template a name gets.
 */
import { Fn, TerraformIterator, Token } from "./framework";
import type { PrefixSettings, RepositorySettings } from "../handler/function-config";
import { mostSpecificPrefix, normalizePrefix } from "../handler/repository-names";
import { mergeSettings } from "../handler/settings";
import { catchAllSettings, type ResolvedConfig } from "./config";
import { anyOf, asText, choose, type Alternative, type Derivation, derive, endsWith, equals, hasItems, hcl, mergeMaps, nestable, never } from "./tokens";
import { barePrefix, call, eq, forList, index, or, startswith, str, tryOr } from "./hcl";

/** ECR's prefix for "every repository no other template covers" (AWS-FACTS §8). */
export const ROOT_PREFIX = "ROOT";

/** What a template carries: a repository's settings minus scan on push, which templates do not have. */
export type TemplateSettings = Omit<RepositorySettings, "scanOnPush">;

export interface TemplateSpec {
  /** The template's prefix: a namespace without its trailing "/", or ROOT. */
  readonly prefix: string;
  readonly settings: TemplateSettings;
}

/** prefixSettings keyed by normalised prefix; the handler refuses "team" and "team/" together, native validation too. */
function normalizedOverrides(config: ResolvedConfig): Map<string, PrefixSettings> {
  return new Map(Object.entries(config.prefixSettings).map(([prefix, override]) => [normalizePrefix(prefix), override]));
}

/**
 * The templates for literal prefixes: every allowed prefix (ROOT when none is configured, as the handler then
 * allows every name) plus every prefixSettings key, which validation keeps inside the allowed prefixes.
 *
 * Each template carries what the handler would apply to a name directly under its prefix. That is also what it
 * applies to every name the template covers, provided ECR picks the longest matching prefix, because every
 * prefixSettings key is a template of its own. "Longest wins" is UNCONFIRMED for ECR (AWS-FACTS §8): the
 * prefix docs say only that a trailing "/" is implied and that ROOT covers what no other template does.
 */
export function buildTemplates(config: ResolvedConfig): TemplateSpec[] {
  const overrides = normalizedOverrides(config);
  const keys = [...overrides.keys()];
  const managed = config.managedRepoPrefixes.map(normalizePrefix);
  const prefixes = [...new Set([...(managed.length === 0 ? [ROOT_PREFIX] : managed), ...keys])].sort();
  return prefixes.map((prefix) => {
    const settingsKey = prefix === ROOT_PREFIX ? undefined : overrides.has(prefix) ? prefix : mostSpecificPrefix(prefix, keys);
    return { prefix, settings: templateSettings(config, settingsKey === undefined ? {} : overrides.get(settingsKey)!) };
  });
}

/** The catch-all settings with one prefix's overrides, as a template carries them. */
const templateSettings = (config: ResolvedConfig, override: PrefixSettings): TemplateSettings => derive(TEMPLATE_SETTINGS, catchAllSettings(config), override);

/** Literal: the handler's own mergeSettings. With tokens, the same rules, decided by Terraform where a value is only known at plan time. */
export const TEMPLATE_SETTINGS: Derivation<[defaults: RepositorySettings, override: PrefixSettings], TemplateSettings> = {
  inputs: (defaults, override) => [defaults, override],
  literal: (defaults, override) => {
    const { scanOnPush: _scan, ...settings } = mergeSettings(defaults, override);
    return settings;
  },
  terraform: (defaults, override) => {
    const pick = <K extends keyof TemplateSettings>(key: K): TemplateSettings[K] => (override[key] ?? defaults[key]) as TemplateSettings[K];
    const policy = (key: "lifecyclePolicy" | "repositoryPolicy") => (override[key] === "" ? null : pick(key));
    const mutability = pick("imageTagMutability");
    const encryptionType = pick("encryptionType");
    return {
      imageTagMutability: mutability,
      imageTagMutabilityExclusionFilters: choose(endsWith(mutability, "_WITH_EXCLUSION"), nestable(pick("imageTagMutabilityExclusionFilters")), []),
      encryptionType,
      kmsKey: choose(equals(encryptionType, "KMS"), pick("kmsKey"), Token.nullValue() as unknown as null),
      lifecyclePolicy: policy("lifecyclePolicy"),
      repositoryPolicy: policy("repositoryPolicy"),
      tags: mergeMaps(defaults.tags as Record<string, string>, (override.tags ?? {}) as Record<string, string>),
    };
  },
};

/**
 * The templates' prefixes when managedRepoPrefixes is a token (prefixSettings must then be literal): a
 * Terraform list, so a .tfvars list decides how many templates exist.
 */
export function templatePrefixList(config: ResolvedConfig): string[] {
  const keys = [...normalizedOverrides(config).keys()].sort();
  const managed = config.managedRepoPrefixes;
  const bare = TerraformIterator.fromList(managed).forExpressionForList(barePrefix("val"));
  return choose(hasItems(managed), Fn.distinct(Fn.concat([nestable(bare), keys])), [ROOT_PREFIX, ...keys]);
}

/**
 * A Terraform expression naming the prefixSettings key whose settings apply to the template prefix in `variable`:
 * the longest key equal to it or a parent of it, else ROOT. Keys are literal, so they are sorted longest first here.
 */
export function settingsKeyExpression(config: ResolvedConfig, variable: string): string {
  const keys = [...normalizedOverrides(config).keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return tryOr(index(forList("k", hcl(keys), "k", or(eq(variable, "k"), startswith(variable, call("format", str("%s/"), "k")))), 0), hcl(ROOT_PREFIX));
}

/**
 * Each distinct settings a template can carry, keyed by prefixSettings key (ROOT: the catch-all settings).
 * Prefixes are lowercase, so ROOT cannot clash with a key.
 */
export function settingsByKey(config: ResolvedConfig): Record<string, TemplateSettings> {
  const entries = [...normalizedOverrides(config)].map(([key, override]) => [key, templateSettings(config, override)] as const);
  return Object.fromEntries([[ROOT_PREFIX, templateSettings(config, {})], ...entries]);
}

/**
 * The settings the templates may carry: each template's for literal prefixes; with prefixes from a variable, any
 * key's and the catch-all's, since any may end up in a template.
 */
export const carriedSettings = (config: ResolvedConfig): TemplateSettings[] => derive(CARRIED_SETTINGS, config);
const CARRIED_SETTINGS: Alternative<[config: ResolvedConfig], TemplateSettings[]> = {
  inputs: (config) => config.managedRepoPrefixes,
  literal: (config) => buildTemplates(config).map((s) => s.settings),
  terraform: (config) => Object.values(settingsByKey(config)),
};

/** Whether some template sets resource tags or KMS, so ECR's service-linked role is not enough (AWS-FACTS §8). */
export function needsCustomRole(settings: readonly TemplateSettings[], createdBy: string | null): boolean {
  if (createdBy !== null) return true;
  // Unless synth knows no template needs one: a role that turns out unused costs nothing, a missing one fails every creation.
  return settings.some((s) => !never(anyOf([hasItems(s.tags), equals(s.encryptionType, "KMS")])));
}

/** Template settings with every literal string kept as text. */
export function settingsAsText(s: TemplateSettings): TemplateSettings {
  return {
    ...s,
    lifecyclePolicy: asText(s.lifecyclePolicy),
    repositoryPolicy: asText(s.repositoryPolicy),
    tags: asText(s.tags),
  };
}
