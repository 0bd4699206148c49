import { readdirSync, readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, synthMain } from "../support/synth";

/** Every file of a synth output, by path, except cdktf's manifest (it records the output folder). */
function files(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith(".tfplan")) out[relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  return out;
}

describe("npm run synth", () => {
  let first: Record<string, Buffer>;
  let second: Record<string, Buffer>;
  let stacks: Record<string, string>;
  let outdir: string;

  beforeAll(async () => {
    const [a, b] = [await synthMain(true), await synthMain(true)];
    stacks = a.stacks;
    outdir = a.outdir;
    first = files(join(a.outdir, "stacks"));
    second = files(join(b.outdir, "stacks"));
  });

  it("writes byte-identical cdk.tf.json and zips from the same source", () => {
    // Assert
    expect(Object.keys(first).filter((f) => f.endsWith("cdk.tf.json") || f.endsWith(".zip")).length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(second).sort()).toEqual(Object.keys(first).sort());
    for (const [path, bytes] of Object.entries(first)) expect({ path, same: bytes.equals(second[path]) }).toEqual({ path, same: true });
  });

  it("zips the handler file at the path the function's handler attribute names", () => {
    let checked = 0;
    for (const dir of Object.values(stacks)) {
      // Arrange
      const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
      const fn = Object.values(json.resource.aws_lambda_function ?? {})[0] as { handler: string; filename: string } | undefined;
      if (!fn) continue;

      // Act
      const entries = unzipSync(readFileSync(join(dir, fn.filename.replace("${path.module}/", ""))));

      // Assert
      expect(Object.keys(entries)).toEqual([`${fn.handler.split(".")[0]}.mjs`]);
      expect(Buffer.from(entries["index.mjs"]).toString("utf8")).toMatch(/export\s*\{[^}]*\bhandler\b/);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it("writes no absolute path of this machine into a stack", () => {
    // Arrange
    const machinePaths = [ROOT, outdir, tmpdir(), homedir()];
    const written = Object.entries(first).filter(([path]) => path.endsWith("cdk.tf.json"));

    // Assert
    expect(written.length).toBe(Object.keys(stacks).length);
    for (const [path, bytes] of written) {
      for (const machinePath of machinePaths) expect({ path, holds: bytes.toString("utf8").includes(machinePath) }).toEqual({ path, holds: false });
    }
  });
});
