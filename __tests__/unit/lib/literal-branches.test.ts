/**
 * Builders never ask whether a value is literal: they call `derive` or the helpers beside it in lib/tokens.ts.
 * Only tokens.ts and the synth-time checks (lib/validate.ts, lib/*-checks.ts) call isLiteral, since a check can
 * only look at what synth knows and leaves the rest to Terraform's plan-time checks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const LIB = resolve(__dirname, "../../../lib");
const ALLOWED = /^(tokens|validate|[a-z-]+-checks)\.ts$/;

/** Every .ts file under lib/, as a path relative to lib/. */
function libFiles(dir = ""): string[] {
  return readdirSync(join(LIB, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The files of `files` whose code, comments removed, calls `fn`. */
function callers(files: readonly string[], fn: string): string[] {
  const call = new RegExp(`(?<![\\w.])${fn}\\(`);
  return files.filter((file) => {
    const code = readFileSync(join(LIB, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    return call.test(code);
  });
}

describe("literal and token branches in lib/", () => {
  const files = libFiles();

  it("finds the calls it looks for", () => {
    // Assert: the search works, or the check below would pass on nothing.
    expect(callers(files, "isLiteral")).toEqual(expect.arrayContaining(["tokens.ts", "validate.ts"]));
    expect(callers(files, "derive").length).toBeGreaterThanOrEqual(3);
    expect(callers(["tokens.ts"], "nowhereCalled")).toEqual([]);
  });

  it("calls isLiteral only in lib/tokens.ts and the synth-time checks", () => {
    // Act
    const found = callers(files, "isLiteral");

    // Assert
    expect(found.filter((file) => !ALLOWED.test(file))).toEqual([]);
  });
});
