/**
 * The published package in a fresh CDK Terrain app, as the README's "With CDK Terrain" says: the packed tarball
 * next to cdktn 0.24.0, constructs 10.7 and @cdktn/provider-aws 25.7.0 from the registry, the README's example
 * run by node, synthesized and planned offline with AWS provider 5.100; and this repository's main.ts, with its
 * imports renamed, synthesizing through the cdktn flavour the same Terraform as through cdktf.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_PROVIDER_CONSTRAINT } from "../../lib/stacks";
import { ROOT, synthMain } from "../support/synth";
import { filesUnder, installApp, type PackedTarball, packTarball, plannedNames, planRegions, readmeExamples, run, typeCheck, writeCdktfJson } from "./support";

const REGIONS = ["us-east-1", "eu-west-1"];
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/**
 * A synthesized stack without what legitimately differs between the frameworks: cdktf's metadata block and the
 * provider's source address (`aws` from the cdktf binding, `hashicorp/aws` from cdktn's: the same provider).
 */
function comparable(stackDir: string): { stack: unknown; source: string } {
  const { "//": _metadata, ...stack } = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as Record<string, unknown> & { terraform: { required_providers: { aws: { source: string } } } };
  const aws = stack.terraform.required_providers.aws;
  return { stack: { ...stack, terraform: { ...stack.terraform, required_providers: { ...stack.terraform.required_providers, aws: { ...aws, source: "<source>" } } } }, source: aws.source };
}

const assets = (stackDir: string) => (existsSync(join(stackDir, "assets")) ? filesUnder(join(stackDir, "assets")) : []);

describe("the packed package in a fresh cdktn app", () => {
  let tarball: PackedTarball;
  let app: string;
  let installSeconds: number;

  beforeAll(async () => {
    tarball = await packTarball();
    ({ dir: app, seconds: installSeconds } = await installApp("cdktn", {
      cdktn: "0.24.0",
      constructs: "10.7.2",
      "@cdktn/provider-aws": "25.7.0",
      "ecr-create-on-push": `file:${tarball.path}`,
    }));
    writeCdktfJson(app, "node main.js");
    process.stdout.write(`consumer (cdktn): npm install ${installSeconds.toFixed(1)} s\n`);
  }, 240_000);
  // Each app holds some 400 MB of framework packages.
  afterAll(() => {
    // Only the temporary folders this suite made (app and tarball are unset if beforeAll failed early).
    for (const dir of [app, tarball && dirname(tarball.path)]) if (dir?.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
  });

  it("installs CDK Terrain's packages only: no cdktf and no nested framework", () => {
    // Act
    const modules = join(app, "node_modules");

    // Assert
    for (const name of ["cdktf", "@cdktf/provider-aws", "ecr-create-on-push/node_modules"]) expect([name, existsSync(join(modules, name))]).toEqual([name, false]);
    for (const name of ["cdktn", "@cdktn/provider-aws", "constructs"]) expect([name, existsSync(join(modules, name, "package.json"))]).toEqual([name, true]);
  });

  it("synthesizes the README's example from plain JavaScript and plans both Regions offline with AWS provider 5.100", async () => {
    // Arrange
    const [example] = readmeExamples("With CDK Terrain", "js");
    writeFileSync(join(app, "main.js"), example);

    // Act
    await run(process.execPath, ["main.js"], { cwd: app, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    const stackDir = join(app, "cdktf.out", "stacks", "registry");
    const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { terraform: { required_providers: { aws: { version: string } } } };
    // The binding pins the AWS provider it was generated from; only 5.100.0 is installed here.
    const names = plannedNames(await planRegions(stackDir, REGIONS, AWS_PROVIDER_CONSTRAINT));

    // Assert
    expect(stack.terraform.required_providers.aws.version).toBe("6.66.0");
    expect(names.functions).toEqual(REGIONS.map((r) => `create-ecr-repo-${r}`).sort());
    expect(names.duplicates).toEqual([]);
    expect(filesUnder(join(stackDir, "assets")).filter((f) => f.endsWith(".zip"))).toHaveLength(REGIONS.length);
  }, 180_000);

  it("type-checks a TypeScript app of the cdktn flavour against cdktn's own types, with cdktf init's tsconfig", async () => {
    // Arrange
    const source = [
        'import { App, TerraformStack } from "cdktn";',
        'import { AwsProvider } from "@cdktn/provider-aws/lib/provider";',
        'import { EcrCreateOnPush, type ResolvedConfig } from "ecr-create-on-push/cdktn";',
        'const stack = new TerraformStack(new App(), "registry");',
        // The cdktn flavour's `provider` is a cdktn TerraformProvider.
        'const provider = new AwsProvider(stack, "aws", { region: "eu-west-1" });',
        'export const config: ResolvedConfig = new EcrCreateOnPush(stack, "ecr", { provider, imageTagMutability: "IMMUTABLE" }).config;',
        "",
      ].join("\n");

    // Act
    const check = typeCheck(app, { "main.ts": source });

    // Assert
    await expect(check).resolves.toBeDefined();
  }, 120_000);

  it("synthesizes main.ts's default stacks exactly as the cdktf build does, apart from the metadata", async () => {
    // Arrange: main.ts itself, with the framework and the library renamed as a cdktn user would.
    const main = readFileSync(join(ROOT, "main.ts"), "utf8").replaceAll('from "cdktf"', 'from "cdktn"').replace(/from "\.\/lib\/[\w-]+"/g, 'from "ecr-create-on-push/cdktn"');
    writeFileSync(join(app, "default-stacks.ts"), main);
    const outdir = join(app, "default.out");

    // Act
    // As `npm run synth` (and synthMain) do: no backend, folders ready for module calls.
    await run(process.execPath, [TSX, "default-stacks.ts"], { cwd: app, env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ECOP_BACKEND: "none" } });
    const cdktf = (await synthMain()).stacks;
    const cdktn = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { workingDirectory: string }> };

    // Assert
    expect(Object.keys(cdktn.stacks).sort()).toEqual(Object.keys(cdktf).sort());
    for (const [name, dir] of Object.entries(cdktf)) {
      const [ours, theirs] = [comparable(dir), comparable(join(outdir, cdktn.stacks[name].workingDirectory))];
      expect([name, theirs.stack]).toEqual([name, ours.stack]);
      expect([ours.source, theirs.source]).toEqual(["aws", "hashicorp/aws"]);
      // Asset folders are named by content hash: equal names, equal zips.
      expect(assets(join(outdir, cdktn.stacks[name].workingDirectory))).toEqual(assets(dir));
    }
  }, 180_000);
});
