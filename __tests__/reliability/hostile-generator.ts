/**
 * Generated hostile events, an independent oracle of which ones are valid, and one observed run of an event
 * through the real handler. Shared by the suite (a small sample) and bench/hostile-events.ts (>= 10,000).
 *
 * Events are JSON values, as Lambda hands them over: mostly a real event with one to three fields replaced by
 * near-misses or arbitrary JSON, the repository name drawn from a grammar that mixes ECR's alphabet with the
 * characters that break it; some are arbitrary JSON altogether.
 */
import fc from "fast-check";
import type { Outcome } from "../../handler/act";
import type { DecisionEntry } from "../../handler/log";
import { ACCOUNT, REGION, pushEvent } from "../support/handler-fixtures";
import { withTimeout } from "./lambda-delivery";
import { PREFIXES, READ_OPERATIONS, callTarget, type Harness } from "./support";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const NAME_PIECES = ["a", "b", "z", "0", "9", "api", ".", "_", "__", "___", "-", "--", "/", "//", "..", "A", " ", "\n", "\u0000", "é", "\u2010", ":", "*", "%2f", "\\"];
const NAME_STARTS = ["team-a/", "platform/tools/", "team-a", "team-ab/", "platform/", "platform/tools", "TEAM-A/", "/team-a/", "", "x/team-a/"];

export const nameArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...NAME_STARTS), fc.array(fc.constantFrom(...NAME_PIECES), { maxLength: 12 })).map(([start, pieces]) => start + pieces.join("")), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom("team-a/", "platform/tools/"), fc.integer({ min: 240, max: 260 })).map(([start, length]) => start.padEnd(length, "a")), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

/** Near-misses for each field the handler reads, plus arbitrary JSON. */
const NEAR_MISSES: Record<string, readonly unknown[]> = {
  source: ["aws.ecr", "aws.ECR", "aws.ecr ", "aws.ecr-public", ""],
  "detail-type": ["AWS API Call via CloudTrail", "AWS API Call Via CloudTrail", "ECR Image Action"],
  account: [ACCOUNT, "444455556666", "11112222333", Number(ACCOUNT), ` ${ACCOUNT}`],
  region: [REGION, "us-east-1", "EU-WEST-1", ""],
  "detail.eventSource": ["ecr.amazonaws.com", "ecr-public.amazonaws.com", "ECR.amazonaws.com"],
  "detail.eventName": ["InitiateLayerUpload", "PutImage", "CreateRepository", "initiateLayerUpload"],
  "detail.errorCode": ["RepositoryNotFoundException", "AccessDenied", "RepositoryNotFound", null],
  "detail.awsRegion": [REGION, "us-east-1", "eu-west-2"],
  "detail.requestParameters.registryId": [ACCOUNT, "444455556666", null, Number(ACCOUNT), ""],
  "detail.requestParameters": [null, {}, [], "team-a/api"],
  "detail.userIdentity": [null, {}, { arn: "arn:aws:iam::111122223333:user/x\n{\"decision\":\"created\"}" }, { arn: "a".repeat(5_000) }],
  detail: [null, [], "{}", {}],
};
const FIELDS = Object.keys(NEAR_MISSES);

const fieldValue = (field: string) =>
  fc.oneof({ arbitrary: fc.constantFrom(...NEAR_MISSES[field]!), weight: 3 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 });

type Mutation = { readonly field: string; readonly value?: unknown; readonly remove: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.constantFrom(...FIELDS).chain((field) =>
  fc.oneof(
    { arbitrary: fieldValue(field).map((value) => ({ field, value, remove: false })), weight: 4 },
    { arbitrary: fc.constant({ field, remove: true }), weight: 1 },
  ),
);

function apply(event: Json, { field, value, remove }: Mutation): void {
  const path = field.startsWith("detail.") ? ["detail", ...field.slice(7).split(".")] : [field];
  let target: Json = event;
  for (const key of path.slice(0, -1)) {
    if (typeof target?.[key] !== "object" || target[key] === null) return;
    target = target[key];
  }
  const last = path[path.length - 1]!;
  if (remove) delete target[last];
  else target[last] = value;
}

/** Mostly a real event one to three edits away from valid; sometimes arbitrary JSON. */
export const eventArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.tuple(nameArbitrary, fc.array(mutation, { maxLength: 3 })).map(([name, mutations]) => {
      const event = pushEvent("team-a/api");
      event.detail.requestParameters.repositoryName = name;
      for (const change of mutations) apply(event, change);
      return event as unknown;
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

// ---- The oracle: written from the rules (AWS-FACTS §1, §3), not from handler/parse.ts. ----

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const field = (value: unknown, key: string): unknown => (isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined);
const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function ecrAcceptsName(name: string): boolean {
  return name.length >= 2 && name.length <= 256 && name.split("/").every((part) => NAME_COMPONENT.test(part));
}

/** The name the handler must create for `event`, or undefined when it must create nothing. */
export function nameToCreate(event: unknown): string | undefined {
  const detail = field(event, "detail");
  const request = field(detail, "requestParameters");
  const name = field(request, "repositoryName");
  const checks = [
    field(event, "source") === "aws.ecr",
    field(event, "detail-type") === "AWS API Call via CloudTrail",
    field(detail, "eventSource") === "ecr.amazonaws.com",
    field(detail, "eventName") === "InitiateLayerUpload",
    field(detail, "errorCode") === "RepositoryNotFoundException",
    field(event, "account") === ACCOUNT,
    // allowedPusherAccounts defaults to the registry's own account, and a record must name the pusher's.
    field(field(detail, "userIdentity"), "accountId") === ACCOUNT,
    !isObject(request) || !Object.hasOwn(request, "registryId") || request.registryId === ACCOUNT,
    field(event, "region") === REGION && field(detail, "awsRegion") === REGION,
    typeof name === "string" && ecrAcceptsName(name) && PREFIXES.some((prefix) => name.startsWith(`${prefix}/`)),
  ];
  return checks.every(Boolean) ? (name as string) : undefined;
}

// ---- One observed run. ----

export interface Observation {
  readonly expected: string | undefined;
  readonly outcome?: Outcome;
  readonly crash?: string;
  readonly hang?: boolean;
  /** Calls to ECR this event caused, by operation, with the name each was about. */
  readonly calls: readonly { readonly operation: string; readonly target: string | undefined; readonly write: boolean }[];
  readonly logs: readonly DecisionEntry[];
}

export const HANG_AFTER_MS = 5_000;

/** Runs one event through the handler; the harness must not be shared with concurrent work. */
export async function observe(harness: Harness, event: unknown): Promise<Observation> {
  const expected = nameToCreate(event);
  const callsBefore = harness.server.calls.length;
  const logsBefore = harness.log.entries.length;
  let outcome: Outcome | undefined;
  let crash: string | undefined;
  let hang = false;
  try {
    outcome = (await withTimeout(harness.invoke(event), HANG_AFTER_MS)) as Outcome;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Task timed out")) hang = true;
    else crash = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const calls = harness.server.calls.slice(callsBefore).map((call) => ({ operation: call.operation, target: callTarget(call.body), write: !READ_OPERATIONS.has(call.operation) }));
  return { expected, outcome, crash, hang, calls, logs: harness.log.entries.slice(logsBefore) };
}

/** Everything wrong with one observation; empty when the handler did exactly what the oracle says. */
export function violations(o: Observation): string[] {
  const found: string[] = [];
  if (o.crash) found.push(`crashed: ${o.crash}`);
  if (o.hang) found.push(`hung for ${HANG_AFTER_MS} ms`);
  const decisions = o.logs.map((entry) => entry.decision);
  if (o.expected === undefined) {
    const writes = o.calls.filter((call) => call.write);
    if (writes.length > 0) found.push(`invalid event wrote to ECR: ${writes.map((call) => `${call.operation} ${call.target}`).join(", ")}`);
    if (o.outcome && o.outcome.decision !== "skipped") found.push(`invalid event decided ${o.outcome.decision}`);
    if (o.logs.length !== 1 || o.logs[0]?.decision !== "skipped" || !o.logs[0]?.reason) found.push(`expected one logged skip with a reason, got ${JSON.stringify(decisions)}`);
  } else {
    if (o.outcome?.decision === "skipped") found.push(`valid event for ${o.expected} skipped: ${o.outcome.reason}`);
    const elsewhere = o.calls.filter((call) => call.target !== o.expected);
    if (elsewhere.length > 0) found.push(`calls about other names: ${elsewhere.map((call) => `${call.operation} ${call.target}`).join(", ")}`);
    if (o.logs.length !== 1) found.push(`expected one log line, got ${JSON.stringify(decisions)}`);
  }
  return found;
}
