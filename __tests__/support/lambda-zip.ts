/**
 * A planned function run the way Lambda runs it: its zip unpacked, the file its `handler` attribute names imported in
 * a fresh Node process with exactly the environment `terraform plan` computed, calling a local ECR endpoint.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import type { PlannedResource } from "../../scripts/terraform";

export interface PlannedFunction {
  readonly values: PlannedResource["values"];
  /** Where the zip was unpacked. */
  readonly codeDir: string;
}

/** The planned `aws_lambda_function` of a plan, its zip (read relative to `stackDir`) unpacked. */
export function unpackPlannedFunction(stackDir: string, resources: readonly PlannedResource[]): PlannedFunction {
  const fn = resources.find((r) => r.type === "aws_lambda_function");
  if (!fn) throw new Error("the plan has no aws_lambda_function");
  const codeDir = mkdtempSync(join(tmpdir(), "ecop-lambda-"));
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(join(stackDir, fn.values.filename as string))))) writeFileSync(join(codeDir, name), bytes);
  return { values: fn.values, codeDir };
}

/** The environment variables the plan gives the function. */
export function plannedVariables(fn: Pick<PlannedFunction, "values">): Record<string, string> {
  return (fn.values.environment as { variables: Record<string, string> }[])[0].variables;
}

/** Imports `<file>.mjs` named by the handler attribute ("index.handler") and invokes it with `event`, as Lambda does. */
export async function invokePlanned(fn: PlannedFunction, event: unknown, target: { region: string; account: string; endpoint: string }): Promise<unknown> {
  const [file, exported] = (fn.values.handler as string).split(".");
  const runner = join(fn.codeDir, "invoke.mjs");
  const arn = `arn:aws:lambda:${target.region}:${target.account}:function:${fn.values.function_name}`;
  writeFileSync(
    runner,
    `const m = await import(${JSON.stringify(`./${file}.mjs`)});\n` +
      `const out = await m[${JSON.stringify(exported)}](JSON.parse(process.env.TEST_EVENT), { invokedFunctionArn: ${JSON.stringify(arn)}, awsRequestId: "e2e" });\n` +
      `(await import("node:fs")).writeFileSync("outcome.json", JSON.stringify(out));\n`,
  );
  await promisify(execFile)(process.execPath, [runner], {
    cwd: fn.codeDir,
    env: {
      PATH: process.env.PATH,
      ...plannedVariables(fn),
      AWS_LAMBDA_FUNCTION_NAME: fn.values.function_name as string,
      AWS_REGION: target.region,
      AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
      AWS_SECRET_ACCESS_KEY: "fake",
      AWS_ENDPOINT_URL_ECR: target.endpoint,
      TEST_EVENT: JSON.stringify(event),
    },
  });
  return JSON.parse(readFileSync(join(fn.codeDir, "outcome.json"), "utf8"));
}
