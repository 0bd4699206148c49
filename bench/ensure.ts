/**
 * `npx tsx bench/ensure.ts [runs] [--delays 5,15,30]`: time to a successful first push of a new name with
 * `push --ensure` and with today's wait-and-retry path, and what --ensure adds to a push whose repository exists.
 * Prints figures; asserts nothing. Everything runs against local endpoints: the packaged command (bin + the bundled
 * CLI, support/packaged-cli.ts), the local Lambda endpoint running the bundled function, the local ECR and STS, and a
 * fake push client that pushes only once the repository exists (support/fake-push-client.ts), failing at once
 * otherwise, as a containerd-store docker push does.
 *
 * Latency model: every ECR call 50 ms, every STS call 30 ms, every Lambda Invoke 50 ms more than the local server
 * takes (a CI runner's round trip to the Region's API). Delay model for the retry path: CloudTrail records the failed
 * push and EventBridge delivers it to the function D seconds later. AWS publishes no figure for that delivery, only
 * "best effort" (AWS-FACTS §9), so D is assumed, not measured: 5, 15 and 30 s by default, bracketing the windows the
 * clients give (about 7 s for buildx, about 50 s for classic docker's retries); one event per name, as the
 * first of the failed calls arriving. The --ensure path does not depend on D at all.
 */
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { bundleHandler, HANDLER_ATTRIBUTE } from "../lib/bundle";
import { ciEnvironment, image, stsIdentities } from "../__tests__/integration/ensure-support";
import { startEcrServer } from "../__tests__/support/ecr-server";
import { fakePushClient } from "../__tests__/support/fake-push-client";
import { ACCOUNT, FUNCTION_NAME, REGION, handlerEnv, pushEvent } from "../__tests__/support/handler-fixtures";
import { startLambdaServer } from "../__tests__/support/lambda-server";
import { runCli } from "../__tests__/support/packaged-cli";
import { startStsServer } from "../__tests__/support/sts-server";

const RUNS = Number(process.argv[2]?.startsWith("--") ? 5 : (process.argv[2] ?? 5));
const delaysArg = process.argv.indexOf("--delays");
const DELAYS_S = (delaysArg === -1 ? "5,15,30" : process.argv[delaysArg + 1]!).split(",").map(Number);
const MODEL = { ecrCallMs: 50, stsCallMs: 30, lambdaInvokeMs: 50 };

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => Math.round(value);

async function main(): Promise<void> {
  const out = resolve(__dirname, "out");
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "ecop-bench-ensure-"));
  const home = mkdtempSync(join(tmpdir(), "ecop-bench-ensure-home-"));
  const { zipPath } = bundleHandler(join(out, "bundle-ensure"));
  const ecr = await startEcrServer({ account: ACCOUNT, region: REGION, latencyMs: MODEL.ecrCallMs, lifetimeMs: 3_600_000 });
  const sts = await startStsServer({ region: REGION, identities: stsIdentities(), latencyMs: MODEL.stsCallMs });
  const lambda = await startLambdaServer({ AWS_ENDPOINT_URL_ECR: ecr.url, AWS_ENDPOINT_URL_STS: sts.url });
  lambda.latencyMs = MODEL.lambdaInvokeMs;
  const { AWS_LAMBDA_FUNCTION_NAME: _name, AWS_REGION: _region, ...environment } = handlerEnv();
  const deploy = () => lambda.deploy({ name: FUNCTION_NAME, account: ACCOUNT, region: REGION, zipPath, handler: HANDLER_ATTRIBUTE, environment });
  deploy();
  const invoker = new LambdaClient({ region: REGION, endpoint: lambda.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });

  // CloudTrail and EventBridge: the first failed push of a name reaches the function, asynchronously, D s later.
  let delayMs = 0;
  const scheduled = new Set<string>();
  const cloudtrail = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const { repositoryName } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { repositoryName: string };
    response.end();
    if (scheduled.has(repositoryName)) return;
    scheduled.add(repositoryName);
    const event = pushEvent(repositoryName);
    event.detail.eventTime = new Date().toISOString();
    setTimeout(() => void invoker.send(new InvokeCommand({ FunctionName: FUNCTION_NAME, InvocationType: "Event", Payload: Buffer.from(JSON.stringify(event)) })), delayMs);
  });
  cloudtrail.listen(0, "127.0.0.1");
  await once(cloudtrail, "listening");

  const env = {
    ...ciEnvironment(home, { ecr, sts, lambda }),
    NODE_NO_WARNINGS: "1",
    FAKE_CLOUDTRAIL_URL: `http://127.0.0.1:${(cloudtrail.address() as AddressInfo).port}`,
  };
  const timedPush = async (name: string, ensure: boolean) => {
    const client = fakePushClient(work, ACCOUNT, REGION);
    const started = performance.now();
    const run = await runCli(["push", ...(ensure ? ["--ensure", FUNCTION_NAME] : []), "--", client.script, image(name)], env, 180_000);
    const elapsed = performance.now() - started;
    if (run.code !== 0) throw new Error(`push of ${name} (ensure ${ensure}) exited ${run.code}: ${run.stderr}`);
    return { ms: elapsed, attempts: client.runs() };
  };

  try {
    // Warms the machine's file cache for the command and the client.
    ecr.seed("team-a/warm-up-cli");
    await timedPush("team-a/warm-up-cli", false);
    const coldNew: number[] = [];
    const warmNew: number[] = [];
    let ensureAttempts = 0;
    for (let run = 0; run < RUNS; run += 1) {
      deploy();
      const cold = await timedPush(`team-a/new-cold-${run}`, true);
      const warm = await timedPush(`team-a/new-warm-${run}`, true);
      coldNew.push(cold.ms);
      warmNew.push(warm.ms);
      ensureAttempts = Math.max(ensureAttempts, cold.attempts, warm.attempts);
    }
    const plainExisting: number[] = [];
    const ensureExisting: number[] = [];
    ecr.seed("team-a/existing");
    await timedPush("team-a/existing", true);
    for (let run = 0; run < RUNS; run += 1) {
      plainExisting.push((await timedPush("team-a/existing", false)).ms);
      ensureExisting.push((await timedPush("team-a/existing", true)).ms);
    }
    const retry: Record<string, { ms: number; attempts: number }> = {};
    for (const delay of DELAYS_S) {
      delayMs = delay * 1000;
      const result = await timedPush(`team-a/retry-${delay}s`, false);
      retry[`${delay}s`] = { ms: ms(result.ms), attempts: result.attempts };
    }
    console.log(
      JSON.stringify(
        {
          nodeVersion: process.version,
          runs: RUNS,
          model: { ...MODEL, cloudTrailToEventBridgeDelayS: DELAYS_S, note: "delivery delay assumed: AWS publishes none (AWS-FACTS §9)" },
          newNameWithEnsure: { coldFunctionMs: ms(median(coldNew)), warmFunctionMs: ms(median(warmNew)), clientAttempts: ensureAttempts },
          newNameWithRetryPath: retry,
          existingName: { withoutEnsureMs: ms(median(plainExisting)), withEnsureMs: ms(median(ensureExisting)), addedByEnsureMs: ms(median(ensureExisting) - median(plainExisting)) },
          note: "every figure includes starting the packaged command (node + the bundled CLI) and the fake client",
        },
        null,
        2,
      ),
    );
  } finally {
    invoker.destroy();
    cloudtrail.closeAllConnections();
    cloudtrail.close();
    await Promise.all([lambda.close(), sts.close(), ecr.close()]);
    rmSync(work, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

void main();
