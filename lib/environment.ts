import { gzipSync } from "node:zlib";
import { Fn, Op, TerraformLocal } from "./framework";
import type { Construct } from "constructs";
import { COMPRESS_OVER_CHARS, ENV, GZIP_BASE64_MAGIC, METRICS_NAMESPACE_ENV, type RepositorySettings } from "../handler/function-config";
import { catchAllSettings, type ResolvedConfig } from "./config";
import { DEFAULT_PREFIX_MATCH } from "../handler/repository-names";
import { type Alternative, asText, choose, type Derivation, derive, forFunctions, isSet, mergeMaps, nestable } from "./tokens";
import { asTemplateText } from "./hcl";

/** The handler's configuration by variable (handler/function-config.ts), as values not yet encoded. */
export function environmentValues(config: ResolvedConfig): Record<string, unknown> {
  const settings = catchAllSettings(config);
  return {
    [ENV.allowedPrefixes]: nestable(config.managedRepoPrefixes),
    [ENV.eventNames]: nestable(config.eventNames),
    [ENV.repositorySettings]: Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, nestable(v)])) as unknown as RepositorySettings,
    [ENV.prefixSettings]: nestable(config.prefixSettings),
    [ENV.allowedPusherAccounts]: nestable(config.allowedPusherAccounts),
  };
}

/**
 * PREFIX_MATCH as plain text, only where it is not the default, so stacks of the namespace meaning keep the
 * environment they had. Always a literal (a stack chooses it), so it needs no Terraform encoding.
 */
function prefixMatchVariable(config: Pick<ResolvedConfig, "prefixMatch">): Record<string, string> {
  return config.prefixMatch === DEFAULT_PREFIX_MATCH ? {} : { [ENV.prefixMatch]: config.prefixMatch };
}

/**
 * Variables held as plain text, not JSON, as the size checks count them: PREFIX_MATCH when not the default, and
 * the metrics namespace, only when given ("" stands for a Terraform value that may be null).
 */
export function plainValues(config: Pick<ResolvedConfig, "metricsNamespace" | "prefixMatch">): Record<string, string> {
  const namespace = config.metricsNamespace;
  if (namespace === null) return prefixMatchVariable(config);
  return { ...prefixMatchVariable(config), [METRICS_NAMESPACE_ENV]: choose(isSet(namespace), namespace, "") };
}

/** The function's variables: the stored configuration, PREFIX_MATCH when not the default, and METRICS_NAMESPACE only when a namespace is given. */
export function functionVariables(environment: Record<string, string>, config: Pick<ResolvedConfig, "metricsNamespace" | "prefixMatch">): Record<string, string> {
  return mergeMaps({ ...environment, ...prefixMatchVariable(config) }, derive(NAMESPACE_VARIABLE, config.metricsNamespace));
}

/** The namespace as a one-variable map; from a Terraform value, a map Terraform leaves empty when it is null. */
export const NAMESPACE_VARIABLE: Alternative<[namespace: string | null], Record<string, string>> = {
  inputs: (namespace) => namespace,
  literal: (namespace): Record<string, string> => (namespace === null ? {} : { [METRICS_NAMESPACE_ENV]: asText(namespace) }),
  // tomap on both sides: a conditional between objects of different attributes is a type error in Terraform.
  terraform: (namespace) => choose(isSet(namespace), Fn.tomap({ [METRICS_NAMESPACE_ENV]: namespace }), Fn.tomap({})) as unknown as Record<string, string>,
};

/** How a literal value is stored: its JSON, or base64 of its gzip when longer than COMPRESS_OVER_CHARS. */
export function stored(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > COMPRESS_OVER_CHARS ? gzipSync(text).toString("base64") : text;
}

/**
 * The function's environment: one JSON value per variable, readable in `terraform plan`; a value longer than
 * COMPRESS_OVER_CHARS is stored gzipped (base64), so 200 prefixes or a long policy still fit. Literal values are
 * encoded now; a value holding tokens is encoded by Terraform, once, in a local of `scope`.
 */
export function buildEnvironment(scope: Construct, config: ResolvedConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(environmentValues(config)).map(([name, value]) => [name, derive(STORED_VALUE, scope, name, value)]));
}

/** One variable's value as Lambda holds it. The Terraform half keeps the JSON in a local, so it is encoded once. */
export const STORED_VALUE: Derivation<[scope: Construct, name: string, value: unknown], string> = {
  inputs: (_scope, _name, value) => value,
  literal: (_scope, _name, value) => {
    const text = stored(value);
    return text.startsWith(GZIP_BASE64_MAGIC) ? text : asTemplateText(text);
  },
  terraform: (scope, name, value) => {
    const text = new TerraformLocal(scope, `environment-${name}`, Fn.jsonencode(forFunctions(value))).asString;
    return choose(Op.gt(Fn.lengthOf(text), COMPRESS_OVER_CHARS), Fn.base64gzip(text), text);
  },
};
