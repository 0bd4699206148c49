/**
 * The published CDK Terrain package (`ecr-create-on-push-cdktn`) in a fresh cdktn app, as the README's "With CDK
 * Terrain" says, on Node.js 22 (the npm package node@22 where the machine has 20): the README's install command
 * with the packed tarball (cdktn 0.24, @cdktn/provider-aws 25.x and constructs 10.6-10.7 from the registry), its
 * example run by node, synthesized and planned offline with AWS provider 5.100; and this repository's main.ts, with
 * its imports renamed, synthesizing through the cdktn flavour the same Terraform as through cdktf.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_PROVIDER_CONSTRAINT } from "../../lib/stacks";
import { ROOT, synthMain } from "../support/synth";
import { filesUnder, newApp, node22, npm, npmWarnings, type PackedTarball, packTarballs, plannedNames, planRegions, readmeExamples, run, typeCheck, writeCdktfJson } from "./support";

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

  let bin: string;
  /** `node` of Node.js 22, with it first on PATH for whatever the app starts. */
  let node22Run: (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv) => ReturnType<typeof run>;

  beforeAll(async () => {
    const [tarballs, nodeBin] = await Promise.all([packTarballs(), node22()]);
    tarball = tarballs.cdktn;
    bin = nodeBin;
    node22Run = (args, cwd, env = {}) => run(join(bin, "node"), args, { cwd, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, CHECKPOINT_DISABLE: "1", ...env } });
    app = newApp("cdktn");
    const [install] = readmeExamples("With CDK Terrain", "sh");
    const args = install!.trim().split(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/).slice(1).map((a) => a.replace(/^"|"$/g, "")).map((a) => (a === "ecr-create-on-push-cdktn" ? tarball.path : a));
    const installed = await npm(app, args, bin);
    installSeconds = installed.seconds;
    writeCdktfJson(app, "node main.js");
    process.stdout.write(
      `consumer (cdktn, Node ${(await node22Run(["--version"], app)).stdout.trim()}): tarball ${tarball.files.length} files, ${tarball.size} bytes; npm ${args.join(" ")} ${installSeconds.toFixed(1)} s; ${JSON.stringify(npmWarnings(installed.output))}\n`,
    );
  }, 300_000);
  // Each app holds some 400 MB of framework packages.
  afterAll(() => {
    // Only the temporary folders this suite made (app and tarball are unset if beforeAll failed early).
    for (const dir of [app, tarball && dirname(tarball.path), bin && join(bin, "..", "..", "..")]) if (dir?.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
  });

  it("ships the cdktn flavour's JavaScript, declarations, handler zip, README and licence only, for Node.js 22.11 and cdktn's peers", () => {
    // Arrange
    const manifest = JSON.parse(readFileSync(join(app, "node_modules", "ecr-create-on-push-cdktn", "package.json"), "utf8")) as { engines: { node: string }; peerDependencies: Record<string, string>; version: string };
    const ours = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

    // Assert
    const unexpected = tarball.files.filter((f) => !/^dist\/((lib|handler)\/[\w-]+\.(js|d\.ts)|assets\/handler\.zip)$/.test(f) && !["README.md", "package.json", "LICENSE"].includes(f));
    expect(unexpected).toEqual([]);
    expect(tarball.files).toEqual(expect.arrayContaining(["dist/lib/index.js", "dist/lib/index.d.ts", "dist/assets/handler.zip", "README.md", "LICENSE"]));
    expect(manifest.version).toBe(ours.version);
    expect(manifest.engines.node).toBe(">=22.11.0");
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(["@cdktn/provider-aws", "cdktn", "constructs"]);
  });

  it("installs CDK Terrain's packages only: no cdktf and no nested framework", () => {
    // Act
    const modules = join(app, "node_modules");

    // Assert
    for (const name of ["cdktf", "@cdktf/provider-aws", "ecr-create-on-push", "ecr-create-on-push-cdktn/node_modules"]) expect([name, existsSync(join(modules, name))]).toEqual([name, false]);
    for (const name of ["cdktn", "@cdktn/provider-aws", "constructs"]) expect([name, existsSync(join(modules, name, "package.json"))]).toEqual([name, true]);
  });

  it("synthesizes the README's example from plain JavaScript and plans both Regions offline with AWS provider 5.100", async () => {
    // Arrange
    const [example] = readmeExamples("With CDK Terrain", "js");
    writeFileSync(join(app, "main.js"), example);

    // Act
    await node22Run(["main.js"], app);
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
        'import { EcrCreateOnPush, type ResolvedConfig } from "ecr-create-on-push-cdktn";',
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
    const main = readFileSync(join(ROOT, "main.ts"), "utf8").replaceAll('from "cdktf"', 'from "cdktn"').replace(/from "\.\/lib\/[\w-]+"/g, 'from "ecr-create-on-push-cdktn"');
    writeFileSync(join(app, "default-stacks.ts"), main);
    const outdir = join(app, "default.out");

    // Act
    // As `npm run synth` (and synthMain) do: no backend, folders ready for module calls.
    await node22Run([TSX, "default-stacks.ts"], app, { CDKTF_OUTDIR: outdir, ECOP_BACKEND: "none" });
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
