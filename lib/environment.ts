import { gzipSync } from "node:zlib";
import { Fn, Op, TerraformLocal } from "./framework";
import type { Construct } from "constructs";
import { COMPRESS_OVER_CHARS, ENV, GZIP_BASE64_MAGIC, type RepositorySettings } from "../handler/function-config";
import { catchAllSettings, type ResolvedConfig } from "./config";
import { DEFAULT_PREFIX_MATCH } from "../handler/repository-names";
import { choose, type Derivation, derive, forFunctions, nestable } from "./tokens";
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
    // Only where it is not the default, so stacks of the namespace meaning keep the environment they had.
    ...(config.prefixMatch === DEFAULT_PREFIX_MATCH ? {} : { [ENV.prefixMatch]: config.prefixMatch }),
  };
}

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
