/**
 * The one module that writes HCL expression text: literals and their escaping, references, calls, operators,
 * conditionals and for-expressions. Every builder elsewhere composes these, so a quoting or escaping rule lives
 * here once. Each function takes expressions (text) and returns an expression; `str`, `json` and `list`
 * turn JavaScript values into literal expressions. Pure: no framework import.
 */

/** HCL expression text. */
export type Expr = string;

/**
 * A literal string as Terraform keeps it in a JSON configuration or inside an HCL string: "${" and "%{" would start
 * an interpolation or a directive, and IAM policy variables like ${aws:username} must reach AWS as text.
 */
export function asTemplateText(text: string): string {
  return text.replaceAll("${", () => "$${").replaceAll("%{", () => "%%{");
}

/** What AWS receives of `text` once Terraform has read it: asTemplateText undone. */
export function fromTemplateText(text: string): string {
  return text.replaceAll("$${", "${").replaceAll("%%{", "%{");
}

/** A literal JSON value (string, number, boolean, null, list, object) as HCL: JSON is valid HCL for all of them. */
export const json = (value: unknown): Expr => asTemplateText(JSON.stringify(value ?? null));
/** A string literal. */
export const str = (text: string): Expr => json(text);
/** A list literal of strings or numbers, one space after each comma. */
export const list = (values: readonly (string | number)[]): Expr => `[${values.map(json).join(", ")}]`;
/** A list of expressions. */
export const tuple = (items: readonly Expr[]): Expr => `[${items.join(", ")}]`;
/** A regular expression as an HCL string literal for regex(); RE2 and JavaScript agree on the patterns we use. */
export const regexLiteral = (re: RegExp): Expr => str(re.source.replaceAll("\\/", "/"));

/** References. */
export const variable = (name: string): Expr => `var.${name}`;
export const local = (name: string): Expr => `local.${name}`;
export const attr = (object: Expr, name: string): Expr => `${object}.${name}`;
/** An attribute of the current instance of a counted resource, which has no cdktf accessor. */
export const countedAttribute = (resource: { readonly terraformResourceType: string; readonly friendlyUniqueId: string }, name: string): Expr =>
  `${resource.terraformResourceType}.${resource.friendlyUniqueId}[count.index].${name}`;
/** A file of the stack folder, found whether the folder is the root module or a child module. */
export const moduleFile = (path: string): string => interpolate("path.module") + `/${path}`;

/** `expr` as a whole attribute value in a JSON configuration, where Terraform reads `${…}` as an expression. */
export const interpolate = (expr: Expr): string => `\${${expr}}`;

export const call = (name: string, ...args: Expr[]): Expr => `${name}(${args.join(", ")})`;
export const length = (x: Expr): Expr => call("length", x);
export const contains = (collection: Expr, x: Expr): Expr => call("contains", collection, x);
export const alltrue = (x: Expr): Expr => call("alltrue", x);
export const anytrue = (x: Expr): Expr => call("anytrue", x);
export const trimsuffix = (x: Expr, suffix: string): Expr => call("trimsuffix", x, str(suffix));
export const startswith = (x: Expr, prefix: Expr): Expr => call("startswith", x, prefix);
/** Whether `x` matches `pattern` (a RegExp, or an HCL string expression), without failing when it does not. */
export const matches = (pattern: RegExp | Expr, x: Expr): Expr => call("can", call("regex", typeof pattern === "string" ? pattern : regexLiteral(pattern), x));
/** A namespace prefix without its implied trailing "/". */
export const barePrefix = (prefix: Expr): Expr => trimsuffix(prefix, "/");
/** `name` is `prefix` itself or lies under it (a trailing "/" implied on `prefix`). */
export const withinPrefix = (name: Expr, prefix: Expr): Expr => or(eq(barePrefix(name), barePrefix(prefix)), startswith(name, call("format", str("%s/"), barePrefix(prefix))));
/** `x` is a JSON object (keys() fails on anything else). */
export const isJsonObject = (x: Expr): Expr => call("can", call("keys", call("jsondecode", x)));
export const isWhole = (x: Expr): Expr => eq(call("floor", x), x);

export const paren = (x: Expr): Expr => `(${x})`;
export const not = (x: Expr): Expr => `!${x}`;
export const and = (...xs: Expr[]): Expr => xs.join(" && ");
export const or = (...xs: Expr[]): Expr => xs.join(" || ");
export const eq = (a: Expr, b: Expr): Expr => `${a} == ${b}`;
export const ne = (a: Expr, b: Expr): Expr => `${a} != ${b}`;
export const lte = (a: Expr, b: Expr | number): Expr => `${a} <= ${b}`;
export const gte = (a: Expr, b: Expr | number): Expr => `${a} >= ${b}`;
export const isNull = (x: Expr): Expr => eq(x, "null");
export const cond = (test: Expr, whenTrue: Expr, whenFalse: Expr): Expr => `${test} ? ${whenTrue} : ${whenFalse}`;
/** `test` when `x` is set; true when it is null. */
export const nullOr = (x: Expr, test: Expr): Expr => cond(isNull(x), "true", paren(test));
/** `x`, or `empty` when it is null. */
export const orEmpty = (x: Expr, empty: Expr): Expr => cond(isNull(x), empty, x);
export const index = (x: Expr, i: Expr | number): Expr => `${x}[${i}]`;
export const tryOr = (...xs: Expr[]): Expr => call("try", ...xs);

/** `[for <item> in <collection> : <body> if <filter>]`; `item` may be "k, v". */
export const forList = (item: string, collection: Expr, body: Expr, filter?: Expr): Expr => `[for ${item} in ${collection} : ${body}${filter === undefined ? "" : ` if ${filter}`}]`;
/** `{ for <item> in <collection> : <key> => <value> if <filter> }`. */
export const forMap = (item: string, collection: Expr, key: Expr, value: Expr, filter?: Expr): Expr =>
  `{ for ${item} in ${collection} : ${key} => ${value}${filter === undefined ? "" : ` if ${filter}`} }`;
/** An object constructor, `{ a = x, b = y }`. */
export const object = (fields: Readonly<Record<string, Expr>>): Expr => `{ ${Object.entries(fields).map(([k, v]) => `${k} = ${v}`).join(", ")} }`;
/** Every element of `collection` satisfies `test` on `item`. */
export const every = (item: string, collection: Expr, test: Expr): Expr => alltrue(forList(item, collection, test));
/** A string template: `"${expr}<suffix>"`, the suffix kept as text. */
export const templateWithSuffix = (expr: Expr, suffix: string): Expr => `"${interpolate(expr)}${str(suffix).slice(1, -1)}"`;
