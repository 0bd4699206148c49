export { EcrCreateOnPush, type LambdaPart, type NativePart } from "./ecr-create-on-push";
export { type Mode, MODES } from "./mode-checks";
// Built by EcrCreateOnPush after validating its input (its `lambda`); exported for its type and its `issues` check.
export { EcrLambdaCreateOnPush } from "./lambda-mode";
export { type Alarms, type AlarmId, type AlarmSpec, type AlarmDimension, ALARM_ID_SUFFIX, ALARM_SPECS } from "./alarms";
export {
  EcrNativeCreateOnPush,
  type NativeOptions,
  type ResolvedNativeOptions,
  NATIVE_PROVIDER_CONSTRAINT,
  NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT,
  NATIVE_PROVIDER_MINIMUM,
  NATIVE_BLOB_MOUNTING_PROVIDER_MINIMUM,
  nativeProviderConstraint,
} from "./native";
export { type EcrCreateOnPushConfig, type ResolvedConfig, type Architecture, ARCHITECTURES, type NodejsRuntime, DEFAULT_LIFECYCLE_POLICY, type ApplicationLogLevel, APPLICATION_LOG_LEVELS, type SystemLogLevel, SYSTEM_LOG_LEVELS } from "./config";
export { ConfigError, EcrCreateOnPushError, BundleError, type ConfigIssue } from "./errors";
export { EcrCreateOnPushStack, type StackOptions, AWS_PROVIDER_CONSTRAINT } from "./stacks";
// Where `cdktf deploy` of these stacks keeps state, from ECOP_* variables (README, "Deploying from this repository").
export { stateBackend, type StateBackend } from "./backend";
export { ParadigmCompatibleStack, AwsSampleCompatibleStack } from "./compat-stacks";
export { type ImageTagMutability, IMAGE_TAG_MUTABILITIES, type EncryptionType, ENCRYPTION_TYPES } from "../handler/ecr-model";
export type { PrefixSettings, RepositorySettings } from "../handler/function-config";
export { type PrefixMatch, PREFIX_MATCHES } from "../handler/repository-names";
