/**
 * Pure decisions: which repository to create and with what, or why not. No I/O, so every rule here is
 * tested with plain tables.
 */
import { ECR_LIMITS } from "./ecr-model";
import { CREATED_BY_TAG, CREATED_FOR_TAG, type RepositorySettings } from "./function-config";
import { coveredStart, covers, mostSpecificPrefix } from "./repository-names";
import type { ParseResult, PushFailure, Skip } from "./parse";
import type { HandlerSettings } from "./settings";

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface CreatePlan {
  readonly kind: "create";
  readonly repositoryName: string;
  readonly principalArn: string | undefined;
  readonly eventId: string | undefined;
  /** When the push failed, if the record says: an event from before this instance completed the name is a duplicate. */
  readonly eventTime: number | undefined;
  /** The prefix whose settings apply, or undefined for the catch-all defaults. */
  readonly settingsPrefix: string | undefined;
  readonly settings: RepositorySettings;
  /** Everything CreateRepository carries: ours first, so a cap can never drop created-by. */
  readonly tags: readonly Tag[];
  /** The created-by value; a repository carrying it is one this function may heal. */
  readonly createdBy: string;
}

export type Plan = CreatePlan | Skip;

/**
 * The general AWS tag character set (AWS-FACTS §3; unconfirmed for ECR, so we stay inside it). IAM names may
 * contain "," which it lacks; such characters become "_".
 */
const TAG_UNSAFE = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

export function sanitizeTagValue(value: string): string {
  return value.replace(TAG_UNSAFE, "_").slice(0, ECR_LIMITS.tagValueLength);
}

export function buildTags(configured: Readonly<Record<string, string>>, createdBy: string, principalArn: string | undefined): Tag[] {
  const tags: Tag[] = [{ Key: CREATED_BY_TAG, Value: createdBy }];
  const createdFor = principalArn === undefined ? "" : sanitizeTagValue(principalArn);
  if (createdFor !== "") tags.push({ Key: CREATED_FOR_TAG, Value: createdFor });
  for (const [Key, Value] of Object.entries(configured)) {
    if (Key === CREATED_BY_TAG || Key === CREATED_FOR_TAG || Key.length > ECR_LIMITS.tagKeyLength) continue;
    tags.push({ Key, Value: Value.slice(0, ECR_LIMITS.tagValueLength) });
  }
  return tags.slice(0, ECR_LIMITS.tagsPerResource);
}

/** Settings of the most specific matching prefix, else the defaults. */
export function settingsFor(name: string, settings: HandlerSettings): { prefix: string | undefined; settings: RepositorySettings } {
  const prefix = mostSpecificPrefix(name, [...settings.prefixes.keys()]);
  return { prefix, settings: prefix === undefined ? settings.defaults : settings.prefixes.get(prefix)! };
}

/**
 * Whether this push may create, unless any account may ("*"): the registry's own account always, and the listed ones. The
 * registry's account is the function's, which the parser already required of the event (`account`, `registryId`),
 * so a rule in another account forwarding events here cannot widen it. A record without `userIdentity.accountId`
 * (an AWS service acting, say) names nobody to check, so only "*" lets it create.
 */
function pusherAllowed(push: PushFailure, accounts: readonly string[]): boolean {
  const account = push.pusherAccount;
  return account !== undefined && (account === push.registryAccount || accounts.includes(account));
}

export function decide(parsed: ParseResult, settings: HandlerSettings): Plan {
  if (parsed.kind === "skip") return parsed;
  const { repositoryName, principalArn, eventId, pusherAccount, registryAccount } = parsed.push;
  const others = settings.pusherAccounts;
  if (others !== "any" && !pusherAllowed(parsed.push, others)) {
    return {
      kind: "skip",
      reason: "pusher-account-not-allowed",
      detail: `pushed from account ${pusherAccount ?? "(none recorded)"}; only the registry's ${registryAccount}${others.length > 0 ? ` and ${others.join(", ")}` : ""} may create (allowedPusherAccounts)`,
      repositoryName,
      principalArn,
      eventId,
      ...(pusherAccount === undefined ? {} : { pusherAccount }),
      registryAccount,
    };
  }
  const allowed = settings.allowedPrefixes;
  if (allowed.length > 0 && !allowed.some((prefix) => covers(repositoryName, prefix, settings.prefixMatch))) {
    return {
      kind: "skip",
      reason: "outside-allowed-prefixes",
      detail: `not under any allowed prefix (${allowed.map((prefix) => coveredStart(prefix, settings.prefixMatch)).join(", ")})`,
      repositoryName,
      principalArn,
      eventId,
    };
  }
  const chosen = settingsFor(repositoryName, settings);
  const createdBy = sanitizeTagValue(settings.functionName);
  return {
    kind: "create",
    repositoryName,
    principalArn,
    eventId,
    eventTime: parsed.push.eventTime,
    settingsPrefix: chosen.prefix,
    settings: chosen.settings,
    tags: buildTags(chosen.settings.tags, createdBy, principalArn),
    createdBy,
  };
}
