/**
 * Every reason code the function logs (and counts as a metric dimension, metrics.ts), by decision: the codes parse.ts,
 * decide.ts and act.ts may write, which the type system holds them to, and what docs/operations.md explains, which a
 * test holds it to (__tests__/unit/operations-doc.test.ts). A `created` decision has no reason.
 */
export const REASONS = {
  skipped: [
    // parse.ts: the event is not a failed push this function handles.
    "not-an-object",
    "wrong-source",
    "wrong-detail-type",
    "no-detail",
    "wrong-event-source",
    "event-name-not-handled",
    "wrong-error-code",
    "no-repository-name",
    "other-account",
    "other-region",
    "invalid-repository-name",
    // ensure.ts: a request from `push --ensure` that is not one, or whose caller STS did not vouch for.
    "malformed-ensure-request",
    "other-sts-endpoint",
    "identity-not-verified",
    // decide.ts: a failed push the configuration does not let create.
    "pusher-account-not-allowed",
    "outside-allowed-prefixes",
  ],
  exists: ["completed-by-this-instance", "already-exists", "not-described", "older-than-heal-window", "created-by-other", "already-complete"],
  healed: ["completed-settings"],
  failed: ["create-failed", "settings-incomplete", "heal-failed", "out-of-time", "identity-check-failed"],
} as const;

export type SkipReason = (typeof REASONS.skipped)[number];
export type ExistsReason = (typeof REASONS.exists)[number];
export type HealedReason = (typeof REASONS.healed)[number];
export type FailedReason = (typeof REASONS.failed)[number];
