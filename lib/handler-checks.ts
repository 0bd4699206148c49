import { ENV } from "../handler/function-config";
import { ConfigError as HandlerConfigError } from "../handler/errors";
import { loadSettings } from "../handler/settings";
import type { ResolvedConfig } from "./config";
import { literalEnvironment } from "./environment-checks";
import type { ConfigIssue } from "./errors";
import { FUNCTION_NAME, SHORTEST_REGION } from "./resource-names";

/** The construct input behind each environment variable, for messages in the user's terms. */
const INPUTS: Record<string, string> = {
  [ENV.allowedPrefixes]: "managedRepoPrefixes",
  [ENV.eventNames]: "eventNames",
  [ENV.repositorySettings]: "imageTagMutability, repoLifecyclePolicy, repoPolicy, repoTags, encryptionType, kmsKey",
  [ENV.prefixSettings]: "prefixSettings",
  [ENV.allowedPusherAccounts]: "allowedPusherAccounts",
  [ENV.prefixMatch]: "prefixMatch",
};

/**
 * The handler's own reading of a literal config, at synth: what its settings parsing would refuse at cold start
 * (every event would then fail into the dead-letter queue) is refused here, with the handler's reason. The rules
 * live once, in handler/; validate.ts gives friendlier messages for the common cases first.
 */
export function handlerIssues(config: ResolvedConfig): ConfigIssue[] {
  const environment = literalEnvironment(config);
  if (!environment) return [];
  try {
    loadSettings({ ...environment, AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME.build(config.name, SHORTEST_REGION), AWS_REGION: SHORTEST_REGION });
    return [];
  } catch (error) {
    if (!(error instanceof HandlerConfigError)) throw error;
    const input = INPUTS[error.variable] ?? error.variable;
    return [{ code: "settings.refused-by-handler", input, message: `${input}: the function would refuse this configuration when it starts: ${error.message}` }];
  }
}
