/**
 * The only AWS calls, and the only file importing the ECR client. One round trip on the critical path:
 * CreateRepository carries every setting it can, so the docker retry finds the repository as soon as it
 * returns; the two policies follow concurrently. Every call made here must be in ecr-model.ts ECR_ACTIONS.
 */
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  type ECRClientConfig,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
} from "@aws-sdk/client-ecr";
import type { CompletedRecord } from "./completed";
import { CREATED_BY_TAG, DEAD_LETTER_RETENTION_SECONDS, MAX_EVENT_AGE_SECONDS } from "./function-config";
import type { CreatePlan, Plan } from "./decide";
import { EcrCallError } from "./errors";
import type { Decision, Logger } from "./log";
import type { ExistsReason, FailedReason, HealedReason } from "./reasons";
import { errorFields, errorName, isTransient } from "./sdk-errors";

/**
 * How long after creation a repository carrying our created-by tag may still be completed: as long as the event
 * that created it may come back. Lambda retries it for up to the maximum event age (behind a burst at the reserved
 * concurrency it waits that long in Lambda's queue, AWS-FACTS §6), then it sits in the dead-letter queue until
 * someone redrives it (`ecr-create-on-push redrive`), for up to the queue's retention. A shorter window left such a
 * repository without its policies while the redriven event counted as handled (__tests__/reliability/faults.test.ts,
 * __tests__/integration/redrive.test.ts). Within the window only a missing policy is put; an older repository is
 * never touched, and a policy in place is never written again.
 */
export const HEAL_WINDOW_MS = (MAX_EVENT_AGE_SECONDS + DEAD_LETTER_RETENTION_SECONDS + 15 * 60) * 1000;

export function createEcrClient(config: ECRClientConfig = {}): ECRClient {
  return new ECRClient({
    // Standard retries (throttling, 5xx, timeouts) with the SDK's back-off; then we throw and Lambda retries.
    // 3 attempts x 3 s in two phases can outlast the function, so each invocation's deadline (ActDeps.signal)
    // aborts them in time to log the failure.
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
  /**
   * Aborted shortly before Lambda would stop the invocation (handle.ts, from the context's remaining time):
   * every ECR call and the SDK's retries stop, so the failure is logged and thrown, and Lambda retries.
   */
  readonly signal?: AbortSignal | undefined;
  /** This instance's record of names it created and completed (completed.ts); none: every event calls ECR. */
  readonly completed?: CompletedRecord | undefined;
}

export interface Outcome {
  readonly decision: Decision;
  readonly repository?: string;
  readonly reason?: string;
  /** Why, in words: only for an ensure request's refusal (handle.ts), which its caller prints. */
  readonly detail?: string;
}

/** What every ECR call is sent with: the invocation's deadline, which aborts it (and the SDK's retries) in time. */
type SendOptions = { abortSignal?: AbortSignal };

async function call<T>(operation: string, plan: CreatePlan, deps: Pick<ActDeps, "signal">, send: (options: SendOptions) => Promise<T>): Promise<T> {
  try {
    return await send(deps.signal ? { abortSignal: deps.signal } : {});
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

type PolicyKind = "lifecyclePolicy" | "repositoryPolicy";

const POLICY_LABEL: Record<PolicyKind, string> = { lifecyclePolicy: "lifecycle policy", repositoryPolicy: "repository policy" };

/** The policies this plan's settings carry, in a fixed order. */
const configuredPolicies = (plan: CreatePlan): PolicyKind[] => (["lifecyclePolicy", "repositoryPolicy"] as const).filter((kind) => plan.settings[kind] !== null);

function putPolicy(kind: PolicyKind, plan: CreatePlan, deps: ActDeps): Promise<unknown> {
  const { repositoryName, settings } = plan;
  if (kind === "lifecyclePolicy") {
    const lifecyclePolicyText = settings.lifecyclePolicy!;
    return call("PutLifecyclePolicy", plan, deps, (options) => deps.ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText }), options));
  }
  const policyText = settings.repositoryPolicy!;
  return call("SetRepositoryPolicy", plan, deps, (options) => deps.ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText }), options));
}

/** The given policies, concurrently; all are attempted even when one fails. */
async function putPolicies(kinds: readonly PolicyKind[], plan: CreatePlan, deps: ActDeps): Promise<void> {
  const results = await Promise.allSettled(kinds.map((kind) => putPolicy(kind, plan, deps)));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

/** Whether the repository has a policy of this kind now, whoever set it. ECR answers "not found" for none. */
async function hasPolicy(kind: PolicyKind, plan: CreatePlan, deps: ActDeps): Promise<boolean> {
  const { repositoryName } = plan;
  const [operation, notFound, read] =
    kind === "lifecyclePolicy"
      ? (["GetLifecyclePolicy", "LifecyclePolicyNotFoundException", (options: SendOptions) => deps.ecr.send(new GetLifecyclePolicyCommand({ repositoryName }), options)] as const)
      : (["GetRepositoryPolicy", "RepositoryPolicyNotFoundException", (options: SendOptions) => deps.ecr.send(new GetRepositoryPolicyCommand({ repositoryName }), options)] as const);
  return call<unknown>(operation, plan, deps, read).then(
    () => true,
    (error: EcrCallError) => {
      if (error.errorName === notFound) return false;
      throw error;
    },
  );
}

type HealOutcome = {
  readonly detail: string;
} & ({ readonly decision: "exists"; readonly reason: ExistsReason } | { readonly decision: "healed"; readonly reason: HealedReason });

/**
 * The name exists: a duplicate event, or a retry after a crash. Only a young repository this function created
 * is completed, and only with the policies it lacks: a policy in place, ours or one an administrator set since,
 * is never written again. So once a repository is complete, a duplicate event only reads.
 */
async function heal(plan: CreatePlan, deps: ActDeps): Promise<HealOutcome> {
  const kinds = configuredPolicies(plan);
  if (kinds.length === 0) return { decision: "exists", reason: "already-exists", detail: "no lifecycle or repository policy to complete" };
  const { repositoryName } = plan;
  const described = await call("DescribeRepositories", plan, deps, (options) => deps.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }), options));
  const repository = described.repositories?.find((candidate) => candidate.repositoryName === repositoryName);
  if (!repository?.repositoryArn || !repository.createdAt) {
    return { decision: "exists", reason: "not-described", detail: "DescribeRepositories returned no ARN or creation time" };
  }
  const ageMs = deps.now() - repository.createdAt.getTime();
  const window = deps.healWindowMs ?? HEAL_WINDOW_MS;
  if (ageMs > window) {
    return { decision: "exists", reason: "older-than-heal-window", detail: `created ${Math.round(ageMs / 1000)} s ago; only repositories younger than ${window / 1000} s are completed` };
  }
  const resourceArn = repository.repositoryArn;
  // The policy reads go out with the tag read, before ownership is known: one round trip fewer for every
  // duplicate event, paid for with reads whose answers count only on a repository this function created.
  const [listed, present] = await Promise.allSettled([
    call("ListTagsForResource", plan, deps, (options) => deps.ecr.send(new ListTagsForResourceCommand({ resourceArn }), options)),
    Promise.all(kinds.map((kind) => hasPolicy(kind, plan, deps))),
  ]);
  if (listed.status === "rejected") throw listed.reason;
  const createdBy = listed.value.tags?.find((tag) => tag.Key === CREATED_BY_TAG)?.Value;
  if (createdBy !== plan.createdBy) {
    return { decision: "exists", reason: "created-by-other", detail: `${CREATED_BY_TAG} is ${createdBy === undefined ? "absent" : JSON.stringify(createdBy)}, not this function` };
  }
  if (present.status === "rejected") throw present.reason;
  const missing = kinds.filter((_, index) => !present.value[index]);
  if (missing.length === 0) {
    return { decision: "exists", reason: "already-complete", detail: "created by this function and every policy is in place; nothing written" };
  }
  await putPolicies(missing, plan, deps);
  const labels = (list: readonly PolicyKind[]) => list.map((kind) => POLICY_LABEL[kind]).join(" and ");
  const kept = kinds.filter((kind) => !missing.includes(kind));
  return {
    decision: "healed",
    reason: "completed-settings",
    detail: `created by this function; put the missing ${labels(missing)}${kept.length > 0 ? `; kept the ${labels(kept)} in place` : ""}`,
  };
}

async function actOnCreate(plan: CreatePlan, deps: ActDeps): Promise<Outcome> {
  const started = deps.now();
  const durations: Record<string, number> = {};
  const base = { repository: plan.repositoryName, principal: plan.principalArn, eventId: plan.eventId, requestId: deps.requestId, settingsPrefix: plan.settingsPrefix };
  const done = (decision: Exclude<Decision, "skipped" | "failed">, extra: { reason?: ExistsReason | HealedReason; detail?: string } = {}): Outcome => {
    deps.log({ decision, ...base, ...extra, durations: { ...durations, totalMs: deps.now() - started } });
    return { decision, repository: plan.repositoryName, ...(extra.reason ? { reason: extra.reason } : {}) };
  };
  const completedAt = deps.completed?.completedAt(plan.repositoryName);
  if (completedAt !== undefined && plan.eventTime !== undefined && plan.eventTime <= completedAt) {
    return done("exists", {
      reason: "completed-by-this-instance",
      detail: `this instance created and configured it at ${new Date(completedAt).toISOString()}, after the push failed; no ECR call`,
    });
  }
  let step = "create";
  try {
    const created = await call("CreateRepository", plan, deps, (options) => deps.ecr.send(new CreateRepositoryCommand(createRepositoryInput(plan)), options)).then(
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
      const kinds = configuredPolicies(plan);
      await putPolicies(kinds, plan, deps);
      if (kinds.length > 0) durations.settingsMs = deps.now() - settingsStart;
      deps.completed?.add(plan.repositoryName, deps.now());
      return done("created");
    }
    step = "heal";
    const healStart = deps.now();
    const healed = await heal(plan, deps);
    durations.healMs = deps.now() - healStart;
    return done(healed.decision, { reason: healed.reason, detail: healed.detail });
  } catch (error) {
    const outOfTime = deps.signal?.aborted === true;
    const reason: FailedReason = outOfTime ? "out-of-time" : step === "settings" ? "settings-incomplete" : step === "heal" ? "heal-failed" : "create-failed";
    deps.log({
      decision: "failed",
      ...base,
      reason,
      detail: outOfTime
        ? `stopped during ${step} before Lambda's timeout: ${deps.signal?.reason instanceof Error ? deps.signal.reason.message : "aborted"}; a retry completes it`
        : step === "settings"
          ? "repository created without all its settings; a retry completes them"
          : undefined,
      error: errorFields(error),
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
    ...(plan.registryAccount === undefined ? {} : { pusherAccount: plan.pusherAccount, registryAccount: plan.registryAccount }),
  });
  return { decision: "skipped", reason: plan.reason, ...(plan.repositoryName ? { repository: plan.repositoryName } : {}) };
}
