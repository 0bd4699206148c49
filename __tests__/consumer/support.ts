/**
 * What a user of the published package does, from the outside: `npm pack` this repository, install the tarball
 * from a fresh folder next to the framework packages it names (from the npm registry), and run the README's
 * examples there. Nothing is cached in the repository; npm's own cache is the user's too.
 */
import { type ExecFileOptions, execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../../scripts/synth";
import { OFFLINE_PROVIDER, offlineCopy, planOffline, type TerraformPlan } from "../../scripts/terraform";

const exec = promisify(execFile);

/**
 * execFile, failing with the child's output quoted as text. A child's own stack trace ("    at … (file:line)")
 * inside the error would send vitest looking for those files' source maps, and a map it cannot read crashes the
 * reporter and hides the failure behind "Unexpected token".
 */
export async function run(file: string, args: readonly string[], options: ExecFileOptions = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(file, args, { maxBuffer: 16 * 1024 * 1024, ...options, encoding: "utf8" });
    return { stdout, stderr };
  } catch (error) {
    const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
    const failure = new Error(`${file} ${args.join(" ")} failed: ${message.split("\n")[0]}\n${`${stdout}\n${stderr}`.trim().replace(/^/gm, "| ")}`);
    failure.stack = failure.message;
    throw failure;
  }
}

export interface PackedTarball {
  readonly path: string;
  readonly files: readonly string[];
  /** Bytes of the .tgz, and of its files unpacked. */
  readonly size: number;
  readonly unpackedSize: number;
}

/** The two packages this repository publishes: `ecr-create-on-push` (cdktf) and `ecr-create-on-push-cdktn`. */
export interface PackedTarballs {
  readonly cdktf: PackedTarball;
  readonly cdktn: PackedTarball;
}

/**
 * `npm pack` of both packages, into a temporary folder: the root's prepack builds dist/ and cdktn/dist/, so the
 * cdktn folder is packed as built. Consumer suites run in parallel workers and each build rewrites dist/, so packs
 * of one checkout take turns (a lock directory).
 */
export async function packTarballs(): Promise<PackedTarballs> {
  const destination = mkdtempSync(join(tmpdir(), "ecop-pack-"));
  const release = await lock(join(tmpdir(), `ecop-pack-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}.lock`));
  const pack = async (dir: string, scripts: boolean): Promise<PackedTarball> => {
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", destination, ...(scripts ? [] : ["--ignore-scripts"])], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[]; size: number; unpackedSize: number }[];
    return { path: join(destination, packed.filename), files: packed.files.map((f) => f.path), size: packed.size, unpackedSize: packed.unpackedSize };
  };
  try {
    const cdktf = await pack(ROOT, true);
    return { cdktf, cdktn: await pack(join(ROOT, "cdktn"), false) };
  } finally {
    release();
  }
}

/** Waits for the lock directory; one left by a killed run is taken over after 5 minutes. */
async function lock(dir: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const since = statSync(dir, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 300_000) rmSync(dir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** What an npm command took and printed (warnings included: the suites print them for the closing notes). */
export interface NpmRun {
  readonly seconds: number;
  readonly output: string;
}

/**
 * `npm <args>` in `dir`, as a user types it; `bin` puts another Node.js first on PATH (npm then runs on it, as
 * on a machine where that Node is installed).
 */
export async function npm(dir: string, args: readonly string[], bin?: string): Promise<NpmRun> {
  const env = { ...process.env, NODE_ENV: "development", ...(bin ? { PATH: `${bin}:${process.env.PATH ?? ""}` } : {}) };
  const started = performance.now();
  const { stdout, stderr } = await run("npm", ["--no-audit", "--no-fund", "--loglevel=warn", ...args], { cwd: dir, maxBuffer: 16 * 1024 * 1024, env });
  return { seconds: (performance.now() - started) / 1000, output: `${stdout}\n${stderr}`.trim() };
}

/** A fresh app folder (package.json with no dependencies yet). */
export function newApp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ecop-${prefix}-`));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `${prefix}-app`, version: "1.0.0", private: true }, null, 2));
  return dir;
}

/** A fresh app folder with `dependencies` installed from the registry; returns it and how long npm took. */
export async function installApp(prefix: string, dependencies: Record<string, string>, bin?: string): Promise<{ dir: string } & NpmRun> {
  const dir = newApp(prefix);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `${prefix}-app`, version: "1.0.0", private: true, dependencies }, null, 2));
  return { dir, ...(await npm(dir, ["install"], bin)) };
}

/**
 * A folder holding Node.js 22 from the npm package `node@22` (CDK Terrain's binding needs Node >= 22.11, its CLI
 * 22.19; the machine's own may be 20): put it first on PATH to run npm, the app or cdktn-cli with it.
 */
export async function node22(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "ecop-node22-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "node22", version: "1.0.0", private: true }));
  await npm(dir, ["install", "node@22"]);
  const bin = join(dir, "node_modules", "node", "bin");
  const { stdout } = await run(join(bin, "node"), ["--version"]);
  if (!/^v22\./.test(stdout)) throw new Error(`node@22 installed ${stdout.trim()}`);
  return bin;
}

/** The npm warnings of a run, one per line, for the suite's report. */
export const npmWarnings = (output: string): string[] => [...new Set(output.split("\n").filter((line) => /^npm warn/i.test(line)))];

/** The fenced `lang` blocks of one README section, in order. */
export function readmeExamples(section: string, lang: "ts" | "js" | "sh"): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README has no section "${section}"`);
  const end = readme.indexOf("\n## ", start + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1]);
}

/**
 * `tsc --noEmit` over `files` (name -> source) in a new `ts/` folder of `app`, with the tsconfig `cdktf init`
 * writes; resolves when they type-check, rejects with the compiler's output.
 */
export function typeCheck(app: string, files: Readonly<Record<string, string>>): Promise<{ stdout: string; stderr: string }> {
  const project = join(app, "ts");
  mkdirSync(project);
  writeFileSync(join(project, "tsconfig.json"), readFileSync(CDKTF_INIT_TSCONFIG));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(project, name), source);
  return run(process.execPath, [TSC, "-p", project, "--noEmit"], { cwd: project });
}

/** The tsconfig.json `cdktf init --template=typescript` writes (our cdktf-cli devDependency's template). */
export const CDKTF_INIT_TSCONFIG = join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json");
/** The tsc `cdktf init` installs today (`npm install -D typescript`: the latest), which is ours. */
export const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** cdktf.json as `cdktf init` writes it, running the app with node. */
export function writeCdktfJson(dir: string, app: string): void {
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app, projectId: "consumer-test", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }, null, 2));
}

/**
 * `terraform plan` (offline, our provider mirror) of a stack whose AWS providers are the aliased `regions`; the
 * override gives each alias the offline settings. `awsVersion` replaces the binding's pinned provider version.
 */
export async function planRegions(stackDir: string, regions: readonly string[], awsVersion?: string): Promise<TerraformPlan> {
  const copy = offlineCopy(stackDir);
  const { region: _region, ...offline } = OFFLINE_PROVIDER;
  const override: Record<string, unknown> = { provider: { aws: regions.map((alias) => ({ alias, ...offline })) } };
  if (awsVersion) override.terraform = { required_providers: { aws: { source: "hashicorp/aws", version: awsVersion } } };
  writeFileSync(join(copy.dir, "zz_offline_override.tf.json"), JSON.stringify(override));
  return planOffline(copy);
}

/** Every file under `dir`, relative to it. */
export const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));

/** Each function's name in a plan, and the names AWS keeps unique per account and Region that appear twice. */
export function plannedNames(plan: TerraformPlan): { functions: string[]; duplicates: string[]; named: number } {
  const resources = plan.planned_values.root_module.resources ?? [];
  // An inline role policy's name is unique only within its role.
  const named = resources.flatMap((r) => (typeof r.values?.name === "string" && r.type !== "aws_iam_role_policy" ? [`${r.type} ${r.values.name}`] : []));
  return {
    functions: resources.filter((r) => r.type === "aws_lambda_function").map((r) => String(r.values.function_name)).sort(),
    duplicates: named.filter((n, i) => named.indexOf(n) !== i),
    named: named.length,
  };
}
