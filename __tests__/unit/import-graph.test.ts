/** The modules of lib/ and handler/ import each other without a circle (type-only imports count too). */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gm;

/** Relative imports of every .ts file under `dirs`, as repository paths. */
function importGraph(dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const targets = [...readFileSync(join(ROOT, file), "utf8").matchAll(IMPORT)].map((m) => {
      const base = resolve(ROOT, dirname(file), m[1]!);
      const target = [`${base}.ts`, join(base, "index.ts")].find(existsSync);
      if (!target) throw new Error(`${file} imports ${m[1]}, which is not a .ts file`);
      return relative(ROOT, target);
    });
    graph.set(file, targets);
    targets.forEach(visit);
  };
  for (const dir of dirs) for (const entry of readdirSync(join(ROOT, dir))) if (entry.endsWith(".ts")) visit(join(dir, entry));
  return graph;
}

/** Every import circle, each as the path that closes it. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const walk = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, "open");
    for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) walk(file, []);
  return found;
}

describe("import graph", () => {
  it("finds a circle when there is one", () => {
    // Arrange
    const graph = new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]]);

    // Act
    const found = circles(graph);

    // Assert
    expect(found).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("has no circle in lib/, handler/ and main.ts", () => {
    // Act
    const graph = importGraph(["lib", "handler", "."]);

    // Assert
    expect(graph.size).toBeGreaterThan(25);
    expect(circles(graph)).toEqual([]);
  });

  it("loads no vitest from the bench/ scripts, which run outside it", () => {
    // Act
    const graph = importGraph(["bench"]);
    const withVitest = [...graph.keys()].filter((file) => /from\s+"vitest"/.test(readFileSync(join(ROOT, file), "utf8")));

    // Assert: the walk reaches the test harnesses the scripts share.
    expect([...graph.keys()]).toContain("__tests__/reliability/support.ts");
    expect(withVitest).toEqual([]);
  });
});
