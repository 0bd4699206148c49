export { EcrCreateOnPush } from "./ecr-create-on-push";
// Types only: what EcrCreateOnPush's `lambda` holds, built only by EcrCreateOnPush after validating its input.
export type { EcrLambdaCreateOnPush } from "./lambda-mode";
export { EcrNativeCreateOnPush, type NativeOptions, type ResolvedNativeOptions, NATIVE_PROVIDER_CONSTRAINT, NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT, nativeProviderConstraint } from "./native";
export { type EcrCreateOnPushConfig, type ResolvedConfig, type Architecture, type NodejsRuntime, DEFAULT_LIFECYCLE_POLICY } from "./config";
export { ConfigError, EcrCreateOnPushError, BundleError, type ConfigIssue } from "./errors";
export { EcrCreateOnPushStack, type StackOptions, AWS_PROVIDER_CONSTRAINT } from "./stacks";
// Where `cdktf deploy` of these stacks keeps state, from ECOP_* variables (README, "Deploying from this repository").
export { stateBackend, type StateBackend } from "./backend";
export { ParadigmCompatibleStack, AwsSampleCompatibleStack } from "./compat-stacks";
export type { ImageTagMutability, EncryptionType } from "../handler/ecr-model";
export type { PrefixSettings, RepositorySettings } from "../handler/function-config";
