import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CDKTF_SPECIFIER, CDKTN_RENAMES, FRAMEWORK_MODULES } from "../../../scripts/build";
import { ROOT } from "../../support/synth";

/** Module specifiers a TypeScript file imports, re-exports or requires. */
const specifiers = (text: string) => [...text.matchAll(/(?:\bfrom|\bimport|\brequire\()\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
const FRAMEWORK = /^(cdktf|cdktn)(\/|$)|^@(cdktf|cdktn)\//;
const sources = (dir: string) =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
const frameworkModules = FRAMEWORK_MODULES.map((m) => `lib/${m}.ts`);

describe("framework imports (the cdktn build renames them in lib/framework.ts and lib/aws.ts only)", () => {
  it.each([...sources("lib"), ...sources("handler")].filter((f) => !frameworkModules.includes(f)))("%s imports cdktf and its AWS binding only through lib/framework.ts and lib/aws.ts", (file) => {
    // Act
    const direct = specifiers(readFileSync(join(ROOT, file), "utf8")).filter((s) => FRAMEWORK.test(s));

    // Assert
    expect(direct).toEqual([]);
  });

  it("finds the imports it guards against", () => {
    // Act
    const found = specifiers('import { Fn } from "cdktf";\nexport { IamRole } from "@cdktf/provider-aws/lib/iam-role";\nconst x = require("cdktn");');

    // Assert
    expect(found.filter((s) => FRAMEWORK.test(s))).toEqual(["cdktf", "@cdktf/provider-aws/lib/iam-role", "cdktn"]);
  });

  it.each(frameworkModules)("%s imports only what the cdktn rename covers, and the rename leaves no cdktf import", (file) => {
    // Arrange
    const text = readFileSync(join(ROOT, file), "utf8");

    // Act
    const renamed = CDKTN_RENAMES.reduce((t, [from, to]) => t.replace(from, to), text);

    // Assert
    expect(specifiers(text).length).toBeGreaterThan(0);
    for (const s of specifiers(text)) expect(s).toMatch(/^cdktf$|^@cdktf\/provider-aws\/lib\/[\w-]+$/);
    expect(CDKTF_SPECIFIER.test(renamed)).toBe(false);
    expect(specifiers(renamed).every((s) => s === "cdktn" || s.startsWith("@cdktn/provider-aws/lib/"))).toBe(true);
  });
});
