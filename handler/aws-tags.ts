/**
 * Which characters each service accepts in tag keys and values, as its API model says. The stack's own resources
 * carry `tags` to IAM (roles, policies), CloudWatch Logs (the log group), Lambda, SQS, EventBridge and CloudWatch
 * (alarms); repositories carry `repo_tags` to ECR. field-rules.ts turns each service with a character set into a
 * rule that synth, plan and the function all read.
 */

/** AWS's common tag character set: Unicode letters, separators (spaces) and numbers, and `_ . : / = + - @`. */
export const TAG_CHARACTER_CLASS = "\\p{L}\\p{Z}\\p{N}_.:/=+\\-@";
/** The set in words, for messages. */
export const TAG_CHARACTERS_IN_WORDS = 'letters, digits, spaces and _ . : / = + - @';

export interface TagService {
  /** The service, as messages name it. */
  readonly service: string;
  /** The calls that send the tags. */
  readonly calls: string;
  /** The character set its model enforces on keys and values, or null when its model sets none. */
  readonly characters: string | null;
  readonly source: string;
}

/**
 * Sources: the services' API models (botocore `data/<service>/<version>/service-2.json`, read through
 * CoreOxide/aws_resource_validator `docs/api/<service>.md`, which lists every shape with a pattern), Dec 2026.
 */
export const TAG_SERVICES = {
  /** iam 2010-05-08 `tagKeyType` / `tagValueType`: pattern `[\p{L}\p{Z}\p{N}_.:/=+\-@]+` / `...*`. */
  iam: { service: "IAM", calls: "CreateRole, CreatePolicy", characters: TAG_CHARACTER_CLASS, source: "IAM API model tagKeyType/tagValueType" },
  /** logs 2014-03-28 `TagKey` / `TagValue`: pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$` / `...*`. */
  logs: { service: "CloudWatch Logs", calls: "CreateLogGroup", characters: TAG_CHARACTER_CLASS, source: "CloudWatch Logs API model TagKey/TagValue" },
  /**
   * ecr 2015-09-21 `TagKey` / `TagValue` have lengths only (ECR API reference, TagResource: "Tag keys can have a
   * maximum character length of 128 characters, and tag values ... 256"). The ECR user guide's tag restrictions
   * name AWS's common set (UNCONFIRMED that ECR enforces it), which the function and the templates keep to, so a
   * tag that IAM conditions (aws:ResourceTag) can name is what repositories get.
   */
  ecr: { service: "ECR", calls: "CreateRepository, CreateRepositoryCreationTemplate", characters: TAG_CHARACTER_CLASS, source: "ECR user guide, tag restrictions" },
  /** lambda 2015-03-31 `TagKey` / `TagValue`: no pattern in the model (UNCONFIRMED beyond the listing's absence). */
  lambda: { service: "Lambda", calls: "CreateFunction", characters: null, source: "Lambda API model TagKey/TagValue" },
  /** sqs 2012-11-05 `TagKey` / `TagValue`: no pattern in the model (UNCONFIRMED). */
  sqs: { service: "SQS", calls: "CreateQueue", characters: null, source: "SQS API model TagKey/TagValue" },
  /** events 2015-10-07: only RuleName and TargetId have patterns. */
  events: { service: "EventBridge", calls: "PutRule", characters: null, source: "EventBridge API model Tag" },
  /** monitoring 2010-08-01: TagKey and TagValue have no pattern. */
  cloudwatch: { service: "CloudWatch", calls: "PutMetricAlarm", characters: null, source: "CloudWatch API model TagKey/TagValue" },
} as const satisfies Record<string, TagService>;

/** The services the stack's own `tags` reach, and those `repo_tags` reach. */
export const STACK_TAG_SERVICES: readonly TagService[] = [TAG_SERVICES.iam, TAG_SERVICES.logs, TAG_SERVICES.lambda, TAG_SERVICES.sqs, TAG_SERVICES.events, TAG_SERVICES.cloudwatch];
export const REPOSITORY_TAG_SERVICES: readonly TagService[] = [TAG_SERVICES.ecr];

/** The whole-text pattern of a character set. */
export const tagPattern = (characters: string): RegExp => new RegExp(`^[${characters}]*$`, "u");

/** The first character of `text` outside `characters`, or undefined. */
export function firstBadCharacter(text: string, characters: string): string | undefined {
  const one = new RegExp(`^[${characters}]$`, "u");
  return [...text].find((c) => !one.test(c));
}
