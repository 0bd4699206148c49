/**
 * The reliability harness: the real handler and the real @aws-sdk/client-ecr against the local ECR server,
 * invoked the way Lambda's async delivery does (lambda-delivery.ts), plus the checks every suite here shares:
 * which calls wrote to ECR, and whether a repository has every setting it should.
 */
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type { ECRClient } from "@aws-sdk/client-ecr";
import { createEcrClient } from "../../handler/act";
import { CREATED_BY_TAG } from "../../handler/function-config";
import { createHandler, type LambdaContext } from "../../handler/handle";
import { loadSettings } from "../../handler/settings";
import { startEcrServer, type EcrServer } from "../support/ecr-server";
import { ACCOUNT, CONTEXT, DEFAULT_SETTINGS, FUNCTION_NAME, REGION, handlerEnv, memoryLogger } from "../support/handler-fixtures";
import { type AsyncInvokeConfig, type Delivery, deliverAsync } from "./lambda-delivery";

/** The namespaces every reliability suite manages; the IAM suite plans the same ones. */
export const PREFIXES = ["team-a", "platform/tools"] as const;
export const KMS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/0d1e2f30-4152-4637-8899-aabbccddeeff";
/** SDK attempts per call (first try included), as in production. */
export const SDK_ATTEMPTS = 3;

/** Calls that only read. Everything else the server sees counts as a write. */
export const READ_OPERATIONS = new Set(["DescribeRepositories", "ListTagsForResource", "GetLifecyclePolicy", "GetRepositoryPolicy"]);

export { FAKE_CREDENTIALS_ENV as FAKE_CREDENTIALS } from "../integration/support";

export const HANDLER_ENV = handlerEnv({ allowedPrefixes: [...PREFIXES], prefixSettings: { "platform/tools": { encryptionType: "KMS", kmsKey: KMS_KEY } } });
export const SETTINGS = loadSettings(HANDLER_ENV);

export interface HarnessOptions {
  /** The SDK's per-attempt timeout. */
  readonly requestTimeoutMs?: number;
  /** Real milliseconds before a simulated invocation counts as timed out (Lambda's function timeout). */
  readonly functionTimeoutMs?: number;
}

export interface Harness {
  readonly server: EcrServer;
  readonly log: ReturnType<typeof memoryLogger>;
  readonly ecr: ECRClient;
  /** One plain invocation at event age 0. */
  invoke(event: unknown, context?: LambdaContext): Promise<unknown>;
  /** One event through Lambda's async retries; `client` replaces the shared client for an attempt. */
  deliver(event: unknown, config: AsyncInvokeConfig, client?: (attempt: number) => ECRClient, backlogSeconds?: number): Promise<Delivery>;
  /** A fresh client, as after a cold start. */
  newClient(): ECRClient;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const server = await startEcrServer({ account: ACCOUNT, region: REGION });
  const clients: ECRClient[] = [];
  const newClient = () => {
    const client = createEcrClient({
      endpoint: server.url,
      // Production's standard retries, with millisecond back-off so storms take milliseconds here.
      retryStrategy: new ConfiguredRetryStrategy(SDK_ATTEMPTS, (attempt) => 2 * attempt),
      // One client carries a whole burst (300 requests queued for its sockets) while the Terraform suites load
      // the CPU: production's 1 s connection timeout then failed calls before they reached the server.
      requestHandler: { connectionTimeout: options.requestTimeoutMs ?? 5_000, requestTimeout: options.requestTimeoutMs ?? 5_000, throwOnRequestTimeout: true },
    });
    clients.push(client);
    return client;
  };
  const ecr = newClient();
  const log = memoryLogger();
  const handlerAt = (ageMs: number, client: ECRClient) => createHandler({ settings: SETTINGS, ecr: client, log, now: () => Date.now() + ageMs });
  return {
    server,
    log,
    ecr,
    newClient,
    invoke: (event, context = CONTEXT) => handlerAt(0, ecr)(event, context),
    deliver: (event, config, client, backlogSeconds = 0) =>
      deliverAsync(({ attempt, ageMs }) => handlerAt(ageMs, client?.(attempt) ?? ecr)(structuredClone(event), CONTEXT), config, {
        functionTimeoutMs: options.functionTimeoutMs ?? 10_000,
        backlogSeconds,
      }),
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
    },
  };
}

/** Calls that changed (or could have changed) ECR. */
export const writes = (server: EcrServer) => server.calls.filter((call) => !READ_OPERATIONS.has(call.operation));

/** Names a call was about, from its body. */
export const callTarget = (body: unknown): string | undefined => {
  const record = (body ?? {}) as Record<string, unknown>;
  if (typeof record.repositoryName === "string") return record.repositoryName;
  if (typeof record.resourceArn === "string") return record.resourceArn.split(":repository/")[1];
  if (Array.isArray(record.repositoryNames) && record.repositoryNames.length === 1) return String(record.repositoryNames[0]);
  return undefined;
};

/**
 * What a repository lacks compared with the settings the handler would give it: every creation-time setting,
 * the lifecycle and repository policy, and our tags. An empty list means fully configured.
 */
export function missingSettings(server: EcrServer, name: string): string[] {
  const repository = server.repositories.get(name);
  if (!repository) return ["does not exist"];
  const prefix = name.startsWith("platform/tools/") ? { encryptionType: "KMS", kmsKey: KMS_KEY } : { encryptionType: "AES256", kmsKey: undefined };
  const expected: Record<string, unknown> = {
    imageTagMutability: DEFAULT_SETTINGS.imageTagMutability,
    scanOnPush: DEFAULT_SETTINGS.scanOnPush,
    encryptionType: prefix.encryptionType,
    kmsKey: prefix.kmsKey,
    lifecyclePolicy: DEFAULT_SETTINGS.lifecyclePolicy,
    repositoryPolicy: DEFAULT_SETTINGS.repositoryPolicy,
    [`tags.${CREATED_BY_TAG}`]: FUNCTION_NAME,
    ...Object.fromEntries(Object.entries(DEFAULT_SETTINGS.tags).map(([key, value]) => [`tags.${key}`, value])),
  };
  const actual = (field: string): unknown => (field.startsWith("tags.") ? repository.tags[field.slice(5)] : (repository as unknown as Record<string, unknown>)[field]);
  return Object.entries(expected)
    .filter(([field, value]) => actual(field) !== value)
    .map(([field, value]) => `${field} is ${JSON.stringify(actual(field))}, expected ${JSON.stringify(value)}`);
}

/** Fully configured or not, for every name; with the names the registry holds that nobody asked for. */
export function audit(server: EcrServer, names: readonly string[]): { incomplete: Record<string, string[]>; unexpected: string[] } {
  const incomplete = Object.fromEntries(names.map((name) => [name, missingSettings(server, name)]).filter(([, problems]) => problems.length > 0));
  const unexpected = [...server.repositories.keys()].filter((name) => !names.includes(name));
  return { incomplete, unexpected };
}
