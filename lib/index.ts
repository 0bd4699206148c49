export { EcrCreateOnPush } from "./ecr-create-on-push";
export { type EcrCreateOnPushConfig, DEFAULT_LIFECYCLE_POLICY } from "./config";
export { ConfigError, EcrCreateOnPushError, BundleError, type ConfigIssue } from "./errors";
export type { PrefixSettings, RepositorySettings } from "../handler/contract";
