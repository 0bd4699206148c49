import { Construct } from "constructs";
import { type EcrCreateOnPushConfig, type ResolvedConfig, resolveDefaults } from "./config";
import { ConfigError, type ConfigIssue } from "./errors";
import { EcrLambdaCreateOnPush } from "./lambda-mode";
import { EcrNativeCreateOnPush } from "./native";
import { resolveNativeDefaults } from "./native-options";
import { nativeIssues } from "./native-checks";
import { buildTemplates } from "./native-templates";
import { claimNames, type NameClaim, useProvider } from "./provider";
import { isLiteral } from "./tokens";
import { handlerIssues } from "./handler-check";
import { validateConfig } from "./validate";

const MODES = ["lambda", "native"] as const;

/**
 * Makes ECR create repositories on push, from one configuration, in either mode: `lambda` (an EventBridge rule on
 * failed pushes and a function that creates the repository) or `native` (ECR's CREATE_ON_PUSH repository creation
 * templates). Every input is validated before any resource exists; all problems are reported at once.
 */
export class EcrCreateOnPush extends Construct {
  readonly mode: "lambda" | "native";
  /** The Lambda-mode resources; undefined in native mode. */
  readonly lambda?: EcrLambdaCreateOnPush;
  /** The native-mode templates and role; undefined in Lambda mode. */
  readonly native?: EcrNativeCreateOnPush;
  readonly config: ResolvedConfig;

  constructor(scope: Construct, id: string, props: EcrCreateOnPushConfig = {}) {
    super(scope, id);
    const config = resolveDefaults(props);
    this.config = config;
    if (!isLiteral(config.mode) || !(MODES as readonly string[]).includes(config.mode)) {
      throw new ConfigError([{ code: "mode.invalid", input: "mode", message: `mode: ${JSON.stringify(config.mode)} is invalid; use "lambda" or "native" (a literal: it decides which resources exist)` }], this.node.path);
    }
    this.mode = config.mode;
    const issues: ConfigIssue[] = validateConfig(config);
    if (this.mode === "native") issues.push(...nativeIssues(config, resolveNativeDefaults(config.native)));
    // Only valid input is worth the handler's reading; it would repeat what validateConfig already said.
    if (issues.length === 0) issues.push(...handlerIssues(config));
    // Sizes are measured only on valid input; a bad value would make the measurement itself fail.
    if (issues.length === 0 && this.mode === "lambda") issues.push(...EcrLambdaCreateOnPush.issues(config));
    if (issues.length === 0) issues.push(...claimNames(this, config.provider, this.mode === "lambda" ? lambdaClaims(config) : nativeClaims(config)));
    if (issues.length > 0) throw new ConfigError(issues, this.node.path);
    if (this.mode === "native") this.native = new EcrNativeCreateOnPush(this, "native", props, config.native);
    else this.lambda = new EcrLambdaCreateOnPush(this, "lambda", config);
    useProvider(this, config.provider);
  }
}

function lambdaClaims(config: ResolvedConfig): NameClaim[] {
  const name = isLiteral(config.name) ? `"${config.name}-<region>"` : '"<name>-<region>"';
  return [{ input: "name", what: `the function, role, log group and rule named ${name}`, key: `lambda\0${config.name}` }];
}

/** ECR keeps one creation template per prefix and one BLOB_MOUNTING setting per registry. */
function nativeClaims(config: ResolvedConfig): NameClaim[] {
  const prefixes = isLiteral(config.managedRepoPrefixes) && isLiteral(config.prefixSettings) ? buildTemplates(config).map((t) => t.prefix) : [];
  const claims: NameClaim[] = prefixes.map((prefix) => ({ input: "managedRepoPrefixes", what: `the repository creation template for prefix "${prefix}"`, key: `template\0${prefix}` }));
  if (config.native.blobMounting === true) claims.push({ input: "native.blobMounting", what: "the registry's BLOB_MOUNTING setting", key: "blob-mounting" });
  return claims;
}
