/**
 * The only AWS calls, and the only file importing the ECR client. One round trip on the critical path:
 * CreateRepository carries every setting it can, so the docker retry finds the repository as soon as it
 * returns; the two policies follow concurrently. Every call made here must be in contract.ts ECR_ACTIONS.
 */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  type ECRClientConfig,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
} from "@aws-sdk/client-ecr";
import { CREATED_BY_TAG } from "./contract";
import type { CreatePlan, Plan } from "./decide";
import { EcrCallError } from "./errors";
import type { Decision, Logger } from "./log";

/**
 * How long after creation a repository carrying our created-by tag may still be completed. A retry after a
 * crash comes 1 then 2 minutes later only when a concurrency slot is free; behind a burst at the reserved
 * concurrency it waits in Lambda's queue for up to the maximum event age, 6 h (AWS-FACTS §6). A shorter window
 * left such a repository without its policies while the event counted as handled
 * (__tests__/reliability/faults.test.ts). Anything older may have been changed by a person since, so it is
 * never touched.
 */
export const HEAL_WINDOW_MS = (21_600 + 15 * 60) * 1000;

export function createEcrClient(config: ECRClientConfig = {}): ECRClient {
  return new ECRClient({
    // Standard retries (throttling, 5xx, timeouts) with the SDK's back-off; then we throw and Lambda retries.
    maxAttempts: 3,
    // Without timeouts a stuck connection would hold the function until Lambda kills it; without
    // throwOnRequestTimeout this SDK only warns when requestTimeout passes.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
    ...config,
  });
}

export interface ActDeps {
  readonly ecr: ECRClient;
  readonly log: Logger;
  readonly now: () => number;
  readonly requestId?: string | undefined;
  readonly healWindowMs?: number;
}

export interface Outcome {
  readonly decision: Decision;
  readonly repository?: string;
  readonly reason?: string;
}

const THROTTLING = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException", "SlowDown"]);
/** Node socket errors: the connection failed or broke, so ECR may not have seen the call, or answered it unseen. */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]);
/** The SDK's names for a request that timed out or was aborted (node-http-handler, the retry middleware). */
const TIMEOUT_NAMES = new Set(["TimeoutError", "AbortError", "RequestTimeout", "RequestTimeoutException"]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * Whether another attempt may succeed: an answer from AWS (it carries $metadata) that is a throttle, a 5xx or
 * marked retryable, or a network failure or timeout. Anything else, a TypeError from a bug included, is
 * permanent: a retry would only fail the same way.
 */
export function isTransient(error: unknown): boolean {
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  if (TIMEOUT_NAMES.has(String(e.name)) || NETWORK_CODES.has(String(e.code))) return true;
  if (typeof e.$metadata !== "object" || e.$metadata === null) return false;
  const status = e.$metadata.httpStatusCode;
  return Boolean(e.$retryable) || e.$fault === "server" || THROTTLING.has(String(e.name)) || status === 429 || (typeof status === "number" && status >= 500);
}

function errorName(error: unknown): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  return typeof e.name === "string" ? e.name : "UnknownError";
}

async function call<T>(operation: string, plan: CreatePlan, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new EcrCallError(operation, plan.repositoryName, errorName(error), isTransient(error), { cause: error });
  }
}

/** Tag-on-create and every creation-time setting in the one call; kmsKey only when set. */
export function createRepositoryInput(plan: CreatePlan) {
  const { settings } = plan;
  const filters = settings.imageTagMutabilityExclusionFilters;
  return {
    repositoryName: plan.repositoryName,
    imageTagMutability: settings.imageTagMutability,
    ...(filters.length > 0 ? { imageTagMutabilityExclusionFilters: filters.map((filter) => ({ filterType: "WILDCARD" as const, filter })) } : {}),
    imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
    encryptionConfiguration: {
      encryptionType: settings.encryptionType,
      ...(settings.encryptionType === "KMS" && settings.kmsKey !== null ? { kmsKey: settings.kmsKey } : {}),
    },
    tags: [...plan.tags],
  };
}

/** Lifecycle and repository policy, concurrently; both are attempted even when one fails. */
async function applyPolicies(plan: CreatePlan, ecr: ECRClient): Promise<void> {
  const { repositoryName, settings } = plan;
  const calls: Promise<unknown>[] = [];
  if (settings.lifecyclePolicy !== null) {
    const lifecyclePolicyText = settings.lifecyclePolicy;
    calls.push(call("PutLifecyclePolicy", plan, () => ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText }))));
  }
  if (settings.repositoryPolicy !== null) {
    const policyText = settings.repositoryPolicy;
    calls.push(call("SetRepositoryPolicy", plan, () => ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText }))));
  }
  const results = await Promise.allSettled(calls);
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

const hasPolicies = (plan: CreatePlan): boolean => plan.settings.lifecyclePolicy !== null || plan.settings.repositoryPolicy !== null;

type HealCheck = { readonly heal: true } | { readonly heal: false; readonly reason: string; readonly detail: string };

/** Only a young repository this function created is completed; someone else's, or an old one, never is. */
async function healCheck(plan: CreatePlan, deps: ActDeps): Promise<HealCheck> {
  if (!hasPolicies(plan)) return { heal: false, reason: "already-exists", detail: "no lifecycle or repository policy to complete" };
  const { repositoryName } = plan;
  const described = await call("DescribeRepositories", plan, () => deps.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] })));
  const repository = described.repositories?.find((candidate) => candidate.repositoryName === repositoryName);
  if (!repository?.repositoryArn || !repository.createdAt) {
    return { heal: false, reason: "not-described", detail: "DescribeRepositories returned no ARN or creation time" };
  }
  const ageMs = deps.now() - repository.createdAt.getTime();
  const window = deps.healWindowMs ?? HEAL_WINDOW_MS;
  if (ageMs > window) {
    return { heal: false, reason: "older-than-heal-window", detail: `created ${Math.round(ageMs / 1000)} s ago; only repositories younger than ${window / 1000} s are completed` };
  }
  const resourceArn = repository.repositoryArn;
  const listed = await call("ListTagsForResource", plan, () => deps.ecr.send(new ListTagsForResourceCommand({ resourceArn })));
  const createdBy = listed.tags?.find((tag) => tag.Key === CREATED_BY_TAG)?.Value;
  if (createdBy !== plan.createdBy) {
    return { heal: false, reason: "created-by-other", detail: `${CREATED_BY_TAG} is ${createdBy === undefined ? "absent" : JSON.stringify(createdBy)}, not this function` };
  }
  return { heal: true };
}

async function actOnCreate(plan: CreatePlan, deps: ActDeps): Promise<Outcome> {
  const started = deps.now();
  const durations: Record<string, number> = {};
  const base = { repository: plan.repositoryName, principal: plan.principalArn, eventId: plan.eventId, requestId: deps.requestId, settingsPrefix: plan.settingsPrefix };
  const done = (decision: Decision, extra: { reason?: string; detail?: string } = {}): Outcome => {
    deps.log({ decision, ...base, ...extra, durations: { ...durations, totalMs: deps.now() - started } });
    return { decision, repository: plan.repositoryName, ...(extra.reason ? { reason: extra.reason } : {}) };
  };
  let step = "create";
  try {
    const created = await call("CreateRepository", plan, () => deps.ecr.send(new CreateRepositoryCommand(createRepositoryInput(plan)))).then(
      () => true,
      (error: EcrCallError) => {
        // Duplicate events are normal; the name existing is success, which is why there is no Describe first.
        if (error.errorName === "RepositoryAlreadyExistsException") return false;
        throw error;
      },
    );
    durations.createMs = deps.now() - started;
    if (created) {
      step = "settings";
      const settingsStart = deps.now();
      await applyPolicies(plan, deps.ecr);
      if (hasPolicies(plan)) durations.settingsMs = deps.now() - settingsStart;
      return done("created");
    }
    step = "heal";
    const healStart = deps.now();
    const check = await healCheck(plan, deps);
    if (!check.heal) return done("exists", { reason: check.reason, detail: check.detail });
    await applyPolicies(plan, deps.ecr);
    durations.healMs = deps.now() - healStart;
    return done("healed", { reason: "completed-settings", detail: "created by this function; lifecycle and repository policy applied again" });
  } catch (error) {
    const failure = error instanceof EcrCallError ? error : undefined;
    deps.log({
      decision: "failed",
      ...base,
      reason: step === "settings" ? "settings-incomplete" : step === "heal" ? "heal-failed" : "create-failed",
      detail: step === "settings" ? "repository created without all its settings; a retry completes them" : undefined,
      error: {
        operation: failure?.operation ?? "unknown",
        name: failure?.errorName ?? errorName(error),
        message: error instanceof Error ? String(failure?.cause instanceof Error ? failure.cause.message : error.message) : String(error),
        transient: failure?.transient ?? isTransient(error),
      },
      durations: { ...durations, totalMs: deps.now() - started },
    });
    // Never swallowed: Lambda retries, and what keeps failing ends in the dead-letter queue.
    throw error;
  }
}

export async function act(plan: Plan, deps: ActDeps): Promise<Outcome> {
  if (plan.kind === "create") return actOnCreate(plan, deps);
  deps.log({
    decision: "skipped",
    repository: plan.repositoryName,
    principal: plan.principalArn,
    reason: plan.reason,
    detail: plan.detail,
    eventId: plan.eventId,
    requestId: deps.requestId,
  });
  return { decision: "skipped", reason: plan.reason, ...(plan.repositoryName ? { repository: plan.repositoryName } : {}) };
}
