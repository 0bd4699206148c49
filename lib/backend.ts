/**
 * Where `cdktf deploy` keeps state, chosen from the environment (the default app, main.ts). A stack folder for
 * Terraform pipelines has no backend, so it also works as a child module (a backend there is ignored, with a
 * warning); the pipeline brings its own.
 */
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "./errors";

export type StateBackend =
  | { readonly local: { readonly path: string } }
  | { readonly s3: { readonly bucket: string; readonly key: string; readonly region?: string; readonly use_lockfile?: boolean; readonly dynamodb_table?: string; readonly encrypt: boolean } };

const KINDS = ["local", "s3", "none"] as const;

/**
 * The backend of stack `stack`: `ECOP_BACKEND=none` writes none (the folder is then a plain module); an S3 backend
 * when `ECOP_STATE_BUCKET` is set (or `ECOP_BACKEND=s3`); otherwise local state in `ECOP_STATE_DIR` (default
 * `<root>/terraform-state/`), outside the folders synth regenerates.
 */
export function stateBackend(stack: string, root: string, env: Readonly<Record<string, string | undefined>> = process.env): StateBackend | undefined {
  const kind = env.ECOP_BACKEND || (env.ECOP_STATE_BUCKET ? "s3" : "local");
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError([{ code: "backend.invalid", input: "ECOP_BACKEND", message: `ECOP_BACKEND: ${JSON.stringify(kind)} is invalid; use ${KINDS.join(", ")}` }]);
  }
  if (kind === "none") return undefined;
  if (kind === "local") {
    const dir = env.ECOP_STATE_DIR ? resolve(root, env.ECOP_STATE_DIR) : join(root, "terraform-state");
    return { local: { path: join(dir, `${stack}.tfstate`) } };
  }
  if (!env.ECOP_STATE_BUCKET) {
    throw new ConfigError([{ code: "backend.bucket", input: "ECOP_STATE_BUCKET", message: "ECOP_STATE_BUCKET: unset; an S3 backend needs the name of an existing bucket" }]);
  }
  const prefix = (env.ECOP_STATE_KEY_PREFIX ?? "ecr-create-on-push").replace(/\/+$/, "");
  if (isAbsolute(prefix)) {
    throw new ConfigError([{ code: "backend.key", input: "ECOP_STATE_KEY_PREFIX", message: `ECOP_STATE_KEY_PREFIX: ${JSON.stringify(prefix)} starts with "/"; S3 keys are relative, e.g. "terraform/ecr"` }]);
  }
  const region = env.ECOP_STATE_REGION || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  // S3's own lock file needs Terraform 1.10; a DynamoDB table is the older way.
  const lock = env.ECOP_STATE_LOCK_TABLE ? { dynamodb_table: env.ECOP_STATE_LOCK_TABLE } : { use_lockfile: true };
  return { s3: { bucket: env.ECOP_STATE_BUCKET, key: `${prefix ? `${prefix}/` : ""}${stack}.tfstate`, ...(region ? { region } : {}), ...lock, encrypt: true } };
}
