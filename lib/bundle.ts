import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { zipSync } from "fflate";
import { BundleError } from "./errors";

/** The handler's source, beside `lib/`. */
export const HANDLER_ENTRY = resolve(__dirname, "..", "handler", "index.ts");
/**
 * Modules the zip replaces: the SDK's default credential chain by the environment credentials Lambda provides
 * (handler/credentials.ts says why). About a quarter of the bundle, parsed at every cold start.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  "@aws-sdk/credential-provider-node": resolve(__dirname, "..", "handler", "credentials.ts"),
};
/** The file inside the zip, and the function's `handler` attribute that names it. */
export const BUNDLE_FILE = "index.mjs";
export const HANDLER_ATTRIBUTE = "index.handler";
/** Zip entries carry a timestamp; a fixed one keeps two synths of the same source byte-identical. */
const FIXED_MTIME = new Date("1980-01-01T00:00:00Z");

export interface HandlerBundle {
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  readonly sha256: string;
  readonly bytes: number;
}

const cache = new Map<string, HandlerBundle>();

/**
 * Bundles the handler with esbuild into `<stagingDir>/index.mjs` and zips it deterministically. The only place
 * that runs esbuild or writes files; never writes into `handler/`. Memoized per staging dir and entry, so an app
 * with several stacks bundles once.
 */
export function bundleHandler(stagingDir: string, entry: string = HANDLER_ENTRY, aliases: Readonly<Record<string, string>> = BUNDLE_ALIASES): HandlerBundle {
  const key = `${resolve(stagingDir)}\0${entry}\0${JSON.stringify(aliases)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  mkdirSync(stagingDir, { recursive: true });
  const outfile = join(stagingDir, BUNDLE_FILE);
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
  const zip = zipSync({ [BUNDLE_FILE]: [readFileSync(outfile), { mtime: FIXED_MTIME }] }, { level: 9 });
  const zipPath = join(stagingDir, "handler.zip");
  writeFileSync(zipPath, zip);
  const bundle: HandlerBundle = { zipPath, sha256: createHash("sha256").update(zip).digest("base64"), bytes: zip.byteLength };
  cache.set(key, bundle);
  return bundle;
}
