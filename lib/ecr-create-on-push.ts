import { Construct } from "constructs";
import { type EcrCreateOnPushConfig, type ResolvedConfig, resolveDefaults } from "./config";
import { ConfigError, type ConfigIssue } from "./errors";
import { EcrLambdaCreateOnPush } from "./lambda-mode";
import { EcrNativeCreateOnPush } from "./native";
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
      throw new ConfigError([{ code: "mode.invalid", input: "mode", message: `mode: ${JSON.stringify(config.mode)} is invalid; use "lambda" or "native" (a literal: it decides which resources exist)` }]);
    }
    this.mode = config.mode;
    const shared = validateConfig(config);
    // Only valid input is worth the handler's reading; it would repeat what validateConfig already said.
    if (shared.length === 0) shared.push(...handlerIssues(config));
    if (this.mode === "native") {
      if (shared.length > 0) throw new ConfigError(shared);
      // The native construct validates the shared inputs too, with its own additions, and throws once.
      this.native = new EcrNativeCreateOnPush(this, "native", props, config.native);
      return;
    }
    const issues: ConfigIssue[] = shared;
    // Sizes are measured only on valid input; a bad value would make the measurement itself fail.
    if (issues.length === 0) issues.push(...EcrLambdaCreateOnPush.issues(config));
    if (issues.length > 0) throw new ConfigError(issues);
    this.lambda = new EcrLambdaCreateOnPush(this, "lambda", config);
  }
}
