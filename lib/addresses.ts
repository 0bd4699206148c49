import type { Node } from "constructs";
import { TerraformDataSource, TerraformElement, TerraformResource, type TerraformStack } from "./framework";
import { ALARM_ID_SUFFIX } from "./alarms";

/**
 * Readable Terraform addresses for the stacks of this package (EcrCreateOnPushStack), as Terraform modules write
 * them: `aws_lambda_function.this`, `aws_iam_role.this`, `data.aws_region.current`. People type these in
 * `state mv`, `-target` and `import`, and review them in plans. Stacks of users' own apps that import the
 * construct keep cdktf's hashed allocation, so their addresses never change under them.
 *
 * The names are keyed by construct id, which never changes (STYLE.md, Naming), so they are as stable as the ids.
 * A repeated part takes its id's number as a suffix: `rule-2` is `aws_cloudwatch_event_rule.this_2`,
 * `target-2` `aws_cloudwatch_event_target.this_2`, and so on for every id below.
 */
const READABLE_NAMES: Readonly<Record<string, string>> = {
  handler: "this",
  role: "this",
  "log-group": "this",
  rule: "this",
  target: "this",
  permission: "this",
  "invoke-config": "this",
  "dead-letter-queue": "this",
  "dead-letter-queue-policy": "this",
  template: "this",
  // Not `this`: the Paradigm module's inline policy (name_prefix, `repository/*`) sits at aws_iam_role_policy.this,
  // and a switch should destroy it rather than replace it with ours under its address.
  "role-policy": "access",
  "create-policy": "create",
  "create-policy-attachment": "create",
  partition: "current",
  region: "current",
};

/**
 * Native mode's own names where Lambda mode has the same id: a switch between modes in one stack then destroys
 * one role and creates the other, instead of replacing a role under one address (switch-mode.test.ts).
 */
const NATIVE_NAMES: Readonly<Record<string, string>> = { role: "templates", "role-policy": "templates", "create-policy": "templates", "create-policy-attachment": "templates" };

/** The scopes below the stack whose elements get readable names (the construct the stack builds), with their own names. */
const READABLE_SCOPES: readonly { readonly path: readonly string[]; readonly names: Readonly<Record<string, string>> }[] = [
  { path: ["ecr", "lambda"], names: {} },
  { path: ["ecr", "native"], names: NATIVE_NAMES },
];

/**
 * In Terraform's identifier characters, `-` as `_`; a repository prefix's `/` (`+` in a template's id) and `.` are
 * spelled `_s` and `_d`, so that the prefixes of ECR's usual names meet only in contrived cases, which
 * assertUniqueNames reports.
 */
function identifier(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, (c) => ({ "-": "_", "/": "_s", "+": "_s", ".": "_d" })[c] ?? `_${c.charCodeAt(0).toString(16)}`);
}

/** An alarm is named by what it watches: `errors-alarm` is `aws_cloudwatch_metric_alarm.errors` (lib/alarms.ts ids). */

/**
 * The readable name of a construct id: the table's, its numbered form (`rule-2` -> `this_2`), an alarm's without
 * its suffix, or the id in snake_case.
 */
function readableName(id: string): string {
  if (id in READABLE_NAMES) return READABLE_NAMES[id];
  if (id.endsWith(ALARM_ID_SUFFIX)) return identifier(id.slice(0, -ALARM_ID_SUFFIX.length));
  const numbered = /^(.*)-(\d+)$/.exec(id);
  if (numbered && numbered[1] in READABLE_NAMES) return `${READABLE_NAMES[numbered[1]]}_${numbered[2]}`;
  return identifier(id);
}

/** The path of `node` below `stack`, as construct ids. */
function pathBelow(stack: TerraformStack, node: Node): string[] {
  const scopes = node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id);
}

/** The readable name for `node`, or undefined when it lies outside the construct the stack builds. */
export function readableLogicalId(stack: TerraformStack, node: Node): string | undefined {
  const path = pathBelow(stack, node);
  const scope = READABLE_SCOPES.find((s) => path.length === s.path.length + 1 && s.path.every((id, i) => path[i] === id));
  const id = path[path.length - 1];
  return scope ? (scope.names[id] ?? readableName(id)) : undefined;
}

/** What kind of block an element is, with its type, so that two elements of one kind never share a name. */
function kindOf(element: TerraformElement): string {
  if (element instanceof TerraformDataSource) return `data.${element.terraformResourceType}`;
  if (element instanceof TerraformResource) return element.terraformResourceType;
  return element.constructor.name;
}

/**
 * Checks that no two elements of one kind in `stack` received one name (a new construct id that the table maps
 * onto an existing name), which Terraform would report far from its cause.
 */
export function assertUniqueNames(stack: TerraformStack): void {
  const seen = new Map<string, string>();
  for (const element of stack.node.findAll().filter(TerraformElement.isTerraformElement)) {
    if (readableLogicalId(stack, element.node) === undefined) continue;
    const key = `${kindOf(element)}.${element.friendlyUniqueId}`;
    const other = seen.get(key);
    if (other) throw new Error(`${key} is the address of both ${other} and ${element.node.path}; give one of them another construct id (lib/addresses.ts)`);
    seen.set(key, element.node.path);
  }
}

/**
 * Terraform `moved` blocks from the hashed address cdktf's default scheme gives each managed resource (the
 * addresses of 0.1.0, whose stacks used it) to its readable one, so that state written by 0.1.0 moves instead of
 * being destroyed. `legacy` is the default allocation. Without such an object in state a moved block does nothing.
 */
export function movesFromHashed(stack: TerraformStack, legacy: (element: TerraformElement) => string): { from: string; to: string }[] {
  return stack.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .filter((r) => readableLogicalId(stack, r.node) !== undefined)
    .map((r) => ({ from: `${r.terraformResourceType}.${legacy(r)}`, to: `${r.terraformResourceType}.${r.friendlyUniqueId}` }))
    .filter((m) => m.from !== m.to);
}
