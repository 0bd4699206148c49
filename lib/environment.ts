import { gzipSync } from "node:zlib";
import { Fn, Op } from "cdktf";
import { COMPRESS_OVER_CHARS, ENV, type RepositorySettings } from "../handler/contract";
import { catchAllSettings, type ResolvedConfig } from "./config";
import type { ConfigIssue } from "./errors";
import { choose, isLiteral, jsonText, nestable } from "./tokens";

/** Lambda's limit on all of a function's environment variables together, keys included (AWS-FACTS §6). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

/** The handler's configuration by variable (handler/contract.ts), as values not yet encoded. */
function environmentValues(config: ResolvedConfig): Record<string, unknown> {
  const settings = catchAllSettings(config);
  return {
    [ENV.allowedPrefixes]: nestable(config.managedRepoPrefixes),
    [ENV.eventNames]: nestable(config.eventNames),
    [ENV.repositorySettings]: Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, nestable(v)])) as unknown as RepositorySettings,
    [ENV.prefixSettings]: nestable(config.prefixSettings),
  };
}

/**
 * The function's environment: one JSON value per variable, readable in `terraform plan`; a value longer than
 * COMPRESS_OVER_CHARS is stored as Terraform's base64gzip of it, so 200 prefixes or a long policy still fit.
 */
export function buildEnvironment(config: ResolvedConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentValues(config)).map(([name, value]) => {
      if (isLiteral(value)) {
        const text = JSON.stringify(value);
        return [name, text.length > COMPRESS_OVER_CHARS ? Fn.base64gzip(Fn.jsonencode(value)) : jsonText(value)];
      }
      const text = Fn.jsonencode(value);
      return [name, choose(Op.gt(Fn.lengthOf(text), COMPRESS_OVER_CHARS), Fn.base64gzip(text), text)];
    }),
  );
}

/** Size as Lambda counts it, keys and values in bytes, for a literal config; undefined while a value is a token. */
export function environmentBytes(config: ResolvedConfig): number | undefined {
  const values = environmentValues(config);
  if (!isLiteral(values)) return undefined;
  return Object.entries(values).reduce((sum, [name, value]) => {
    const text = JSON.stringify(value);
    // Go's gzip (Terraform) and zlib differ by a few bytes at most; the limit check keeps a margin for that.
    const stored = text.length > COMPRESS_OVER_CHARS ? gzipSync(text).toString("base64") : text;
    return sum + Buffer.byteLength(name) + Buffer.byteLength(stored);
  }, 0);
}

/**
 * Plan-time form of the same check, for values only Terraform knows: their stored lengths against what the
 * literal values leave. Undefined when every value is literal (then synth has measured it).
 */
export function environmentFits(environment: Record<string, string>): boolean | undefined {
  const tokens = Object.values(environment).filter((v) => !isLiteral(v));
  if (tokens.length === 0) return undefined;
  const known = Object.entries(environment).reduce((sum, [k, v]) => sum + k.length + (isLiteral(v) ? v.replaceAll("$${", "${").length : 0), 0);
  return Op.lte(Fn.sum(tokens.map((v) => Fn.lengthOf(v))), ENVIRONMENT_LIMIT_BYTES - known) as unknown as boolean;
}

export function environmentIssues(config: ResolvedConfig): ConfigIssue[] {
  const bytes = environmentBytes(config);
  // 32 bytes of margin for the difference between Go's gzip and zlib's.
  if (bytes === undefined || bytes <= ENVIRONMENT_LIMIT_BYTES - 32) return [];
  return [
    {
      code: "environment.too-large",
      input: "managedRepoPrefixes",
      message: `managedRepoPrefixes, prefixSettings, repoLifecyclePolicy, repoPolicy: the function's configuration takes ${bytes} bytes even compressed, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte environment limit; use fewer prefixes (a parent namespace covers its children) or shorter policies`,
    },
  ];
}
