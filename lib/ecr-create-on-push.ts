import { Construct } from "constructs";
import { type EcrCreateOnPushConfig, type ResolvedConfig, resolveDefaults } from "./config";
import { ConfigError, type ConfigIssue } from "./errors";
import { EcrLambdaCreateOnPush } from "./lambda-mode";
import { EcrNativeCreateOnPush } from "./native";
import { resolveNativeDefaults } from "./native-options";
import { nativeIssues, nativeNameIssues } from "./native-checks";
import { claimNames, useProvider } from "./provider";
import { lambdaClaims, type Mode, modeIssues, nativeClaims } from "./mode-checks";
import { handlerIssues } from "./handler-checks";
import { validateConfig } from "./validate";

/** The Lambda-mode resources when `M` is "lambda", undefined in native mode, either when the mode is not known. */
export type LambdaPart<M extends Mode> = M extends "lambda" ? EcrLambdaCreateOnPush : undefined;
/** The native-mode templates when `M` is "native", undefined in Lambda mode, either when the mode is not known. */
export type NativePart<M extends Mode> = M extends "native" ? EcrNativeCreateOnPush : undefined;

/**
 * Makes ECR create repositories on push, from one configuration, in either mode: `lambda` (an EventBridge rule on
 * failed pushes and a function that creates the repository) or `native` (ECR's CREATE_ON_PUSH repository creation
 * templates). Every input is validated before any resource exists; all problems are reported at once.
 *
 * `M` is the mode, inferred from a literal `mode` ("lambda" when it is left out), so that `lambda` or `native` is
 * typed as present: `new EcrCreateOnPush(this, "ecr", {}).lambda.function` needs no check. When the mode is only
 * known as `Mode`, both are optional.
 */
export class EcrCreateOnPush<M extends Mode = "lambda"> extends Construct {
  /** The mode the resources were built for. */
  readonly mode: M;
  /** The Lambda-mode resources (function, role, rule, log group, dead-letter queue, alarms); undefined in native mode. */
  readonly lambda: LambdaPart<M>;
  /** The native-mode templates, their role and the blob-mounting setting; undefined in Lambda mode. */
  readonly native: NativePart<M>;
  /** The inputs with every default filled in. */
  readonly config: ResolvedConfig;

  constructor(scope: Construct, id: string, props: EcrCreateOnPushConfig & { readonly mode?: M } = {}) {
    super(scope, id);
    const config = resolveDefaults(props);
    this.config = config;
    const modeProblems = modeIssues(config);
    if (modeProblems.length > 0) throw new ConfigError(modeProblems, this.node.path);
    this.mode = config.mode as M;
    const issues: ConfigIssue[] = validateConfig(config);
    if (this.mode === "native") issues.push(...nativeIssues(config, resolveNativeDefaults(config.native)));
    // Only valid input is worth the handler's reading; it would repeat what validateConfig already said.
    if (issues.length === 0) issues.push(...handlerIssues(config));
    // Sizes and names are measured only on valid input; a bad value would make the measurement itself fail.
    if (issues.length === 0) issues.push(...(this.mode === "lambda" ? EcrLambdaCreateOnPush.issues(config) : nativeNameIssues(config, resolveNativeDefaults(config.native))));
    if (issues.length === 0) issues.push(...claimNames(this, config.provider, this.mode === "lambda" ? lambdaClaims(config) : nativeClaims(config)));
    if (issues.length > 0) throw new ConfigError(issues, this.node.path);
    // The type parameter is the mode checked above, so each member holds what its type says.
    this.native = (this.mode === "native" ? new EcrNativeCreateOnPush(this, "native", props, config.native) : undefined) as NativePart<M>;
    this.lambda = (this.mode === "lambda" ? new EcrLambdaCreateOnPush(this, "lambda", config) : undefined) as LambdaPart<M>;
    useProvider(this, config.provider);
  }
}
