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

/**
 * Makes ECR create repositories on push, from one configuration, in either mode: `lambda` (an EventBridge rule on
 * failed pushes and a function that creates the repository) or `native` (ECR's CREATE_ON_PUSH repository creation
 * templates). Every input is validated before any resource exists; all problems are reported at once.
 */
export class EcrCreateOnPush extends Construct {
  readonly mode: Mode;
  /** The Lambda-mode resources; undefined in native mode. */
  readonly lambda?: EcrLambdaCreateOnPush;
  /** The native-mode templates and role; undefined in Lambda mode. */
  readonly native?: EcrNativeCreateOnPush;
  readonly config: ResolvedConfig;

  constructor(scope: Construct, id: string, props: EcrCreateOnPushConfig = {}) {
    super(scope, id);
    const config = resolveDefaults(props);
    this.config = config;
    const modeProblems = modeIssues(config);
    if (modeProblems.length > 0) throw new ConfigError(modeProblems, this.node.path);
    this.mode = config.mode as Mode;
    const issues: ConfigIssue[] = validateConfig(config);
    if (this.mode === "native") issues.push(...nativeIssues(config, resolveNativeDefaults(config.native)));
    // Only valid input is worth the handler's reading; it would repeat what validateConfig already said.
    if (issues.length === 0) issues.push(...handlerIssues(config));
    // Sizes and names are measured only on valid input; a bad value would make the measurement itself fail.
    if (issues.length === 0) issues.push(...(this.mode === "lambda" ? EcrLambdaCreateOnPush.issues(config) : nativeNameIssues(config, resolveNativeDefaults(config.native))));
    if (issues.length === 0) issues.push(...claimNames(this, config.provider, this.mode === "lambda" ? lambdaClaims(config) : nativeClaims(config)));
    if (issues.length > 0) throw new ConfigError(issues, this.node.path);
    if (this.mode === "native") this.native = new EcrNativeCreateOnPush(this, "native", props, config.native);
    else this.lambda = new EcrLambdaCreateOnPush(this, "lambda", config);
    useProvider(this, config.provider);
  }
}
