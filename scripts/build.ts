/**
 * `npm run build` (and `prepack`, so `npm pack` and `npm publish` always hold fresh output): compiles `lib/` and the
 * handler contracts it imports to CommonJS with declarations in `dist/`, and bundles the handler once, from
 * `handler/` with our lock file, into `dist/assets/handler.zip`. Synth in a consumer's app only stages that zip.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleHandler } from "../lib/bundle";

export const ROOT = resolve(__dirname, "..");
export const DIST = join(ROOT, "dist");

export function build(): { zip: string; sha256: string; bytes: number } {
  rmSync(DIST, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT, stdio: "inherit" });
  const staging = mkdtempSync(join(tmpdir(), "ecop-build-"));
  try {
    const bundle = bundleHandler(staging);
    const zip = join(DIST, "assets", "handler.zip");
    mkdirSync(join(DIST, "assets"), { recursive: true });
    copyFileSync(bundle.zipPath, zip);
    return { zip, sha256: bundle.sha256, bytes: bundle.bytes };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { zip, sha256, bytes } = build();
  // stderr: `npm pack --json` shares stdout with this lifecycle script.
  process.stderr.write(`dist/ built; handler zip ${zip.slice(ROOT.length + 1)}: ${bytes} bytes, sha256 ${sha256}\n`);
}
