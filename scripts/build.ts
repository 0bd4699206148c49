/**
 * `npm run build` (and `prepack`/`prepare`, so `npm pack`, `npm publish` and git installs always hold fresh output):
 * compiles `lib/` and the handler contracts it imports to CommonJS with declarations in `dist/`, bundles the handler
 * once, from `handler/` with our lock file, into `dist/assets/handler.zip` (synth in a consumer's app only stages
 * it), then derives the CDK Terrain flavour, the package `ecr-create-on-push-cdktn` in `cdktn/` (its dist/, licence and
 * README), by renaming the framework in lib/framework.ts and lib/aws.ts, the only modules that import it. The flavour is
 * a package of its own because npm 11 resolves the peers of optional peers: one package offering both made every
 * cdktf install fail on cdktn's `constructs` range (ERESOLVE), and a cdktn app needs Node 22 where cdktf needs 20. The
 * command line is bundled apart, into `dist/cli/` (bundleCli).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { bundleCli, bundleHandler, CLI_BUNDLE } from "../lib/bundle";

const ROOT = resolve(__dirname, "..");
const DIST = join(ROOT, "dist");
/** The CDK Terrain package's folder (its package.json is tracked; what the build writes there is not). */
export const CDKTN_PACKAGE = join(ROOT, "cdktn");

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

/** cdktn/dist: the compiled flavour with the framework modules renamed; fails if a cdktf import is left anywhere. */
function deriveCdktn(): void {
  const out = join(CDKTN_PACKAGE, "dist");
  rmSync(out, { recursive: true, force: true });
  for (const dir of ["lib", "handler", "assets"]) cpSync(join(DIST, dir), join(out, dir), { recursive: true, filter: (source) => !source.includes(`${join(DIST, "lib", "cli")}`) });
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
  copyFileSync(join(ROOT, "LICENSE"), join(CDKTN_PACKAGE, "LICENSE"));
  writeFileSync(join(CDKTN_PACKAGE, "README.md"), cdktnReadme());
}

/** The flavour's README: the main README's CDK Terrain section, which stands on its own, under the package's name. */
function cdktnReadme(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## With CDK Terrain\n");
  const end = readme.indexOf("\n## ", start + 1);
  if (start < 0) throw new Error('README.md has no "## With CDK Terrain" section for the cdktn package');
  const section = readme.slice(start + "\n## With CDK Terrain\n".length, end < 0 ? undefined : end).trim();
  return `# ecr-create-on-push-cdktn\n\nThe CDK Terrain (cdktn) flavour of [ecr-create-on-push](https://www.npmjs.com/package/ecr-create-on-push): the same construct, built from the same source with only the framework imports renamed. Its inputs, outputs and behaviour are documented in that package's README.\n\n${section}\n`;
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
  process.stderr.write(`dist/ built (cdktf, and the cdktn package in cdktn/dist); handler zip ${relative(ROOT, zip)}: ${bytes} bytes, sha256 ${sha256}; command line dist/${CLI_BUNDLE}: ${cliBytes} bytes\n`);
}
