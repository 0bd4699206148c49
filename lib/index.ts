export { EcrCreateOnPush } from "./ecr-create-on-push";
export { EcrNativeCreateOnPush, type NativeOptions, NATIVE_PROVIDER_CONSTRAINT, NATIVE_BLOB_MOUNTING_PROVIDER_CONSTRAINT, nativeProviderConstraint } from "./native";
export { type EcrCreateOnPushConfig, DEFAULT_LIFECYCLE_POLICY } from "./config";
export { ConfigError, EcrCreateOnPushError, BundleError, type ConfigIssue } from "./errors";
export { EcrCreateOnPushStack, AWS_PROVIDER_CONSTRAINT } from "./stacks";
export { ParadigmCompatibleStack, AwsSampleCompatibleStack } from "./compat-stacks";
export type { PrefixSettings, RepositorySettings } from "../handler/contract";
