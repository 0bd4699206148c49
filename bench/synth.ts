/**
 * Synth figures: wall time of the app (as `cdktf synth` runs it) and of `npm run synth` (cdktf-cli included),
 * zip size, and the default stack's planned resources. `npx tsx bench/synth.ts`; prints, asserts nothing.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { moduleFile } from "../lib/hcl";
import { offlineCopy, planOffline } from "../scripts/terraform";

const ROOT = resolve(__dirname, "..");
const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(command: string, args: string[], env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env }, stdio: "ignore" });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const outdirs = Array.from({ length: RUNS }, () => mkdtempSync(join(tmpdir(), "ecop-bench-")));
  const app = outdirs.map((outdir) => timed(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "main.ts"], { CDKTF_OUTDIR: outdir }));
  const cli = [timed("npm", ["run", "--silent", "synth"]), timed("npm", ["run", "--silent", "synth"]), timed("npm", ["run", "--silent", "synth"])];
  const stack = join(outdirs[0], "stacks", "ecr-create-on-push");
  const json = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8"));
  const fn = Object.values(json.resource.aws_lambda_function)[0] as { filename: string };
  const plan = await planOffline(offlineCopy(stack));
  const resources = plan.resource_changes.map((c) => `${c.change.actions.join("/")} ${c.type}`);
  console.log(`app synth (tsx main.ts, 3 stacks), median of ${RUNS}: ${median(app).toFixed(0)} ms  [${app.map((t) => t.toFixed(0)).join(", ")}]`);
  console.log(`npm run synth (cdktf-cli), median of 3: ${median(cli).toFixed(0)} ms  [${cli.map((t) => t.toFixed(0)).join(", ")}]`);
  // The filename is relative to the module (`${path.module}/assets/...`), so a module call finds it.
  console.log(`handler zip: ${(statSync(join(stack, fn.filename.replace(moduleFile(""), ""))).size / 1024).toFixed(1)} KB`);
  console.log(`default stack plan (${resources.length} resources):\n  ${resources.sort().join("\n  ")}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
