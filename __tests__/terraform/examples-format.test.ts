/**
 * The examples users copy are formatted as `terraform fmt` writes them, so that a pipeline running
 * `terraform fmt -check` on a copy passes (issue 19: examples/paradigm.tfvars did not).
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { terraformEnv } from "../../scripts/terraform";
import { ROOT } from "../support/synth";

describe("examples/", () => {
  it("passes terraform fmt -check", async () => {
    // Act
    const result = await promisify(execFile)("terraform", ["fmt", "-check", "-recursive", "-list=true", "examples"], { cwd: ROOT, env: terraformEnv(mkdtempSync(join(tmpdir(), "ecop-fmt-"))) }).then(
      (r) => ({ code: 0, files: r.stdout.trim() }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? 1, files: (e.stdout ?? "").trim() }),
    );

    // Assert
    expect(result).toEqual({ code: 0, files: "" });
  });
});
