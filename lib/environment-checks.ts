/**
 * The function's environment against Lambda's size limit: measured at synth for a literal config, and compared by
 * Terraform at plan for values only it knows.
 */
import { Fn, Op } from "./framework";
import type { ResolvedConfig } from "./config";
import { environmentValues, plainValues, stored } from "./environment";
import type { ConfigIssue } from "./errors";
import { fromTemplateText } from "./hcl";
import { isLiteral } from "./tokens";

/** Lambda's limit on all of a function's environment variables together, keys included (AWS-FACTS §6). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

/** The environment exactly as Lambda will hold it, for a literal config; undefined while a value is a token. */
export function literalEnvironment(config: ResolvedConfig): Record<string, string> | undefined {
  const values = environmentValues(config);
  const plain = plainValues(config);
  if (!isLiteral(values) || !isLiteral(plain)) return undefined;
  return { ...Object.fromEntries(Object.entries(values).map(([name, value]) => [name, stored(value)])), ...plain };
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
