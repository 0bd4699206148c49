import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { BundleError } from "./errors";

/** The handler's source, beside `lib/`. */
export const HANDLER_ENTRY = resolve(__dirname, "..", "handler", "index.ts");
/**
 * The zip `npm run build` makes from `handler/` with our lock file and ships in the package (`dist/assets/`), so
 * what a consumer deploys is the zip our tests ran. Absent in a checkout: there synth bundles from source.
 */
export const PREBUILT_ZIP = resolve(__dirname, "..", "assets", "handler.zip");
/**
 * Modules the zip replaces: the SDK's default credential chain by the environment credentials Lambda provides
 * (handler/credentials.ts says why). About a quarter of the bundle, parsed at every cold start.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  "@aws-sdk/credential-provider-node": resolve(__dirname, "..", "handler", "credentials.ts"),
};
/** The package's command line, which `bin/ecr-create-on-push.js` runs from `dist/` (CLI_BUNDLE there). */
export const CLI_ENTRY = resolve(__dirname, "..", "lib", "cli", "main.ts");
export const CLI_BUNDLE = join("cli", "main.js");
/** The file inside the zip, and the function's `handler` attribute that names it. */
export const BUNDLE_FILE = "index.mjs";
export const HANDLER_ATTRIBUTE = "index.handler";
/** Zip entries carry a timestamp; a fixed one keeps two synths of the same source byte-identical. */
const FIXED_MTIME = new Date("1980-01-01T00:00:00Z");

/**
 * This package's version, from the nearest package.json above this file that is ours (`lib/` in a checkout,
 * `dist/lib/` in the npm package, `cdktn/dist/lib/` in the CDK Terrain one).
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = resolve(dir, "..")) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name?.startsWith("ecr-create-on-push") && pkg.version) return pkg.version;
    }
    if (resolve(dir, "..") === dir) throw new BundleError(`no package.json of ecr-create-on-push above ${from}`);
  }
}

export interface HandlerBundle {
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  readonly sha256: string;
  readonly bytes: number;
}

const cache = new Map<string, HandlerBundle>();

/**
 * The handler's zip in `<stagingDir>/handler.zip`: the packaged one when this library runs from its npm package,
 * otherwise bundled from `entry` with esbuild and zipped deterministically. The only place that runs esbuild or
 * writes files; never writes into `handler/`. Memoized per staging dir and entry, so an app with several stacks
 * stages once.
 */
export function bundleHandler(stagingDir: string, entry: string = HANDLER_ENTRY, aliases: Readonly<Record<string, string>> = BUNDLE_ALIASES): HandlerBundle {
  const key = `${resolve(stagingDir)}\0${entry}\0${JSON.stringify(aliases)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  mkdirSync(stagingDir, { recursive: true });
  const zipPath = join(stagingDir, "handler.zip");
  if (entry === HANDLER_ENTRY && aliases === BUNDLE_ALIASES && existsSync(PREBUILT_ZIP)) copyFileSync(PREBUILT_ZIP, zipPath);
  else writeFileSync(zipPath, zipBundle(buildBundle(entry, join(stagingDir, BUNDLE_FILE), aliases)));
  const zip = readFileSync(zipPath);
  const bundle: HandlerBundle = { zipPath, sha256: createHash("sha256").update(zip).digest("base64"), bytes: zip.byteLength };
  cache.set(key, bundle);
  return bundle;
}

// esbuild and fflate are build tools (devDependencies): loaded only when bundling from source, so the published
// package needs neither.
const load = createRequire(__filename);

function buildBundle(entry: string, outfile: string, aliases: Readonly<Record<string, string>>): Buffer {
  const { buildSync } = load("esbuild") as typeof import("esbuild");
  try {
    buildSync({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      minify: true,
      treeShaking: true,
      // The SDK's ES module builds tree-shake far better than its CommonJS ones.
      mainFields: ["module", "main"],
      alias: { ...aliases },
      legalComments: "none",
      charset: "utf8",
      logLevel: "silent",
      // Bundled CommonJS dependencies may call require() for Node built-ins, which ESM lacks.
      banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
    });
  } catch (error) {
    throw new BundleError(`could not bundle the handler from ${entry}: ${(error as Error).message}`, { cause: error });
  }
  return readFileSync(outfile);
}

function zipBundle(code: Buffer): Uint8Array {
  const { zipSync } = load("fflate") as typeof import("fflate");
  return zipSync({ [BUNDLE_FILE]: [code, { mtime: FIXED_MTIME }] }, { level: 9 });
}

/**
 * A command of the package (by default lib/cli/main.ts) as one CommonJS file at `outfile`, with everything it imports
 * (the AWS SDK clients and their default credential chain), so `npx ecr-create-on-push ...` runs in a CI image with
 * nothing but Node: the package's dependencies stay empty, and the user's own SDK versions never matter. Node 20,
 * the package's `engines`. Returns the file's size.
 */
export function bundleCli(outfile: string, entry: string = CLI_ENTRY): number {
  const { buildSync } = load("esbuild") as typeof import("esbuild");
  try {
    buildSync({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      minify: true,
      // Error names are what the commands print and match on (lib/cli/aws-errors.ts reads SDK errors by name).
      keepNames: true,
      mainFields: ["module", "main"],
      legalComments: "none",
      charset: "utf8",
      logLevel: "silent",
    });
  } catch (error) {
    throw new BundleError(`could not bundle the command line from ${entry}: ${(error as Error).message}`, { cause: error });
  }
  return readFileSync(outfile).byteLength;
}
