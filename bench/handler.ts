/**
 * Handler benchmark: `npx tsx bench/handler.ts [runs] [--against <checkout>]`. Prints figures; asserts nothing
 * (timings on shared machines are not tests). Bundles exactly as the construct does (lib/bundle.ts), then:
 *  - module init: fresh `node` processes importing the bundle (load + settings + ECR client), median; the same
 *    for a bundle with the SDK's default credential chain (what the zip shipped before), interleaved, so one run
 *    gives before and after under the same load;
 *  - the anchors' runtime measured the same way: fresh Python processes (the interpreter itself, found through
 *    whatever shim is on PATH, but run directly) each timing, in-process, the import of boto3 and the creation of
 *    the ECR client (the import-time work of a boto3 handler, which both anchors' are); median, and the ratio;
 *  - with --against, the same module init and zip size for another checkout's handler/ (say, main's), in the same
 *    loop, so a change is compared with what it changes under the same load;
 *  - zip size; ECR calls before CreateRepository, seen by the local ECR server (must be 0);
 *  - handler duration with 100 ms added to every ECR call: cold (first invocation in each fresh process), warm,
 *    a duplicate this instance completed (no ECR call), and a duplicate that takes the heal path.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleHandler } from "../lib/bundle";
import { startEcrServer } from "../__tests__/support/ecr-server";
import { ACCOUNT, CONTEXT, REGION, handlerEnv, pushEvent } from "../__tests__/support/handler-fixtures";

const RUNS = Number(process.argv[2]?.startsWith("--") ? 7 : (process.argv[2] ?? 7));
const LATENCY_MS = 100;
const ROOT = resolve(__dirname, "..");
const OUT = join(ROOT, "bench", "out");
const ENTRY = join(ROOT, "handler", "index.ts");
/** Runs in a fresh python: times the handler module's import-time work, boto3 and its ECR client, as CHILD does ours. */
const PYTHON_CHILD = `
import json, time
t0 = time.perf_counter()
import boto3
client = boto3.client("ecr", region_name="us-east-1")
print(json.dumps({"init": (time.perf_counter() - t0) * 1000, "boto3": boto3.__version__}))
`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => +value.toFixed(1);

/** Runs in a fresh node: times the import, then one (cold) invocation. */
const CHILD = `
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_ENTRY);
const init = performance.now() - t0;
const t1 = performance.now();
const outcome = await handler(JSON.parse(process.env.BENCH_EVENT), JSON.parse(process.env.BENCH_CONTEXT));
process.stdout.write("\\n" + JSON.stringify({ init, first: performance.now() - t1, decision: outcome.decision }));
`;

/** The Python interpreter with boto3 (not the shim that finds it), or why there is none. */
function pythonProbe(): { executable: string; version: string } | { unavailable: string } {
  const probe = spawnSync("python3", ["-c", "import sys, boto3; print(sys.executable); print(sys.version.split()[0])"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { unavailable: probe.error ? `python3: ${probe.error.message}` : `python3 has no boto3 (${probe.stderr.trim().split("\n").at(-1)}); pip install boto3` };
  const [executable, version] = probe.stdout.trim().split("\n") as [string, string];
  return { executable, version };
}

/** One fresh Python process timing, inside itself, the anchors' module init. */
const pythonRun = (executable: string) => JSON.parse(spawnSync(executable, ["-c", PYTHON_CHILD], { encoding: "utf8" }).stdout) as { init: number; boto3: string };

const AGAINST = process.argv.indexOf("--against") === -1 ? undefined : resolve(process.argv[process.argv.indexOf("--against") + 1]!);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const shipped = bundleHandler(join(OUT, "bundle"), ENTRY);
  // What the zip held before: the SDK's default credential chain (no aliases).
  const defaultChain = bundleHandler(join(OUT, "bundle-default-chain"), ENTRY, {});
  const against = AGAINST ? bundleHandler(join(OUT, "bundle-against"), join(AGAINST, "handler", "index.ts"), { "@aws-sdk/credential-provider-node": join(AGAINST, "handler", "credentials.ts") }) : undefined;
  const py = pythonProbe();
  const entryOf = (zipPath: string) => pathToFileURL(join(zipPath, "..", "index.mjs")).href;
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
  const coldRun = async (entry: string, name: string) => {
    const childEnv = { ...env, BENCH_ENTRY: entry, BENCH_EVENT: JSON.stringify(pushEvent(name)), BENCH_CONTEXT: JSON.stringify(CONTEXT) };
    // Asynchronous, so the local ECR server in this process keeps answering the child.
    const output = await new Promise<string>((done, fail) => execFile(process.execPath, [childFile], { env: childEnv }, (error, stdout) => (error ? fail(error) : done(stdout))));
    // The handler logs its decision on stdout too; the figures are the last line.
    return JSON.parse(output.trim().split("\n").at(-1)!) as { init: number; first: number };
  };
  try {
    const cold: { init: number; first: number }[] = [];
    const coldDefaultChain: { init: number; first: number }[] = [];
    const coldAgainst: { init: number; first: number }[] = [];
    const pythonRuns: { init: number; boto3: string }[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      cold.push(await coldRun(entryOf(shipped.zipPath), `team-a/cold-${run}`));
      coldDefaultChain.push(await coldRun(entryOf(defaultChain.zipPath), `team-a/cold-default-${run}`));
      if (against) coldAgainst.push(await coldRun(entryOf(against.zipPath), `team-a/cold-against-${run}`));
      if ("executable" in py) pythonRuns.push(pythonRun(py.executable));
    }
    Object.assign(process.env, env);
    const { handler } = (await import(entryOf(shipped.zipPath))) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
    const warm: number[] = [];
    const duplicate: number[] = [];
    const healPath: number[] = [];
    let createdCalls = 0;
    let recordedCalls = 0;
    // The handler's decision lines would bury the figures.
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const timed = async (into: number[], event: unknown) => {
      const started = performance.now();
      await handler(event, CONTEXT);
      into.push(performance.now() - started);
    };
    try {
      await handler(pushEvent("team-a/warm-up"), CONTEXT);
      for (let run = 0; run < RUNS; run += 1) await timed(warm, pushEvent(`team-a/warm-${run}`));
      createdCalls = server.calls.length;
      // The fixture's push failed in March 2026, before this instance completed the name: a duplicate.
      for (let run = 0; run < RUNS; run += 1) await timed(duplicate, pushEvent(`team-a/warm-${run}`));
      recordedCalls = server.calls.length;
      // A push that failed after the creation completed takes today's path: CreateRepository, then the heal reads.
      for (let run = 0; run < RUNS; run += 1) {
        const late = pushEvent(`team-a/warm-${run}`);
        late.detail.eventTime = new Date(Date.now() + 60_000).toISOString();
        await timed(healPath, late);
      }
    } finally {
      process.stdout.write = write;
    }
    const firstCreate = server.operations().indexOf("CreateRepository");
    const creating = server.calls.slice(0, createdCalls);
    const reads = new Set(["DescribeRepositories", "ListTagsForResource", "GetLifecyclePolicy", "GetRepositoryPolicy"]);
    const healCalls = server.calls.slice(recordedCalls);
    const moduleInitMs = ms(median(cold.map((run) => run.init)));
    const figures = {
      nodeVersion: process.version,
      runs: RUNS,
      moduleInitMs,
      moduleInitWithDefaultCredentialChainMs: ms(median(coldDefaultChain.map((run) => run.init))),
      python:
        "executable" in py
          ? {
              measured: "in-process: import boto3 + boto3.client('ecr'), fresh process per run",
              python: py.version,
              boto3: pythonRuns[0]!.boto3,
              moduleInitMs: ms(median(pythonRuns.map((run) => run.init))),
              ratio: `1/${+(median(pythonRuns.map((run) => run.init)) / moduleInitMs).toFixed(1)}`,
            }
          : py.unavailable,
      ...(against
        ? {
            against: {
              checkout: AGAINST,
              moduleInitMs: ms(median(coldAgainst.map((run) => run.init))),
              pythonRatio: "executable" in py ? `1/${+(median(pythonRuns.map((run) => run.init)) / median(coldAgainst.map((run) => run.init))).toFixed(1)}` : undefined,
              zipKB: +(against.bytes / 1024).toFixed(1),
            },
          }
        : {}),
      zipKB: +(shipped.bytes / 1024).toFixed(1),
      zipWithDefaultCredentialChainKB: +(defaultChain.bytes / 1024).toFixed(1),
      bundleKB: +(statSync(join(shipped.zipPath, "..", "index.mjs")).size / 1024).toFixed(1),
      ecrCallsBeforeCreateRepository: firstCreate,
      ecrCallsPerCreatedRepository: creating.length / creating.filter((call) => call.operation === "CreateRepository").length,
      ecrLatencyMs: LATENCY_MS,
      firstInvocationMs: ms(median(cold.map((run) => run.first))),
      warmInvocationMs: ms(median(warm)),
      duplicateCompletedByThisInstanceMs: +median(duplicate).toFixed(3),
      ecrCallsPerDuplicateCompletedByThisInstance: (recordedCalls - createdCalls) / RUNS,
      duplicateOnHealPathMs: ms(median(healPath)),
      ecrCallsPerDuplicateOnHealPath: healCalls.length / RUNS,
      // CreateRepository answering "already exists" writes nothing; anything else would.
      ecrWritesPerDuplicateOnHealPath: healCalls.filter((call) => !reads.has(call.operation) && call.status === 200).length / RUNS,
      targets: { moduleInitMs: 25, pythonRatio: "1/8 or less", zipKB: 120, invocationMs: `about ${2 * LATENCY_MS} (two round trips)` },
    };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await server.close();
  }
}

void main();
