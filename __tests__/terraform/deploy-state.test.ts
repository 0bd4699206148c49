/**
 * `npx cdktf deploy` runs main.ts (CDKTF_OUTDIR, no ECOP_BACKEND) and then Terraform inside the generated stack
 * folder. Its state must land where the user chose, never in that folder, which the next synth regenerates.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthApp } from "../../scripts/synth";
import { offlineCopy } from "../../scripts/terraform";
import { ROOT, synthMain } from "../support/synth";

const backendOf = (dir: string) => JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).terraform.backend;

describe("state of cdktf deploy", () => {
  let outdir: string;
  let stacks: Record<string, string>;
  let stateDir: string;
  let byDefault: Record<string, string>;

  beforeAll(async () => {
    // Arrange: main.ts as the cdktf CLI runs it, once with ECOP_STATE_DIR and once with nothing set.
    stateDir = mkdtempSync(join(tmpdir(), "ecop-state-"));
    outdir = mkdtempSync(join(tmpdir(), "ecop-deploy-"));
    const defaultOut = mkdtempSync(join(tmpdir(), "ecop-deploy-default-"));
    [stacks, byDefault] = await Promise.all([synthApp(outdir, { ECOP_BACKEND: "", ECOP_STATE_DIR: stateDir }), synthApp(defaultOut, { ECOP_BACKEND: "", ECOP_STATE_DIR: "" })]);
  }, 60_000);

  it("gives every stack of the default app a local state file of its own outside cdktf.out", () => {
    // Act
    const paths = Object.entries(byDefault).map(([name, dir]) => [name, backendOf(dir)?.local?.path]);

    // Assert
    expect(paths).toEqual(Object.keys(byDefault).map((name) => [name, join(ROOT, "terraform-state", `${name}.tfstate`)]));
  });

  it("writes state through that backend into ECOP_STATE_DIR, and nothing into the stack folder", async () => {
    // Arrange
    const stack = offlineCopy(stacks["ecr-create-on-push"]);
    await stack.init();
    const state = join(stack.dir, "..", `pushed-${Date.now()}.json`);
    writeFileSync(state, JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "5b1d0c52-4c5e-4f0a-9d65-0c1f1c7a0001", outputs: {}, resources: [] }));

    // Act: a state write, as apply does at its end
    await stack.terraform(["state", "push", state]);

    // Assert
    expect(JSON.parse(readFileSync(join(stateDir, "ecr-create-on-push.tfstate"), "utf8")).lineage).toBe("5b1d0c52-4c5e-4f0a-9d65-0c1f1c7a0001");
    expect(readdirSync(stack.dir).filter((f) => f.endsWith(".tfstate"))).toEqual([]);
    expect(existsSync(join(stacks["ecr-create-on-push"], "terraform.tfstate"))).toBe(false);
  });

  it("gives every stack an S3 backend alone with ECOP_STATE_BUCKET, which Terraform loads", async () => {
    // Arrange
    const s3 = await synthApp(mkdtempSync(join(tmpdir(), "ecop-deploy-s3-")), { ECOP_BACKEND: "", ECOP_STATE_DIR: "", ECOP_STATE_BUCKET: "team-state" });
    const stack = offlineCopy(s3["ecr-create-on-push"]);

    // Act: the configuration is loaded without reaching S3.
    await stack.terraform(["init", "-backend=false", "-input=false", "-no-color"]);
    const validated = await stack.terraform(["validate", "-no-color"]);

    // Assert
    for (const dir of Object.values(s3)) expect(Object.keys(backendOf(dir))).toEqual(["s3"]);
    expect(validated.stdout).toContain("The configuration is valid");
  }, 60_000);

  it("leaves the folders of npm run synth and npm run plan without a backend (ECOP_BACKEND=none)", async () => {
    // Act
    const plain = (await synthMain(true)).stacks;

    // Assert
    for (const dir of Object.values(plain)) expect(backendOf(dir)).toBeUndefined();
  }, 60_000);
});
