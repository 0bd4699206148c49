/**
 * `npm run plan [-- <stack>] [-var-file=FILE] [-var 'k=v']`: synthesizes the stacks into cdktf.out, then prints the
 * `terraform plan` of one of them (default: ecr-create-on-push), offline: fake credentials, the provider's skip
 * flags, no state. The stack folder itself is not touched: Terraform runs on a temporary copy.
 */
import { join, resolve } from "node:path";
import { ROOT, synthApp } from "./synth";
import { offlineCopy } from "./terraform";

const OUTDIR = join(ROOT, "cdktf.out");

/** Paths in -var-file are the caller's, relative to where npm was run; Terraform runs elsewhere. */
function terraformArgs(args: string[]): string[] {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  return args.map((a) => (a.startsWith("-var-file=") ? `-var-file=${resolve(cwd, a.slice("-var-file=".length))}` : a));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const stackName = args[0] && !args[0].startsWith("-") ? args.shift()! : "ecr-create-on-push";
  const stacks = await synthApp(OUTDIR);
  const dir = stacks[stackName];
  if (!dir) throw new Error(`no stack "${stackName}"; main.ts writes: ${Object.keys(stacks).join(", ")}`);
  const stack = offlineCopy(dir);
  await stack.init();
  const { stdout } = await stack.terraform(["plan", "-input=false", "-lock=false", ...terraformArgs(args)]);
  process.stdout.write(`# ${stackName}: plan of ${dir} (offline: fake credentials, no state)\n\n${stdout}`);
}

main().catch((error: { stderr?: string; message?: string }) => {
  process.stderr.write(`${error.stderr ?? error.message ?? String(error)}\n`);
  process.exit(1);
});
