/**
 * The package's command as it ships: `bin/ecr-create-on-push.js` beside a fresh `dist/cli/main.js` bundled from this
 * checkout (lib/bundle.ts bundleCli), in a temporary folder with no node_modules anywhere above it, run by Node with
 * only the environment a test gives. So a test proves the command works where nothing else is installed (a CI image
 * with only Node), never runs a stale build, and reaches AWS only through the endpoints it is given.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleCli, CLI_BUNDLE } from "../../lib/bundle";

const ROOT = resolve(__dirname, "../..");
let packaged: string | undefined;

/** The bin script of a package folder holding only bin/ and dist/cli/; built once per test process. */
export function packagedCli(): string {
  if (packaged) return packaged;
  const dir = mkdtempSync(join(tmpdir(), "ecop-cli-"));
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(ROOT, "bin", "ecr-create-on-push.js"), join(dir, "bin", "ecr-create-on-push.js"));
  bundleCli(join(dir, "dist", CLI_BUNDLE));
  return (packaged = join(dir, "bin", "ecr-create-on-push.js"));
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the packaged command asynchronously (the local AWS servers of the calling test keep answering) with exactly
 * `env` (plus PATH), from a working folder without node_modules.
 */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>>, timeoutMs = 60_000): Promise<CliRun> {
  const bin = packagedCli();
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: join(bin, "..", ".."), env: { PATH: process.env.PATH ?? "", ...env }, timeout: timeoutMs, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}
