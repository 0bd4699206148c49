/**
 * The rules on one repository-settings field at a time, as data (rules.ts holds the rules across fields). Three
 * renderers read this one table: the function's settings parser (settings-schema.ts, at cold start), the
 * construct's synth-time validator (lib/validate.ts) and the variables' validation blocks (lib/field-conditions.ts
 * for lib/variables.ts). Every limit is ECR's own (ecr-model.ts), so a value fails where it is first seen, with the
 * same words, instead of at the first push. `offenders` below is the TypeScript reading both TS renderers share.
 */
import { ECR_LIMITS, ENCRYPTION_TYPES, EXCLUSION_FILTER_PATTERN, IMAGE_TAG_MUTABILITIES, KMS_KEY_ARN_PATTERN } from "./ecr-model";
import { CREATED_BY_TAG, CREATED_FOR_TAG, type RepositorySettings } from "./function-config";
import { firstBadCharacter, REPOSITORY_TAG_SERVICES, STACK_TAG_SERVICES, TAG_CHARACTERS_IN_WORDS, type TagService, tagPattern } from "./aws-tags";

/** One settings field under its names. */
export interface SettingsField {
  /** The catch-all input of the construct, and the Terraform variable that feeds it. */
  readonly input: string;
  readonly tfvar: string;
  /** Its key in RepositorySettings, which is also its key in a construct prefixSettings entry. */
  readonly setting: keyof RepositorySettings;
  /** Its key in a prefix_settings entry of a `.tfvars`. */
  readonly prefixKey: string;
  /** The value of a prefix override that means "none for this prefix" (function-config.ts), never checked. */
  readonly prefixNone?: string;
}

export const SETTINGS_FIELDS = {
  imageTagMutability: { input: "imageTagMutability", tfvar: "image_tag_mutability", setting: "imageTagMutability", prefixKey: "image_tag_mutability" },
  imageTagMutabilityExclusionFilters: {
    input: "imageTagMutabilityExclusionFilters",
    tfvar: "image_tag_mutability_exclusion_filters",
    setting: "imageTagMutabilityExclusionFilters",
    prefixKey: "image_tag_mutability_exclusion_filters",
  },
  encryptionType: { input: "encryptionType", tfvar: "encryption_type", setting: "encryptionType", prefixKey: "encryption_type" },
  kmsKey: { input: "kmsKey", tfvar: "kms_key", setting: "kmsKey", prefixKey: "kms_key" },
  lifecyclePolicy: { input: "repoLifecyclePolicy", tfvar: "repo_lifecycle_policy", setting: "lifecyclePolicy", prefixKey: "lifecycle_policy", prefixNone: "" },
  repositoryPolicy: { input: "repoPolicy", tfvar: "repo_policy", setting: "repositoryPolicy", prefixKey: "repository_policy", prefixNone: "" },
  tags: { input: "repoTags", tfvar: "repo_tags", setting: "tags", prefixKey: "tags" },
} as const satisfies Record<string, SettingsField>;

/** What a rule checks. The tag kinds read a map of tags; `each-pattern` a list. */
export type FieldCheck =
  | { readonly kind: "one-of"; readonly values: readonly string[] }
  | { readonly kind: "pattern"; readonly pattern: RegExp }
  | { readonly kind: "each-pattern"; readonly pattern: RegExp }
  | { readonly kind: "json-object" }
  | { readonly kind: "length"; readonly min: number; readonly max: number }
  | { readonly kind: "tag-count"; readonly max: number }
  | { readonly kind: "tag-key-length"; readonly min: number; readonly max: number }
  | { readonly kind: "tag-key-prefix"; readonly prefix: string }
  | { readonly kind: "tag-key-reserved"; readonly keys: readonly string[] }
  | { readonly kind: "tag-value-length"; readonly max: number }
  /** Keys and values within a service's character set (aws-tags.ts); `pattern` is the whole-text one. */
  | { readonly kind: "tag-characters"; readonly service: string; readonly characters: string; readonly pattern: RegExp };

export type FieldRule = FieldCheck & {
  /** Stable, for tests; the code the synth-time validator reports. */
  readonly code: string;
  readonly field: SettingsField;
  /** Said after the field and its value (`repoTags: 49 tags: <message>`), or after the variable at plan. */
  readonly message: string;
  /** Values of the field the rule refuses and accepts on its own, near its limits: each renderer's test feeds them. */
  readonly examples: { readonly bad: readonly unknown[]; readonly good: readonly unknown[] };
  /**
   * "prefix-only": the construct drops these keys from the catch-all tags (config.ts withoutFunctionTags), so
   * its renderers check prefix overrides only; the function, which never receives a dropped key, checks both.
   */
  readonly construct?: "prefix-only";
};

/** Tags the function sets on every repository itself. */
export const FUNCTION_TAG_KEYS: readonly string[] = [CREATED_BY_TAG, CREATED_FOR_TAG];
/** Tags a configuration may set: what AWS allows on a resource, less the function's own. */
const MAX_CONFIGURED_TAGS = ECR_LIMITS.tagsPerResource - FUNCTION_TAG_KEYS.length;

/** A JSON object of exactly `n` characters (n >= 10), for the examples. */
const objectOfLength = (n: number): string => JSON.stringify({ pad: "x".repeat(n - '{"pad":""}'.length) });
const tagsOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
const policyRules = (field: SettingsField, name: string, code: string, min: number, max: number): FieldRule[] => [
  {
    code: `${code}.json`,
    field,
    kind: "json-object",
    message: `a ${name} policy is a JSON object`,
    examples: { bad: ["{rules: []", "[1]", '"text"'], good: [objectOfLength(Math.max(min, 10))] },
  },
  {
    code: `${code}.length`,
    field,
    kind: "length",
    min,
    max,
    message: `ECR accepts a ${name} policy of ${min}-${max} characters`,
    examples: { bad: [...(min > 10 ? [objectOfLength(min - 1)] : []), objectOfLength(max + 1)], good: [objectOfLength(Math.max(min, 10)), objectOfLength(max)] },
  },
];

/** One rule per service with a character set: a tag outside it is refused with the service's name. */
export const tagCharacterRules = (field: SettingsField, services: readonly TagService[]): FieldRule[] =>
  services.flatMap((s): FieldRule[] =>
    s.characters === null
      ? []
      : [
          {
            code: "tag.characters",
            field,
            kind: "tag-characters",
            service: s.service,
            characters: s.characters,
            pattern: tagPattern(s.characters),
            message: `${s.service} (${s.calls}) allows only ${TAG_CHARACTERS_IN_WORDS} in tag keys and values`,
            examples: { bad: [{ team: "R&D" }, { "team's": "ops" }, { k: "platform, core" }], good: [{ "cost-centre/ü": "Zürich 12 +=.:_@" }] },
          },
        ],
  );

const F = SETTINGS_FIELDS;
export const FIELD_RULES: readonly FieldRule[] = [
  {
    code: "mutability.invalid",
    field: F.imageTagMutability,
    kind: "one-of",
    values: IMAGE_TAG_MUTABILITIES,
    message: `use one of ${IMAGE_TAG_MUTABILITIES.map((m) => `"${m}"`).join(", ")}`,
    examples: { bad: ["mutable", "IMMUTABLE "], good: [...IMAGE_TAG_MUTABILITIES] },
  },
  {
    code: "exclusion-filter.invalid",
    field: F.imageTagMutabilityExclusionFilters,
    kind: "each-pattern",
    pattern: EXCLUSION_FILTER_PATTERN,
    message: `an exclusion filter is an ECR wildcard filter, ${EXCLUSION_FILTER_PATTERN.source}`,
    examples: { bad: [["a b"], ["ok", "x".repeat(129)], [""]], good: [["dev-*", "v1.*", "x".repeat(128)]] },
  },
  {
    code: "encryption.invalid",
    field: F.encryptionType,
    kind: "one-of",
    values: ENCRYPTION_TYPES,
    message: `use one of ${ENCRYPTION_TYPES.map((e) => `"${e}"`).join(", ")}`,
    examples: { bad: ["SSE", "kms"], good: [...ENCRYPTION_TYPES] },
  },
  {
    code: "kms-key.invalid",
    field: F.kmsKey,
    kind: "pattern",
    pattern: KMS_KEY_ARN_PATTERN,
    message: "use a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); the function's role is scoped to the key's ARN",
    examples: {
      bad: ["alias/ecr", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:111122223333:alias/ecr"],
      good: ["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1"],
    },
  },
  ...policyRules(F.lifecyclePolicy, "lifecycle", "lifecycle-policy", ECR_LIMITS.lifecyclePolicyMin, ECR_LIMITS.lifecyclePolicyMax),
  ...policyRules(F.repositoryPolicy, "repository", "repository-policy", ECR_LIMITS.repositoryPolicyMin, ECR_LIMITS.repositoryPolicyMax),
  {
    code: "tags.count",
    field: F.tags,
    kind: "tag-count",
    max: MAX_CONFIGURED_TAGS,
    message: `at most ${MAX_CONFIGURED_TAGS} tags fit (AWS allows ${ECR_LIMITS.tagsPerResource} per resource, and ${FUNCTION_TAG_KEYS.length} are added)`,
    examples: { bad: [tagsOf(MAX_CONFIGURED_TAGS + 1)], good: [tagsOf(MAX_CONFIGURED_TAGS)] },
  },
  {
    code: "tag-key.length",
    field: F.tags,
    kind: "tag-key-length",
    min: 1,
    max: ECR_LIMITS.tagKeyLength,
    message: `tag keys have 1-${ECR_LIMITS.tagKeyLength} characters`,
    examples: { bad: [{ ["k".repeat(ECR_LIMITS.tagKeyLength + 1)]: "v" }, { "": "v" }], good: [{ ["k".repeat(ECR_LIMITS.tagKeyLength)]: "v", k: "v" }] },
  },
  {
    code: "tag-key.reserved",
    field: F.tags,
    kind: "tag-key-prefix",
    prefix: "aws:",
    message: 'tag keys may not use the reserved "aws:" prefix, in any case',
    examples: { bad: [{ "aws:team": "x" }, { "AWS:team": "x" }], good: [{ "awsteam": "x", "team:aws": "x" }] },
  },
  {
    code: "tag-key.reserved",
    field: F.tags,
    kind: "tag-key-reserved",
    keys: FUNCTION_TAG_KEYS,
    construct: "prefix-only",
    message: `${FUNCTION_TAG_KEYS.join(" and ")} are set by the function itself (its name, and the pusher's ARN)`,
    examples: { bad: [{ [CREATED_BY_TAG]: "me" }, { [CREATED_FOR_TAG]: "me" }], good: [{ "created-by-team": "me" }] },
  },
  {
    code: "tag-value.length",
    field: F.tags,
    kind: "tag-value-length",
    max: ECR_LIMITS.tagValueLength,
    message: `tag values have at most ${ECR_LIMITS.tagValueLength} characters`,
    examples: { bad: [{ k: "v".repeat(ECR_LIMITS.tagValueLength + 1) }], good: [{ k: "v".repeat(ECR_LIMITS.tagValueLength), e: "" }] },
  },
  ...tagCharacterRules(F.tags, REPOSITORY_TAG_SERVICES),
];

/**
 * The rules on the stack's own `tags`: the repository tags' limits (lengths, count, the aws: prefix), and the
 * character sets of the services those resources live in rather than ECR's.
 */
export const STACK_TAG_RULES: readonly FieldRule[] = [
  ...FIELD_RULES.filter((rule) => rule.field === F.tags && rule.kind !== "tag-characters" && rule.construct !== "prefix-only"),
  ...tagCharacterRules(F.tags, STACK_TAG_SERVICES),
];

/** The count of tags a configuration may set, which a prefix's tags must also meet merged over the catch-all's. */
export const TAG_COUNT_RULE = FIELD_RULES.find((rule) => rule.kind === "tag-count") as Extract<FieldRule, { kind: "tag-count" }>;

/** The rules on one field. */
export const rulesOf = (field: SettingsField): FieldRule[] => FIELD_RULES.filter((rule) => rule.field === field);

/** Where `value` breaks `rule`: `at` is "" for the value itself, or an item's "[0]" / `["key"]`. Empty when it keeps it. */
export interface Offender {
  readonly at: string;
  readonly value: unknown;
}

const isText = (value: unknown): value is string => typeof value === "string";
const entriesOf = (value: unknown): [string, unknown][] => (typeof value === "object" && value !== null ? Object.entries(value) : []);
const keysOf = (value: unknown): string[] => entriesOf(value).map(([key]) => key);
const atKey = (key: string) => `[${JSON.stringify(key)}]`;

function isJsonObjectText(text: unknown): boolean {
  if (!isText(text)) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * The TypeScript reading of `rule`, for a value of the field's type (the function checks types first). Null, and
 * a prefix override's "none" value, are for the caller to skip.
 */
export function offenders(rule: FieldRule, value: unknown): Offender[] {
  const whole = (ok: boolean): Offender[] => (ok ? [] : [{ at: "", value }]);
  const keys = (test: (key: string) => boolean): Offender[] => keysOf(value).filter((key) => !test(key)).map((key) => ({ at: atKey(key), value: key }));
  switch (rule.kind) {
    case "one-of":
      return whole(isText(value) && rule.values.includes(value));
    case "pattern":
      return whole(isText(value) && rule.pattern.test(value));
    case "each-pattern":
      return (Array.isArray(value) ? value : []).flatMap((item, i) => (isText(item) && rule.pattern.test(item) ? [] : [{ at: `[${i}]`, value: item }]));
    case "json-object":
      return whole(isJsonObjectText(value));
    case "length":
      return whole(isText(value) && value.length >= rule.min && value.length <= rule.max);
    case "tag-count":
      return whole(keysOf(value).length <= rule.max);
    case "tag-key-length":
      return keys((key) => key.length >= rule.min && key.length <= rule.max);
    case "tag-key-prefix":
      return keys((key) => !key.toLowerCase().startsWith(rule.prefix));
    case "tag-key-reserved":
      return keys((key) => !rule.keys.includes(key));
    case "tag-value-length":
      return entriesOf(value).flatMap(([key, tag]) => (isText(tag) && tag.length > rule.max ? [{ at: atKey(key), value: tag }] : []));
    case "tag-characters":
      return entriesOf(value).flatMap(([key, tag]) => [key, ...(isText(tag) ? [tag] : [])].filter((text) => !rule.pattern.test(text)).map((text) => ({ at: atKey(key), value: text })));
  }
}

/** Text cut to `max` characters, the cut marked with "...". */
export const abbreviate = (text: string, max = 60): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

/** A value as messages show it: its JSON, at most 80 characters. */
export const show = (value: unknown): string => abbreviate(JSON.stringify(value) ?? String(value), 80);

/** How both TypeScript renderers show an offending value: short, with the count or length a limit is about. */
function showOffender(rule: FieldRule, offender: Offender): string {
  const { value } = offender;
  if (rule.kind === "tag-count") return `${keysOf(value).length} tags`;
  if (rule.kind === "tag-characters") return `${JSON.stringify(abbreviate(String(value)))} has ${JSON.stringify(firstBadCharacter(String(value), rule.characters))}`;
  const text = JSON.stringify(isText(value) ? abbreviate(value) : value) ?? String(value);
  if (rule.kind === "length" || rule.kind === "tag-key-length" || rule.kind === "tag-value-length") return `${text} (${String(value).length} characters)`;
  return abbreviate(text, 80);
}

/** One problem, as both TypeScript renderers word it: `<path><at>: <value>: <message>`. */
export const describeOffender = (rule: FieldRule, path: string, offender: Offender): string => `${path}${offender.at}: ${showOffender(rule, offender)}: ${rule.message}`;
