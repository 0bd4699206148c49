/**
 * lib/hcl.ts writes every HCL expression the stacks hold. Terraform itself evaluates what it writes here (one
 * `terraform console` call for all cases) and must agree with the TypeScript twin of each rule.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXCLUSION_FILTER_PATTERN, KMS_KEY_ARN_PATTERN } from "../../handler/ecr-model";
import { isWithinPrefixes, REPOSITORY_NAME_PATTERN } from "../../handler/repository-names";
import * as H from "../../lib/hcl";
import { evaluateHcl } from "../../scripts/terraform";

const TRICKY = 'a "quoted" ${not.a.reference} %{ if x } back\\slash\nnew line';
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** Each case: the HCL hcl.ts writes, and the value TypeScript gives for the same question. */
const CASES: Record<string, [H.Expr, unknown]> = {
  "a string with quotes, ${, %{, a backslash and a newline": [H.str(TRICKY), TRICKY],
  "fromTemplateText undoes asTemplateText": [H.str(H.fromTemplateText(H.asTemplateText(TRICKY))), TRICKY],
  "a list literal": [H.list(["a", 1, "b"]), ["a", 1, "b"]],
  "a JSON object literal": [H.json({ k: [true, null, "v"] }), { k: [true, null, "v"] }],
  ...Object.fromEntries(
    (
      [
        [REPOSITORY_NAME_PATTERN, "team/api"],
        [REPOSITORY_NAME_PATTERN, "Team/api"],
        [REPOSITORY_NAME_PATTERN, "team--a/x__y"],
        [KMS_KEY_ARN_PATTERN, KEY],
        [KMS_KEY_ARN_PATTERN, "alias/ecr"],
        [EXCLUSION_FILTER_PATTERN, "dev-*"],
        [EXCLUSION_FILTER_PATTERN, "a b"],
        [/^nodejs(2[2-9]|[3-9][0-9])\.x$/, "nodejs22.x"],
        [/^nodejs(2[2-9]|[3-9][0-9])\.x$/, "nodejs22x"],
      ] as const
    ).map(([re, text]) => [`${re.source} on ${JSON.stringify(text)}`, [H.matches(re, H.str(text)), re.test(text)]]),
  ),
  ...Object.fromEntries(
    (
      [
        ["team/api", "team"],
        ["team", "team/"],
        ["team-b/api", "team"],
        ["team/", "team"],
        ["teamx", "team"],
      ] as const
    ).map(([key, prefix]) => [`withinPrefix(${key}, ${prefix})`, [H.withinPrefix(H.str(key), H.str(prefix)), isWithinPrefixes(key, [prefix])]]),
  ),
  "a filtered for-expression over a list": [H.forList("p", H.list(["team/", "x", "y/"]), H.barePrefix("p"), H.ne("p", H.str("x"))), ["team", "y"]],
  "a filtered for-expression into a map, with an object": [
    H.forMap("k, v", H.json({ a: 1, b: 2 }), "k", H.object({ n: "v", twice: "v * 2" }), H.gte("v", 2)),
    { b: { n: 2, twice: 4 } },
  ],
  "every, on items that pass and one that does not": [H.tuple([H.every("n", H.list([1, 2]), H.lte("n", 2)), H.every("n", H.list([1, 3]), H.lte("n", 2))]), [true, false]],
  "null-or and or-empty": [H.tuple([H.nullOr("null", "false"), H.length(H.orEmpty("null", "{}")), H.paren(H.cond(H.isNull(H.str("x")), H.str("null"), H.str("set")))]), [true, 0, "set"]],
  "a template with a suffix": [H.templateWithSuffix(H.index(H.call("split", H.str("/"), H.barePrefix(H.str("team/api/"))), 0), "/${x}"), "team/${x}"],
  "a JSON object check and a whole number": [H.tuple([H.isJsonObject(H.str('{"a":1}')), H.isJsonObject(H.str("[1]")), H.isWhole("2.5")]), [true, false, false]],
  "try falls back": [H.tryOr(H.index(H.list([]), 0), H.str("ROOT")), "ROOT"],
};

describe("HCL written by lib/hcl.ts, evaluated by Terraform", () => {
  let evaluated: Record<string, unknown>;

  beforeAll(() => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), "ecop-hcl-"));
    const names = Object.keys(CASES);

    // Act: console evaluates only the last line it reads, so all cases go into one expression.
    const values = evaluateHcl(dir, H.tuple(names.map((name) => CASES[name]![0]))) as unknown[];
    evaluated = Object.fromEntries(names.map((name, i) => [name, values[i]]));
  });

  it("evaluates every case", () => {
    // Assert
    expect(Object.keys(evaluated)).toHaveLength(Object.keys(CASES).length);
  });

  it.each(Object.keys(CASES))("%s", (name) => {
    // Assert
    expect(evaluated[name]).toEqual(CASES[name]![1]);
  });
});
