import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { stateBackend } from "../../../lib/backend";
import { ConfigError } from "../../../lib/errors";

const ROOT = "/home/dev/ecr-create-on-push";
const REPO = resolve(__dirname, "../../..");

describe("stateBackend: where cdktf deploy keeps state", () => {
  it("keeps local state outside cdktf.out by default", () => {
    // Act
    const backend = stateBackend("ecr-create-on-push", ROOT, {});

    // Assert
    expect(backend).toEqual({ local: { path: `${ROOT}/terraform-state/ecr-create-on-push.tfstate` } });
  });

  it("resolves ECOP_STATE_DIR against the project, or takes it absolute", () => {
    // Act
    const relative = stateBackend("s", ROOT, { ECOP_STATE_DIR: "../state" });
    const absolute = stateBackend("s", ROOT, { ECOP_STATE_DIR: "/var/lib/tf" });

    // Assert
    expect(relative).toEqual({ local: { path: "/home/dev/state/s.tfstate" } });
    expect(absolute).toEqual({ local: { path: "/var/lib/tf/s.tfstate" } });
  });

  it("writes no backend with ECOP_BACKEND=none, whatever else is set", () => {
    // Assert
    expect(stateBackend("s", ROOT, { ECOP_BACKEND: "none", ECOP_STATE_BUCKET: "b" })).toBeUndefined();
  });

  it("chooses S3 when a bucket is named, one key per stack, encrypted, with S3's lock file", () => {
    // Act
    const backend = stateBackend("ecr-create-on-push", ROOT, { ECOP_STATE_BUCKET: "acme-tf", AWS_REGION: "eu-central-1" });

    // Assert
    expect(backend).toEqual({ s3: { bucket: "acme-tf", key: "ecr-create-on-push/ecr-create-on-push.tfstate", region: "eu-central-1", use_lockfile: true, encrypt: true } });
  });

  it("takes the key prefix, the bucket's Region and a DynamoDB lock table from the environment", () => {
    // Act
    const backend = stateBackend("s", ROOT, { ECOP_STATE_BUCKET: "b", ECOP_STATE_KEY_PREFIX: "terraform/ecr/", ECOP_STATE_REGION: "us-east-1", AWS_REGION: "eu-west-1", ECOP_STATE_LOCK_TABLE: "locks" });

    // Assert
    expect(backend).toEqual({ s3: { bucket: "b", key: "terraform/ecr/s.tfstate", region: "us-east-1", dynamodb_table: "locks", encrypt: true } });
  });

  it.each([
    [{ ECOP_BACKEND: "consul" }, 'ECOP_BACKEND: "consul" is invalid; use local, s3, none'],
    [{ ECOP_BACKEND: "s3" }, "ECOP_STATE_BUCKET: unset; an S3 backend needs the name of an existing bucket"],
    [{ ECOP_STATE_BUCKET: "b", ECOP_STATE_KEY_PREFIX: "/abs" }, 'ECOP_STATE_KEY_PREFIX: "/abs" starts with "/"; S3 keys are relative, e.g. "terraform/ecr"'],
  ])("refuses %o, naming the variable, the value and what is allowed", (env, message) => {
    // Act
    const attempt = () => stateBackend("s", ROOT, env);

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});

describe("main.ts with a bad ECOP_BACKEND", () => {
  it("exits 1 with the message that names the variable, and no stack trace", () => {
    // Act
    const run = spawnSync(process.execPath, [join(REPO, "node_modules", "tsx", "dist", "cli.mjs"), join(REPO, "main.ts")], {
      cwd: REPO,
      env: { ...process.env, ECOP_BACKEND: "bogus", CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "ecop-bad-backend-")) },
      encoding: "utf8",
    });

    // Assert
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('ecr-create-on-push: 1 invalid input:\n  - ECOP_BACKEND: "bogus" is invalid; use local, s3, none');
  }, 30_000);
});
