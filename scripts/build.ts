/**
 * `npm run build` (and `prepack`/`prepare`, so `npm pack`, `npm publish` and git installs always hold fresh output):
 * compiles `lib/` and the handler contracts it imports to CommonJS with declarations in `dist/`, bundles the handler
 * once, from `handler/` with our lock file, into `dist/assets/handler.zip` (synth in a consumer's app only stages
 * it), then derives the CDK Terrain flavour in `dist/cdktn/` by renaming the framework in lib/framework.ts and
 * lib/aws.ts, the only modules that import it. The command line is bundled apart, into `dist/cli/` (bundleCli).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { bundleCli, bundleHandler, CLI_BUNDLE } from "../lib/bundle";

const ROOT = resolve(__dirname, "..");
const DIST = join(ROOT, "dist");

/** The lib/ modules that import the framework and its AWS binding; every other module imports these. */
export const FRAMEWORK_MODULES = ["framework", "aws"] as const;
/** cdktf -> cdktn: a rename of packages only (AWS-FACTS §12), applied to quoted module specifiers. */
export const CDKTN_RENAMES: readonly (readonly [RegExp, string])[] = [
  [/(["'])cdktf\1/g, "$1cdktn$1"],
  [/(["'])@cdktf\/provider-aws\//g, "$1@cdktn/provider-aws/"],
];
/** A module specifier of the CDKTF framework or its bindings, in JavaScript or a declaration. */
export const CDKTF_SPECIFIER = /["'](?:cdktf|cdktf\/[^"']*|@cdktf\/[^"']*)["']/;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** dist/cdktn: the compiled flavour with the framework modules renamed; fails if a cdktf import is left anywhere. */
function deriveCdktn(): void {
  const out = join(DIST, "cdktn");
  for (const dir of ["lib", "handler", "assets"]) cpSync(join(DIST, dir), join(out, dir), { recursive: true });
  for (const module of FRAMEWORK_MODULES) {
    for (const file of [`${module}.js`, `${module}.d.ts`].map((f) => join(out, "lib", f))) {
      const before = readFileSync(file, "utf8");
      const after = CDKTN_RENAMES.reduce((text, [from, to]) => text.replace(from, to), before);
      if (after === before) throw new Error(`${relative(ROOT, file)}: no framework import to rename; has lib/${module}.ts changed shape?`);
      writeFileSync(file, after);
    }
  }
  const left = filesUnder(out).filter((f) => /\.(js|ts)$/.test(f) && CDKTF_SPECIFIER.test(readFileSync(f, "utf8")));
  if (left.length > 0) throw new Error(`the cdktn build still imports cdktf in ${left.map((f) => relative(ROOT, f)).join(", ")}: import the framework through lib/framework.ts or lib/aws.ts`);
}

function build(): { zip: string; sha256: string; bytes: number; cliBytes: number } {
  rmSync(DIST, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT, stdio: "inherit" });
  const staging = mkdtempSync(join(tmpdir(), "ecop-build-"));
  try {
    const bundle = bundleHandler(staging);
    const zip = join(DIST, "assets", "handler.zip");
    mkdirSync(join(DIST, "assets"), { recursive: true });
    copyFileSync(bundle.zipPath, zip);
    const cliBytes = bundleCli(join(DIST, CLI_BUNDLE));
    deriveCdktn();
    return { zip, sha256: bundle.sha256, bytes: bundle.bytes, cliBytes };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { zip, sha256, bytes, cliBytes } = build();
  // stderr: `npm pack --json` shares stdout with this lifecycle script.
  process.stderr.write(`dist/ built (cdktf, and cdktn in dist/cdktn); handler zip ${relative(ROOT, zip)}: ${bytes} bytes, sha256 ${sha256}; command line dist/${CLI_BUNDLE}: ${cliBytes} bytes\n`);
}
