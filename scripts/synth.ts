/** Runs the cdktf app (main.ts) the way `cdktf synth` does, without the CLI: tsx with CDKTF_OUTDIR. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

export const ROOT = resolve(__dirname, "..");

/**
 * Synthesizes every stack main.ts writes into `outdir`; returns each stack's folder by name. Without a backend
 * (ECOP_BACKEND=none) unless the environment names one: these folders are planned, copied and called as modules.
 */
export async function synthApp(outdir: string, env: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
  await promisify(execFile)(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "main.ts")], {
    cwd: ROOT,
    env: { ECOP_BACKEND: "none", ...process.env, ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
  });
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { workingDirectory: string }> };
  return Object.fromEntries(Object.entries(manifest.stacks).map(([name, s]) => [name, join(outdir, s.workingDirectory)]));
}
