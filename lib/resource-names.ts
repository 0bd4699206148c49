/**
 * The names the stacks give AWS resources, each built from the `name` input and the Region, with AWS's limit for
 * it. One table read twice: synth refuses a literal name that fits no Region (lib/name-checks.ts), and each
 * resource's precondition measures its name in the Region Terraform plans for.
 */
import { Fn, Op } from "./framework";
import type { Precondition } from "./errors";

/**
 * The shortest AWS Region codes (us-east-1, eu-west-1, sa-east-1) have 9 characters: every code is an area, a
 * direction of at least four letters and a number. A name too long with one of them is too long everywhere.
 */
export const SHORTEST_REGION = "us-east-1";
/** The longest (ap-southeast-7, 14 characters), for what must fit in every Region. */
export const LONGEST_REGION = "ap-southeast-7";

export interface ResourceName {
  /** What the name names, for messages: "the rule name". */
  readonly what: string;
  /** Whose limit it is: "EventBridge". */
  readonly service: string;
  readonly max: number;
  /** The name from its parts; a Terraform expression when either part is one. */
  readonly build: (name: string, region: string) => string;
}

/** Rule names are this prefix plus `<name>-<region>`, as in the Paradigm module. */
export const RULE_NAME_PREFIX = "ecr-repo-404-on-push-for-";

export const RULE_NAME: ResourceName = { what: "the rule name", service: "EventBridge", max: 64, build: (name, region) => `${RULE_NAME_PREFIX}${name}-${region}` };
export const FUNCTION_NAME: ResourceName = { what: "the function name", service: "Lambda", max: 64, build: (name, region) => `${name}-${region}` };
/** The role ECR assumes for native mode's templates. */
export const TEMPLATES_ROLE_NAME: ResourceName = { what: "the role name", service: "IAM", max: 64, build: (name, region) => `${name}-templates-${region}` };
/** The AWS sample's role name, kept by its stack (lib/compat-stacks.ts). */
export const SAMPLE_ROLE_NAME: ResourceName = { what: "the role name", service: "IAM", max: 64, build: (name, region) => `${name}-lambda-role-${region}` };

/** The function's log group, named by Lambda after the function (`<name>-<region>`). */
export const logGroupName = (functionName: string): string => `/aws/lambda/${functionName}`;
/** The dead-letter queue, named after the function. */
export const deadLetterQueueName = (functionName: string): string => `${functionName}-dlq`;

/** The name's shape, for messages: `ecr-repo-404-on-push-for-<name>-<region>`. */
export const shapeOf = (resource: ResourceName): string => resource.build("<name>", "<region>");

/** The longest `name` that keeps this resource's name within its limit in `region` (by default the shortest). */
export const longestName = (resource: ResourceName, region = SHORTEST_REGION): number => resource.max - resource.build("", region).length;

/** The resource's name within its limit, checked by Terraform for the Region it plans for. */
export function namePrecondition(resource: ResourceName, name: string): Precondition {
  return {
    condition: Op.lte(Fn.lengthOf(name), resource.max),
    errorMessage: `name: ${resource.what} "${shapeOf(resource)}" is longer than ${resource.service}'s ${resource.max} characters; use a shorter name.`,
  };
}
