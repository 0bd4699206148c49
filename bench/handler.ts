/**
 * Handler benchmark: `npx tsx bench/handler.ts [runs]`. Prints figures; asserts nothing (timings on shared
 * machines are not tests). Bundles exactly as the construct does (lib/bundle.ts when present), then:
 *  - module init: fresh `node` processes importing the bundle (load + settings + ECR client), median;
 *  - zip size of the function's code;
 *  - ECR calls before CreateRepository, seen by the local ECR server (must be 0);
 *  - handler duration with 100 ms added to every ECR call: the first invocation in each fresh process
 *    (cold: credentials and endpoint resolved on first use) and warm invocations, medians;
 *  - a duplicate event for a name just created (warm): its duration, and the ECR calls and writes it makes.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateRawSync, crc32 } from "node:zlib";
import { startEcrServer } from "../__tests__/support/ecr-server";
import { ACCOUNT, CONTEXT, REGION, handlerEnv, pushEvent } from "../__tests__/support/handler-fixtures";

const RUNS = Number(process.argv[2] ?? 7);
const LATENCY_MS = 100;
const ROOT = resolve(__dirname, "..");
const OUT = join(ROOT, "bench", "out");
const ENTRY = join(ROOT, "handler", "index.ts");

interface Bundle {
  readonly zipPath: string;
  readonly entryFile: string;
  readonly via: string;
}

/** One-entry zip with a fixed timestamp, for when lib/bundle.ts is not there yet. */
function zipOne(name: string, data: Buffer): Buffer {
  const body = deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  const header = (signature: number, central: boolean): Buffer => {
    const buffer = Buffer.alloc(central ? 46 : 30);
    let at = 0;
    const u32 = (value: number) => ((at = buffer.writeUInt32LE(value >>> 0, at)), undefined);
    const u16 = (value: number) => ((at = buffer.writeUInt16LE(value, at)), undefined);
    u32(signature);
    if (central) u16(20);
    u16(20), u16(0), u16(8), u16(0), u16(dosDate), u32(crc), u32(body.length), u32(data.length), u16(name.length), u16(0);
    if (central) u16(0), u16(0), u16(0), u32(0), u32(0);
    return buffer;
  };
  const local = Buffer.concat([header(0x04034b50, false), Buffer.from(name), body]);
  const central = Buffer.concat([header(0x02014b50, true), Buffer.from(name)]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8), end.writeUInt16LE(1, 10), end.writeUInt32LE(central.length, 12), end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, central, end]);
}

async function bundle(): Promise<Bundle> {
  const outDir = join(OUT, "bundle");
  if (existsSync(join(ROOT, "lib", "bundle.ts"))) {
    const lib = (await import("../lib/bundle")) as { bundleHandler(dir: string, entry?: string): { zipPath: string; entryFile?: string } };
    const result = lib.bundleHandler(outDir, ENTRY);
    return { zipPath: result.zipPath, entryFile: result.entryFile ?? join(outDir, "index.mjs"), via: "lib/bundle.ts" };
  }
  const esbuild = await import("esbuild");
  const entryFile = join(outDir, "index.mjs");
  await esbuild.build({
    entryPoints: [ENTRY], bundle: true, platform: "node", format: "esm", target: "node22", minify: true, treeShaking: true,
    mainFields: ["module", "main"], outfile: entryFile, legalComments: "none", logLevel: "silent",
    banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  });
  const zipPath = join(outDir, "handler.zip");
  writeFileSync(zipPath, zipOne("index.mjs", readFileSync(entryFile)));
  return { zipPath, entryFile, via: "esbuild (bench fallback)" };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Runs in a fresh node: times the import, then one (cold) invocation. */
const CHILD = `
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_ENTRY);
const init = performance.now() - t0;
const t1 = performance.now();
const outcome = await handler(JSON.parse(process.env.BENCH_EVENT), JSON.parse(process.env.BENCH_CONTEXT));
process.stdout.write("\\n" + JSON.stringify({ init, first: performance.now() - t1, decision: outcome.decision }));
`;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const built = await bundle();
  const childFile = join(OUT, "child.mjs");
  writeFileSync(childFile, CHILD);
  const server = await startEcrServer({ account: ACCOUNT, region: REGION, latencyMs: LATENCY_MS });
  const env = {
    ...process.env,
    ...handlerEnv(),
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_ENDPOINT_URL_ECR: server.url,
    NODE_NO_WARNINGS: "1",
  };
  try {
    const cold: { init: number; first: number }[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const childEnv = { ...env, BENCH_ENTRY: pathToFileURL(built.entryFile).href, BENCH_EVENT: JSON.stringify(pushEvent(`team-a/cold-${run}`)), BENCH_CONTEXT: JSON.stringify(CONTEXT) };
      // Asynchronous, so the local ECR server in this process keeps answering the child.
      const output = await new Promise<string>((done, fail) => {
        execFile(process.execPath, [childFile], { env: childEnv }, (error, stdout) => (error ? fail(error) : done(stdout)));
      });
      // The handler logs its decision on stdout too; the figures are the last line.
      cold.push(JSON.parse(output.trim().split("\n").at(-1)!));
    }
    Object.assign(process.env, env);
    const { handler } = (await import(pathToFileURL(built.entryFile).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
    const warm: number[] = [];
    const duplicate: number[] = [];
    let createdCalls = 0;
    // The handler's decision lines would bury the figures.
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await handler(pushEvent("team-a/warm-up"), CONTEXT);
      for (let run = 0; run < RUNS; run += 1) {
        const started = performance.now();
        await handler(pushEvent(`team-a/warm-${run}`), CONTEXT);
        warm.push(performance.now() - started);
      }
      createdCalls = server.calls.length;
      for (let run = 0; run < RUNS; run += 1) {
        const started = performance.now();
        await handler(pushEvent(`team-a/warm-${run}`), CONTEXT);
        duplicate.push(performance.now() - started);
      }
    } finally {
      process.stdout.write = write;
    }
    const firstCreate = server.operations().indexOf("CreateRepository");
    const creating = server.calls.slice(0, createdCalls);
    const callsPerCreate = creating.length / creating.filter((call) => call.operation === "CreateRepository").length;
    const duplicateCalls = server.calls.slice(createdCalls);
    const reads = new Set(["DescribeRepositories", "ListTagsForResource", "GetLifecyclePolicy", "GetRepositoryPolicy"]);
    const figures = {
      bundledWith: built.via,
      nodeVersion: process.version,
      runs: RUNS,
      moduleInitMs: +median(cold.map((run) => run.init)).toFixed(1),
      zipKB: +(statSync(built.zipPath).size / 1024).toFixed(1),
      bundleKB: +(statSync(built.entryFile).size / 1024).toFixed(1),
      ecrCallsBeforeCreateRepository: firstCreate,
      ecrCallsPerCreatedRepository: callsPerCreate,
      ecrLatencyMs: LATENCY_MS,
      firstInvocationMs: +median(cold.map((run) => run.first)).toFixed(1),
      warmInvocationMs: +median(warm).toFixed(1),
      duplicateInvocationMs: +median(duplicate).toFixed(1),
      ecrCallsPerDuplicate: duplicateCalls.length / RUNS,
      // CreateRepository answering "already exists" writes nothing; anything else would.
      ecrWritesPerDuplicate: duplicateCalls.filter((call) => !reads.has(call.operation) && call.status === 200).length / RUNS,
      targets: { moduleInitMs: 50, zipKB: 120, invocationMs: `about ${2 * LATENCY_MS} (two round trips)` },
    };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await server.close();
  }
}

void main();
