/**
 * Shared arrangement for handler tests: captured-looking events (cloned per use), the Lambda context of a
 * function in account 111122223333 / eu-west-1, and an environment like the one the construct writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RepositorySettings } from "../../handler/function-config";
import { DEFAULT_LIFECYCLE_POLICY } from "../../lib/config";
import type { DecisionEntry, Logger } from "../../handler/log";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const FUNCTION_NAME = "create-ecr-repo-eu-west-1";
export const CONTEXT = {
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`,
  awsRequestId: "5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5",
};

export type EventName =
  | "initiate-layer-upload-assumed-role"
  | "initiate-layer-upload-iam-user"
  | "initiate-layer-upload-web-identity"
  | "create-repository-succeeded";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const cache = new Map<EventName, Json>();

/** A fresh deep copy of a fixture event; tests may mutate it freely. */
export function loadEvent(name: EventName): Json {
  if (!cache.has(name)) {
    cache.set(name, JSON.parse(readFileSync(join(__dirname, "../fixtures/events", `${name}.json`), "utf8")));
  }
  return structuredClone(cache.get(name));
}

/** A push-failure event for `repositoryName`, otherwise the assumed-role fixture. */
export function pushEvent(repositoryName: string): Json {
  const event = loadEvent("initiate-layer-upload-assumed-role");
  event.detail.requestParameters.repositoryName = repositoryName;
  return event;
}

/** The construct's default (the Paradigm module's): what a created repository gets unless configured otherwise. */
export const LIFECYCLE_POLICY = DEFAULT_LIFECYCLE_POLICY;

export const REPOSITORY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "pull", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }],
});

export const DEFAULT_SETTINGS: RepositorySettings = {
  imageTagMutability: "IMMUTABLE",
  imageTagMutabilityExclusionFilters: [],
  scanOnPush: true,
  encryptionType: "AES256",
  kmsKey: null,
  lifecyclePolicy: LIFECYCLE_POLICY,
  repositoryPolicy: REPOSITORY_POLICY,
  tags: { team: "platform", "cost-center": "1234" },
};

export interface EnvOptions {
  readonly allowedPrefixes?: unknown;
  readonly eventNames?: unknown;
  readonly repositorySettings?: unknown;
  readonly prefixSettings?: unknown;
  readonly allowedPusherAccounts?: unknown;
}

/** The environment the construct would set, with JSON values. */
export function handlerEnv(options: EnvOptions = {}): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
    AWS_REGION: REGION,
    ALLOWED_PREFIXES: JSON.stringify(options.allowedPrefixes ?? ["team-a", "platform/"]),
    EVENT_NAMES: JSON.stringify(options.eventNames ?? ["InitiateLayerUpload"]),
    ALLOWED_PUSHER_ACCOUNTS: JSON.stringify(options.allowedPusherAccounts ?? []),
    REPOSITORY_SETTINGS: JSON.stringify(options.repositorySettings ?? DEFAULT_SETTINGS),
    PREFIX_SETTINGS: JSON.stringify(
      options.prefixSettings ?? {
        "team-a/payments": { imageTagMutability: "MUTABLE", encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-4152-4637-8899-aabbccddeeff", tags: { team: "payments" } },
        platform: { repositoryPolicy: "" },
      },
    ),
  };
}

/** A logger that keeps the entries for assertions. */
export function memoryLogger(): Logger & { entries: DecisionEntry[] } {
  const entries: DecisionEntry[] = [];
  return Object.assign((entry: DecisionEntry) => void entries.push(entry), { entries });
}
