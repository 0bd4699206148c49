/**
 * `npm run modules`: the ready Terraform modules of this repository. Synthesizes every stack main.ts writes (no
 * backend, as `npm run synth`) and copies each stack folder (cdk.tf.json and the handler zip under assets/) into
 * the tracked `modules/<stack>/`, with a README rendered from it. A tag of the repository is then a module release
 * that needs no Node.js: `source = "git::<repo>//modules/<stack>?ref=vX.Y.Z"`. The single source of modules/:
 * `__tests__/terraform/modules.test.ts` fails when the tracked copy differs from a fresh run.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MODULE_VERSION } from "../lib/stacks";
import { moduleReadme } from "./module-readme";
import { ROOT, synthApp } from "./synth";

export const MODULES_DIR = join(ROOT, "modules");

/** Writes every module folder into `into` (replacing what was there); returns the folders by stack name. */
export async function writeModules(into: string = MODULES_DIR): Promise<Record<string, string>> {
  const outdir = mkdtempSync(join(tmpdir(), "ecop-modules-"));
  try {
    // No backend and no adoption: a module's caller owns state and decides about import blocks.
    const stacks = await synthApp(outdir, { ECOP_BACKEND: "none", ECOP_ADOPT: "" });
    rmSync(into, { recursive: true, force: true });
    const written: Record<string, string> = {};
    for (const [name, dir] of Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b))) {
      const target = join(into, name);
      mkdirSync(target, { recursive: true });
      const text = readFileSync(join(dir, "cdk.tf.json"), "utf8");
      writeFileSync(join(target, "cdk.tf.json"), text);
      if (existsSync(join(dir, "assets"))) cpSync(join(dir, "assets"), join(target, "assets"), { recursive: true });
      writeFileSync(join(target, "README.md"), moduleReadme(name, JSON.parse(text), MODULE_VERSION));
      written[name] = target;
    }
    return written;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  writeModules().then(
    (written) => process.stdout.write(`modules/ written: ${Object.keys(written).join(", ")}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
