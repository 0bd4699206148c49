import { gzipSync } from "node:zlib";
import { Fn, Op, TerraformLocal } from "./framework";
import type { Construct } from "constructs";
import { COMPRESS_OVER_CHARS, ENV, type RepositorySettings } from "../handler/function-config";
import { catchAllSettings, type ResolvedConfig } from "./config";
import type { ConfigIssue } from "./errors";
import { choose, forFunctions, isLiteral, jsonText, nestable } from "./tokens";
import { fromTemplateText } from "./hcl";

/** Lambda's limit on all of a function's environment variables together, keys included (AWS-FACTS §6). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

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

/** How a literal value is stored: its JSON, or base64 of its gzip when longer than COMPRESS_OVER_CHARS. */
function stored(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > COMPRESS_OVER_CHARS ? gzipSync(text).toString("base64") : text;
}

/**
 * The function's environment: one JSON value per variable, readable in `terraform plan`; a value longer than
 * COMPRESS_OVER_CHARS is stored gzipped (base64), so 200 prefixes or a long policy still fit. Literal values are
 * encoded now; a value holding tokens is encoded by Terraform, once, in a local of `scope`.
 */
export function buildEnvironment(scope: Construct, config: ResolvedConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentValues(config)).map(([name, value]) => {
      if (isLiteral(value)) {
        const text = stored(value);
        return [name, text.startsWith("H4sI") ? text : jsonText(value)];
      }
      const text = new TerraformLocal(scope, `environment-${name}`, Fn.jsonencode(forFunctions(value))).asString;
      return [name, choose(Op.gt(Fn.lengthOf(text), COMPRESS_OVER_CHARS), Fn.base64gzip(text), text)];
    }),
  );
}

/** The environment exactly as Lambda will hold it, for a literal config; undefined while a value is a token. */
export function literalEnvironment(config: ResolvedConfig): Record<string, string> | undefined {
  const values = environmentValues(config);
  if (!isLiteral(values)) return undefined;
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, stored(value)]));
}

/** Size as Lambda counts it, keys and values in bytes, for a literal config; undefined while a value is a token. */
export function environmentBytes(config: ResolvedConfig): number | undefined {
  const environment = literalEnvironment(config);
  if (!environment) return undefined;
  return Object.entries(environment).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
}

/**
 * Plan-time form of the same check, for values only Terraform knows: their stored lengths against what the
 * literal values leave. Undefined when every value is literal (then synth has measured it).
 */
export function environmentFits(environment: Record<string, string>): boolean | undefined {
  const tokens = Object.values(environment).filter((v) => !isLiteral(v));
  if (tokens.length === 0) return undefined;
  const known = Object.entries(environment).reduce((sum, [k, v]) => sum + k.length + (isLiteral(v) ? fromTemplateText(v).length : 0), 0);
  return Op.lte(Fn.sum(tokens.map((v) => Fn.lengthOf(v))), ENVIRONMENT_LIMIT_BYTES - known) as unknown as boolean;
}

export function environmentIssues(config: ResolvedConfig): ConfigIssue[] {
  const bytes = environmentBytes(config);
  if (bytes === undefined || bytes <= ENVIRONMENT_LIMIT_BYTES) return [];
  return [
    {
      code: "environment.too-large",
      input: "managedRepoPrefixes",
      message: `managedRepoPrefixes, prefixSettings, repoLifecyclePolicy, repoPolicy: the function's configuration takes ${bytes} bytes even compressed, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte environment limit; use fewer prefixes (a parent namespace covers its children) or shorter policies`,
    },
  ];
}
