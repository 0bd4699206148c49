/**
 * Which events and pushers the function reacts to, shared by the handler (it re-checks its environment) and the
 * construct (it validates its input and builds the event pattern), so a value one side accepts the other never
 * refuses. Pure: no I/O, no AWS SDK.
 */

/** A CloudTrail eventName the function may react to: an ECR API action name (InitiateLayerUpload, BatchCheckLayerAvailability). */
export const EVENT_NAME_PATTERN = /^[A-Z][A-Za-z]{2,63}$/;

/** An AWS account id (registryId in ECR's model, AWS-FACTS §3). */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** The allowed-pusher-accounts entry that lets a push from any account (or with none recorded) create. */
export const ANY_ACCOUNT = "*";

/** Why a list of allowed pusher accounts is not one, or undefined: 12-digit account ids, or exactly ["*"] for any. */
export function pusherAccountsProblem(accounts: readonly unknown[]): string | undefined {
  if (accounts.includes(ANY_ACCOUNT)) return accounts.length === 1 ? undefined : 'mixes "*" with account ids; use ["*"] alone to allow any account';
  const bad = accounts.filter((account) => typeof account !== "string" || !ACCOUNT_ID_PATTERN.test(account));
  return bad.length === 0 ? undefined : `${bad.map((account) => JSON.stringify(account)).join(", ")} ${bad.length === 1 ? "is not" : "are not"} a 12-digit account id; list account ids, or ["*"] for any account`;
}
