/**
 * Hand-written hostile and malformed events. Each must be skipped with the stated reason and cause no ECR
 * write. Built from the assumed-role fixture by one edit each, so every entry is one step from a real event;
 * entries that need raw JSON (a "__proto__" key, deep nesting) are parsed from text, as Lambda parses them.
 */
import type { SkipReason } from "../../handler/parse";
import { loadEvent, pushEvent } from "../support/handler-fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface HostileCase {
  readonly name: string;
  readonly event: () => unknown;
  readonly reason: SkipReason;
}

const base = (): Json => pushEvent("team-a/api");
const edit = (change: (event: Json) => void) => (): Json => {
  const event = base();
  change(event);
  return event;
};
const named = (repositoryName: unknown) => edit((event) => void (event.detail.requestParameters.repositoryName = repositoryName));

const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

export const HOSTILE_EVENTS: readonly HostileCase[] = [
  // Not an event at all.
  { name: "null", event: () => null, reason: "not-an-object" },
  { name: "a number", event: () => 42, reason: "not-an-object" },
  { name: "a string holding an event", event: () => JSON.stringify(base()), reason: "not-an-object" },
  { name: "an array of events", event: () => [base()], reason: "not-an-object" },
  { name: "an empty object", event: () => ({}), reason: "wrong-source" },
  { name: "the scheduled-event shape", event: () => ({ source: "aws.events", "detail-type": "Scheduled Event", detail: {} }), reason: "wrong-source" },
  // Envelope.
  { name: "source with a capital letter", event: edit((e) => void (e.source = "aws.ECR")), reason: "wrong-source" },
  { name: "source with trailing space", event: edit((e) => void (e.source = "aws.ecr ")), reason: "wrong-source" },
  { name: "source as a list", event: edit((e) => void (e.source = ["aws.ecr"])), reason: "wrong-source" },
  { name: "source from a custom bus impostor", event: edit((e) => void (e.source = "custom.aws.ecr")), reason: "wrong-source" },
  { name: "detail-type of an ECR image action", event: edit((e) => void (e["detail-type"] = "ECR Image Action")), reason: "wrong-detail-type" },
  { name: "detail-type missing", event: edit((e) => void delete e["detail-type"]), reason: "wrong-detail-type" },
  { name: "detail missing", event: edit((e) => void delete e.detail), reason: "no-detail" },
  { name: "detail as a JSON string", event: edit((e) => void (e.detail = JSON.stringify(e.detail))), reason: "no-detail" },
  { name: "detail as a list", event: edit((e) => void (e.detail = [e.detail])), reason: "no-detail" },
  // CloudTrail record.
  { name: "eventSource of another service", event: edit((e) => void (e.detail.eventSource = "ecr-public.amazonaws.com")), reason: "wrong-event-source" },
  { name: "eventSource missing", event: edit((e) => void delete e.detail.eventSource), reason: "wrong-event-source" },
  { name: "a successful CreateRepository (our own call)", event: () => loadEvent("create-repository-succeeded"), reason: "event-name-not-handled" },
  { name: "eventName PutImage", event: edit((e) => void (e.detail.eventName = "PutImage")), reason: "event-name-not-handled" },
  { name: "eventName in lower case", event: edit((e) => void (e.detail.eventName = "initiatelayerupload")), reason: "event-name-not-handled" },
  { name: "eventName as a list", event: edit((e) => void (e.detail.eventName = ["InitiateLayerUpload"])), reason: "event-name-not-handled" },
  { name: "errorCode missing (the push succeeded)", event: edit((e) => void delete e.detail.errorCode), reason: "wrong-error-code" },
  { name: "errorCode AccessDenied", event: edit((e) => void (e.detail.errorCode = "AccessDenied")), reason: "wrong-error-code" },
  { name: "errorCode in lower case", event: edit((e) => void (e.detail.errorCode = "repositorynotfoundexception")), reason: "wrong-error-code" },
  { name: "requestParameters null", event: edit((e) => void (e.detail.requestParameters = null)), reason: "no-repository-name" },
  { name: "repositoryName missing", event: edit((e) => void delete e.detail.requestParameters.repositoryName), reason: "no-repository-name" },
  { name: "repositoryName a number", event: named(1234), reason: "no-repository-name" },
  { name: "repositoryName a list of names", event: named(["team-a/api", "team-a/web"]), reason: "no-repository-name" },
  { name: "repositoryName an object", event: named({ toString: "team-a/api" }), reason: "no-repository-name" },
  // Someone else's registry or region.
  { name: "another account", event: edit((e) => void (e.account = "444455556666")), reason: "other-account" },
  { name: "registryId of another account", event: edit((e) => void (e.detail.requestParameters.registryId = "444455556666")), reason: "other-account" },
  { name: "registryId null", event: edit((e) => void (e.detail.requestParameters.registryId = null)), reason: "other-account" },
  { name: "registryId as a number", event: edit((e) => void (e.detail.requestParameters.registryId = 111122223333)), reason: "other-account" },
  { name: "account missing", event: edit((e) => void delete e.account), reason: "other-account" },
  { name: "another region", event: edit((e) => void (e.region = "us-east-1")), reason: "other-region" },
  { name: "detail.awsRegion disagreeing with region", event: edit((e) => void (e.detail.awsRegion = "us-east-1")), reason: "other-region" },
  // Names ECR would refuse.
  { name: "empty name", event: named(""), reason: "invalid-repository-name" },
  { name: "one-character name", event: named("a"), reason: "invalid-repository-name" },
  { name: "upper case", event: named("team-a/API"), reason: "invalid-repository-name" },
  { name: "path traversal", event: named("team-a/../prod/db"), reason: "invalid-repository-name" },
  { name: "double slash", event: named("team-a//api"), reason: "invalid-repository-name" },
  { name: "trailing slash", event: named("team-a/api/"), reason: "invalid-repository-name" },
  { name: "leading slash", event: named("/team-a/api"), reason: "invalid-repository-name" },
  { name: "trailing newline", event: named("team-a/api\n"), reason: "invalid-repository-name" },
  { name: "NUL byte", event: named("team-a/api\u0000evil"), reason: "invalid-repository-name" },
  { name: "Unicode hyphen look-alike", event: named("team\u2010a/api"), reason: "invalid-repository-name" },
  { name: "full-width letters", event: named("team-a/\uff41pi"), reason: "invalid-repository-name" },
  { name: "leading separator", event: named("team-a/-api"), reason: "invalid-repository-name" },
  { name: "triple underscore", event: named("team-a/a___b"), reason: "invalid-repository-name" },
  { name: "257 characters", event: named(`team-a/${"a".repeat(250)}`), reason: "invalid-repository-name" },
  { name: "a megabyte name", event: named(`team-a/${"a".repeat(1_048_576)}`), reason: "invalid-repository-name" },
  { name: "shell metacharacters", event: named("team-a/api;rm -rf /"), reason: "invalid-repository-name" },
  // Valid names outside the managed namespaces.
  { name: "the prefix itself", event: named("team-a"), reason: "outside-allowed-prefixes" },
  { name: "a sibling sharing the prefix's letters", event: named("team-ab/api"), reason: "outside-allowed-prefixes" },
  { name: "the nested prefix itself", event: named("platform/tools"), reason: "outside-allowed-prefixes" },
  { name: "a sibling of the nested prefix", event: named("platform/other"), reason: "outside-allowed-prefixes" },
  { name: "the prefix further down the path", event: named("evil/team-a/api"), reason: "outside-allowed-prefixes" },
  { name: "a lookalike with dots", event: named("team.a/api"), reason: "outside-allowed-prefixes" },
  // Raw JSON as Lambda would parse it.
  { name: "fields only under __proto__", event: () => JSON.parse(`{"__proto__": ${JSON.stringify(base())}}`), reason: "wrong-source" },
  { name: "repositoryName only under requestParameters.__proto__", event: () => JSON.parse(JSON.stringify(base()).replace('"repositoryName"', '"__proto__":{"repositoryName":"team-a/api"},"x"')), reason: "no-repository-name" },
  { name: "detail nested 5,000 levels deep", event: edit((e) => void (e.detail.requestParameters = JSON.parse(nested(5_000)))), reason: "no-repository-name" },
  { name: "detail under a constructor key", event: () => JSON.parse(`{"source":"aws.ecr","detail-type":"AWS API Call via CloudTrail","constructor":{"prototype":${JSON.stringify(base().detail)}}}`), reason: "no-detail" },
];
