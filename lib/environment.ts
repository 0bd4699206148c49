import { ENV, type RepositorySettings } from "../handler/contract";
import { catchAllSettings, type ResolvedConfig } from "./config";
import type { ConfigIssue } from "./errors";
import { isLiteral, jsonText, nestable } from "./tokens";

/** Lambda's limit on all of a function's environment variables together (AWS-FACTS §6). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

/** The handler's configuration as the function's environment (handler/contract.ts), one JSON value per variable. */
export function buildEnvironment(config: ResolvedConfig): Record<string, string> {
  const settings = catchAllSettings(config);
  const nested = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, nestable(v)])) as unknown as RepositorySettings;
  return {
    [ENV.allowedPrefixes]: jsonText(nestable(config.managedRepoPrefixes)),
    [ENV.eventNames]: jsonText(nestable(config.eventNames)),
    [ENV.repositorySettings]: jsonText(nested),
    [ENV.prefixSettings]: jsonText(nestable(config.prefixSettings)),
  };
}

/** Size as Lambda counts it: keys and values, in bytes. Undefined while any value is a token. */
export function environmentBytes(environment: Record<string, string>): number | undefined {
  if (!isLiteral(environment)) return undefined;
  // jsonText escaped "${" for Terraform; Lambda stores the unescaped text.
  return Object.entries(environment).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v.replaceAll("$${", "${")), 0);
}

export function environmentIssues(environment: Record<string, string>): ConfigIssue[] {
  const bytes = environmentBytes(environment);
  if (bytes === undefined || bytes <= ENVIRONMENT_LIMIT_BYTES) return [];
  return [
    {
      code: "environment.too-large",
      input: "prefixSettings",
      message: `prefixSettings: the function's configuration is ${bytes} bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte environment limit; shorten the policies or share settings between prefixes`,
    },
  ];
}
