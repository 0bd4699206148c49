/**
 * Runs Terraform on a synthesized stack folder offline: our own CLI config (a provider mirror when one is found),
 * no version check, fake credentials and the AWS provider's skip flags. Used by the tests and `npm run plan`.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where provider mirrors usually sit; TF_PROVIDER_MIRROR names another. */
const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  join(homedir(), ".terraform.d", "plugins"),
  join(homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

/** A directory holding registry.terraform.io/hashicorp/aws/<version>/, or undefined (Terraform then downloads). */
export function findProviderMirror(): string | undefined {
  const candidates = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : MIRROR_CANDIDATES;
  return candidates.find((dir) => {
    const aws = join(dir, "registry.terraform.io", "hashicorp", "aws");
    return existsSync(aws) && readdirSync(aws).length > 0;
  });
}

/** A CLI config of ours: the environment may point TF_CLI_CONFIG_FILE at a file that does not exist. */
export function writeCliConfig(dir: string, mirror = findProviderMirror()): string {
  const file = join(dir, "terraform.rc");
  const installation = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`
    : "";
  writeFileSync(file, installation);
  return file;
}

/** Provider settings that let `plan` run with no AWS account and no network. */
export const OFFLINE_PROVIDER = {
  region: "eu-west-1",
  access_key: "AKIAFAKEFAKEFAKEFAKE",
  secret_key: "fake-secret-for-offline-plans",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

export interface OfflineStack {
  readonly dir: string;
  terraform(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** `terraform init`, once per copy however often it is called. */
  init(): Promise<void>;
}

/** Terraform's environment for work in `dir`: no version check, no prompts, our CLI config (written into `dir`). */
export function terraformEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", TF_CLI_CONFIG_FILE: writeCliConfig(dir) };
}

/**
 * The value of an HCL expression, as `terraform console` in `dir` evaluates it (the folder may hold a configuration
 * the expression reads, such as locals). Console prints only its last line's value, so pass one expression.
 */
export function evaluateHcl(dir: string, expression: string): unknown {
  const stdout = execFileSync("terraform", ["console"], { cwd: dir, input: `jsonencode(${expression})\n`, env: terraformEnv(dir), encoding: "utf8" });
  return JSON.parse(JSON.parse(stdout.trim()) as string);
}

/**
 * A copy of `stackDir` in a temporary folder, with an override file that makes the provider offline (the
 * synthesized stack itself stays untouched).
 */
export function offlineCopy(stackDir: string, region = OFFLINE_PROVIDER.region): OfflineStack {
  const dir = mkdtempSync(join(tmpdir(), "ecop-tf-"));
  cpSync(stackDir, dir, { recursive: true });
  writeFileSync(join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: { aws: [{ ...OFFLINE_PROVIDER, region }] } }, null, 2));
  const env = {
    ...terraformEnv(dir),
    AWS_ACCESS_KEY_ID: OFFLINE_PROVIDER.access_key,
    AWS_SECRET_ACCESS_KEY: OFFLINE_PROVIDER.secret_key,
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: "true",
  };
  delete (env as Record<string, string | undefined>).AWS_PROFILE;
  const terraform = (args: string[]) => run("terraform", args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
  let initialized: Promise<void> | undefined;
  return {
    dir,
    terraform,
    init: () => (initialized ??= terraform(["init", "-input=false", "-no-color"]).then(() => undefined)),
  };
}

let plans = 0;

/** init (once), then plan to a file of its own; returns `terraform show -json` of the plan. */
export async function planOffline(stack: OfflineStack, extraArgs: string[] = []): Promise<TerraformPlan> {
  await stack.init();
  const out = `plan-${++plans}.tfplan`;
  await stack.terraform(["plan", "-input=false", "-no-color", "-lock=false", `-out=${out}`, ...extraArgs]);
  const { stdout } = await stack.terraform(["show", "-json", out]);
  return JSON.parse(stdout) as TerraformPlan;
}

/** The error text of a plan that must fail (Terraform's own message), or throws if it plans. */
export async function planFailure(stack: OfflineStack, extraArgs: string[]): Promise<string> {
  await stack.init();
  try {
    await stack.terraform(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", ...extraArgs]);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error).replace(/\s+/g, " ");
  }
  throw new Error(`plan succeeded with ${extraArgs.join(" ")}`);
}

export interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
}
export interface TerraformPlan {
  readonly planned_values: { readonly root_module: { readonly resources?: PlannedResource[] } };
  readonly resource_changes: { readonly address: string; readonly type: string; readonly change: { readonly actions: string[] } }[];
  readonly configuration: Record<string, unknown>;
}
