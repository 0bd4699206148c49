/**
 * The synth-time checks that decide which mode's resources exist and what they claim: the mode must be a literal,
 * and the names each mode takes (lib/provider.ts claimNames) must not clash with another instance's.
 */
import type { ResolvedConfig } from "./config";
import type { ConfigIssue } from "./errors";
import { buildTemplates } from "./native-templates";
import type { NameClaim } from "./provider";
import { isLiteral } from "./tokens";

/** The two ways to create on push: an EventBridge rule and a Lambda function, or ECR's own templates. */
export const MODES = ["lambda", "native"] as const;
export type Mode = (typeof MODES)[number];

export function modeIssues(config: ResolvedConfig): ConfigIssue[] {
  if (isLiteral(config.mode) && (MODES as readonly string[]).includes(config.mode)) return [];
  return [{ code: "mode.invalid", input: "mode", message: `mode: ${JSON.stringify(config.mode)} is invalid; use "lambda" or "native" (a literal: it decides which resources exist)` }];
}

export function lambdaClaims(config: ResolvedConfig): NameClaim[] {
  const name = isLiteral(config.name) ? `"${config.name}-<region>"` : '"<name>-<region>"';
  return [{ input: "name", what: `the function, role, log group and rule named ${name}`, key: `lambda\0${config.name}` }];
}

/** ECR keeps one creation template per prefix and one BLOB_MOUNTING setting per registry. */
export function nativeClaims(config: ResolvedConfig): NameClaim[] {
  const prefixes = isLiteral(config.managedRepoPrefixes) && isLiteral(config.prefixSettings) ? buildTemplates(config).map((t) => t.prefix) : [];
  const claims: NameClaim[] = prefixes.map((prefix) => ({ input: "managedRepoPrefixes", what: `the repository creation template for prefix "${prefix}"`, key: `template\0${prefix}` }));
  if (config.native.blobMounting === true) claims.push({ input: "native.blobMounting", what: "the registry's BLOB_MOUNTING setting", key: "blob-mounting" });
  return claims;
}
