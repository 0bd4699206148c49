/**
 * What a library user can name: every type a public member refers to is importable from the package, and every
 * member of a public class or interface carries JSDoc, as the config's props do. Read from the declarations the
 * build emits (tsconfig.build.json), which are what the npm package ships.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/synth";

interface Declaration {
  readonly file: string;
  readonly name: string;
  readonly kind: string;
  /** Its text, comments included. */
  readonly text: string;
}

interface Module {
  readonly declarations: Map<string, Declaration>;
  /** Local name -> [module file, name there], for relative imports and re-exports. */
  readonly imports: Map<string, [string, string]>;
  /** Exported name -> [module file, name there] for `export { … } from`, and local exports. */
  readonly exports: Map<string, [string, string]>;
  /** `export * from` targets. */
  readonly star: string[];
}

const DECLARATION = /^(export )?(?:declare )?(?:abstract )?(class|interface|type|function|const|enum) (\w+)/;
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");

/** The declarations, imports and exports of one .d.ts file. */
export function parseDeclarations(file: string, text: string): Module {
  const module: Module = { declarations: new Map(), imports: new Map(), exports: new Map(), star: [] };
  const target = (spec: string) => resolve(dirname(file), `${spec.replace(/\.js$/, "")}.d.ts`);
  for (const m of text.matchAll(/^(import|export)(?: type)? \{([^}]*)\} from "(\.[^"]+)";/gm)) {
    for (const part of m[2].split(",").map((p) => p.trim().replace(/^type /, "")).filter(Boolean)) {
      const [theirs, ours = theirs] = part.split(/\s+as\s+/);
      (m[1] === "import" ? module.imports : module.exports).set(ours, [target(m[3]), theirs]);
    }
  }
  for (const m of text.matchAll(/^export \* from "(\.[^"]+)";/gm)) module.star.push(target(m[1]));
  const lines = text.split("\n");
  let start = 0;
  let current: { name: string; kind: string; exported: boolean; from: number } | undefined;
  const close = (end: number) => {
    if (!current) return;
    const name = current.name;
    module.declarations.set(name, { file, name, kind: current.kind, text: lines.slice(current.from, end).join("\n") });
    if (current.exported) module.exports.set(name, [file, name]);
  };
  lines.forEach((line, i) => {
    if (/^\/\*\*/.test(line) && !current?.name) start = i;
    const m = DECLARATION.exec(line);
    if (!m) return;
    close(i);
    // The JSDoc block just above belongs to this declaration.
    const from = start < i && lines.slice(start, i).every((l) => /^\s*(\/\*\*|\*)/.test(l)) ? start : i;
    current = { name: m[3], kind: m[2], exported: m[1] !== undefined, from };
    start = i + 1;
  });
  close(lines.length);
  return module;
}

describe("the package's public types", () => {
  let out: string;
  const modules = new Map<string, Module>();

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "ecop-declarations-"));
    execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--emitDeclarationOnly", "--outDir", out], { cwd: ROOT });
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".d.ts"));
    for (const e of files) {
      const file = join(e.parentPath, e.name);
      modules.set(file, parseDeclarations(file, readFileSync(file, "utf8")));
    }
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  /** Where an exported name of `file` is declared, following re-exports. */
  function resolveExport(file: string, name: string, seen = new Set<string>()): Declaration | undefined {
    const module = modules.get(file);
    if (!module || seen.has(`${file}#${name}`)) return undefined;
    seen.add(`${file}#${name}`);
    const direct = module.exports.get(name);
    if (direct) return direct[0] === file ? module.declarations.get(direct[1]) : resolveExport(direct[0], direct[1], seen);
    for (const star of module.star) {
      const found = resolveExport(star, name, seen);
      if (found) return found;
    }
    return undefined;
  }

  /** Every declaration reachable from the package's exports through the names their text uses. */
  function reachable(): { publicNames: Map<Declaration, string>; reached: Map<Declaration, string> } {
    const index = join(out, "lib", "index.d.ts");
    const indexModule = modules.get(index)!;
    const names = [...indexModule.exports.keys()];
    const publicNames = new Map(names.map((n) => [resolveExport(index, n)!, n] as const));
    const reached = new Map<Declaration, string>();
    const queue: [Declaration | undefined, string][] = [...publicNames.keys()].map((d) => [d, "the package"]);
    while (queue.length > 0) {
      const [declaration, via] = queue.shift()!;
      if (!declaration || reached.has(declaration)) continue;
      reached.set(declaration, via);
      const module = modules.get(declaration.file)!;
      for (const [identifier] of stripComments(declaration.text).matchAll(/\b[A-Z]\w*\b/g)) {
        const local = module.declarations.get(identifier);
        const imported = module.imports.get(identifier);
        const found = local && local !== declaration ? local : imported ? resolveExport(imported[0], imported[1]) : undefined;
        if (found) queue.push([found, declaration.name]);
      }
    }
    return { publicNames, reached };
  }

  it("finds the declarations it checks", () => {
    // Assert: the parsing works, or the checks below would pass on nothing.
    const { reached } = reachable();
    const names = [...reached.keys()].map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(["EcrCreateOnPush", "EcrLambdaCreateOnPush", "Alarms", "Mode", "ResolvedConfig", "PrefixSettings"]));
    const parsed = parseDeclarations("/x/a.d.ts", 'import { B } from "./b";\n/** Doc. */\nexport declare class A {\n    readonly b: B;\n}\ndeclare const c = 1;\n');
    expect([...parsed.declarations.keys()]).toEqual(["A", "c"]);
    expect(parsed.imports.get("B")).toEqual(["/x/b.d.ts", "B"]);
    expect(parsed.declarations.get("A")!.text).toMatch(/^\/\*\* Doc\. \*\//);
  });

  it("lets a user import every type a public member refers to", () => {
    // Act
    const { publicNames, reached } = reachable();
    const missing = [...reached].filter(([d]) => publicNames.get(d) !== d.name).map(([d, via]) => `${d.name} (${relative(out, d.file)}, used by ${via})`);

    // Assert
    expect(missing).toEqual([]);
  });

  it("documents every member of a public class or interface", () => {
    // Act
    const { reached } = reachable();
    const undocumented = [...reached.keys()]
      .filter((d) => d.kind === "class" || d.kind === "interface")
      .flatMap((d) => {
        const lines = d.text.split("\n");
        return lines.flatMap((line, i) => {
          // A member at the body's first level: `    readonly x: T;` or `    get x(): T;`, not private ones.
          const member = /^ {4}(?:static )?(?:readonly |get )(\w+)/.exec(line);
          if (!member) return [];
          return /\*\/\s*$/.test(lines[i - 1] ?? "") ? [] : [`${d.name}.${member[1]}`];
        });
      });

    // Assert
    expect(undocumented).toEqual([]);
  });
});
