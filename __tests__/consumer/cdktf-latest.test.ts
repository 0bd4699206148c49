/**
 * The packed package in the cdktf app npm builds today: the README's one-command install with nothing pinned
 * (npm's newest @cdktf/provider-aws, 21.x, and cdktf-cli in the same command), run the ways people run apps
 * (`node main.js` without cdktf.json, from a monorepo's root, from a subfolder, with their own outdir), native mode
 * in a user stack, the README's vitest example, and the README's move from cdktf to cdktn on Node.js 22.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admits } from "../../lib/provider-constraint";
import { NATIVE_PROVIDER_MINIMUM } from "../../lib/native-options";
import { swapFor5100 } from "../support/native-swap";
import { writeCliConfig } from "../../scripts/terraform";
import { filesUnder, newApp, node22, npm, npmWarnings, type PackedTarballs, packTarballs, plannedNames, planRegions, readmeExamples, run, writeCdktfJson } from "./support";

const REGIONS = ["us-east-1", "eu-west-1"];
const CDKTF_PACKAGES = ["cdktf", "constructs", "@cdktf/provider-aws", "cdktf-cli"];
const version = (app: string, name: string) => (JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
/** The README's JavaScript example, with its own outdir and no cdktf.json to find. */
const withOutdir = (example: string) => example.replace("new App()", 'new App({ outdir: "out" })');
const stackJson = (stackDir: string) => JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { terraform: { required_providers: { aws: { version: string; source: string } } }; resource: Record<string, Record<string, Record<string, unknown>>> };
const zipsUnder = (dir: string) => filesUnder(dir).filter((f) => f.endsWith(".zip") && !f.includes(".bundles")).map((f) => readFileSync(join(dir, f)));

describe("the packed package in a fresh cdktf app with npm's newest versions", () => {
  let tarballs: PackedTarballs;
  let app: string;
  let packedZip: Buffer;

  beforeAll(async () => {
    tarballs = await packTarballs();
    app = newApp("cdktf-latest");
    // The README's install command for a new app, with the packed tarball in place of the registry's.
    const [install] = readmeExamples("Install", "sh");
    const args = install!.split("\n")[0]!.replace(/#.*$/, "").trim().split(/\s+/).slice(1).map((a) => (a === "ecr-create-on-push" ? tarballs.cdktf.path : a));
    const installed = await npm(app, args);
    packedZip = readFileSync(join(app, "node_modules", "ecr-create-on-push", "dist", "assets", "handler.zip"));
    process.stdout.write(
      `consumer (cdktf, newest): npm ${args.join(" ")} ${installed.seconds.toFixed(1)} s; ${CDKTF_PACKAGES.map((p) => `${p} ${version(app, p)}`).join(", ")}; ${JSON.stringify(npmWarnings(installed.output))}\n`,
    );
  }, 300_000);
  afterAll(() => {
    for (const dir of [app, tarballs && dirname(tarballs.cdktf.path)]) if (dir?.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
  });

  it("installs in one command with cdktf-cli, takes the newest binding (21.x, AWS provider 6.x) and nothing of CDK Terrain", () => {
    // Assert
    expect(version(app, "@cdktf/provider-aws")).toMatch(/^21\./);
    expect(version(app, "cdktf")).toMatch(/^0\.21\./);
    expect(existsSync(join(app, "node_modules", "cdktf-cli", "package.json"))).toBe(true);
    for (const name of ["cdktn", "@cdktn/provider-aws", "ecr-create-on-push/node_modules"]) expect([name, existsSync(join(app, "node_modules", name))]).toEqual([name, false]);
  });

  it("synthesizes with node main.js and no cdktf.json, from a monorepo's root and from a subfolder, into the app's own outdir", async () => {
    // Arrange: the README's example in packages/infra/, with no cdktf.json anywhere above it.
    const [example] = readmeExamples("Use as a library", "js");
    const infra = join(app, "packages", "infra");
    mkdirSync(join(infra, "sub"), { recursive: true });
    writeFileSync(join(infra, "main.js"), withOutdir(example!));
    const env = { ...process.env, CHECKPOINT_DISABLE: "1" };

    // Act
    await run(process.execPath, ["packages/infra/main.js"], { cwd: app, env });
    await run(process.execPath, ["../main.js"], { cwd: join(infra, "sub"), env });

    // Assert: each run wrote its stack under its own working directory, with the packed zip in both Regions.
    for (const outdir of [join(app, "out"), join(infra, "sub", "out")]) {
      const stackDir = join(outdir, "stacks", "registry");
      expect(stackJson(stackDir).terraform.required_providers.aws.version).toBe(version(app, "@cdktf/provider-aws") === "21.22.1" ? "6.25.0" : expect.any(String));
      const zips = zipsUnder(stackDir);
      expect(zips).toHaveLength(REGIONS.length);
      for (const zip of zips) expect(zip.equals(packedZip)).toBe(true);
    }
    expect(existsSync(join(app, "cdktf.json"))).toBe(false);
  }, 120_000);

  it("never stages a stale zip: one left where a cdktf.json points is not used", async () => {
    // Arrange: a cdktf.json at the app's root and a stale zip where the old relative path resolved against it.
    writeCdktfJson(app, "node main.js");
    const stale = join(app, "out", ".bundles", "handler");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "handler.zip"), "stale");
    const sub = join(app, "packages", "infra", "sub");
    rmSync(join(sub, "out"), { recursive: true, force: true });

    // Act
    await run(process.execPath, ["../main.js"], { cwd: sub, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });

    // Assert
    const zips = zipsUnder(join(sub, "out", "stacks", "registry"));
    expect(zips).toHaveLength(REGIONS.length);
    for (const zip of zips) expect(zip.equals(packedZip)).toBe(true);
    rmSync(join(app, "cdktf.json"));
  }, 120_000);

  it("plans the stack synthesized with the 21.x binding offline, names distinct in each Region", async () => {
    // Act: the binding pins 6.25.0; only 5.100.0 is on this machine, which every Lambda-mode resource accepts.
    const names = plannedNames(await planRegions(join(app, "out", "stacks", "registry"), REGIONS, ">= 5.100.0, < 7.0.0"));

    // Assert
    expect(names.functions).toEqual(REGIONS.map((r) => `create-ecr-repo-${r}`).sort());
    expect(names.duplicates).toEqual([]);
  }, 180_000);

  it("raises a user stack's AWS provider constraint for native mode above what the binding pinned, with a Lambda instance beside it", async () => {
    // Arrange
    writeFileSync(
      join(app, "native.js"),
      [
        'const { App, TerraformStack } = require("cdktf");',
        'const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");',
        'const { EcrCreateOnPush } = require("ecr-create-on-push");',
        'const app = new App({ outdir: "native.out" });',
        'const stack = new TerraformStack(app, "registry");',
        'new AwsProvider(stack, "aws", { region: "eu-west-1" });',
        'new EcrCreateOnPush(stack, "native", { mode: "native", managedRepoPrefixes: ["team"], repoTags: { team: "a" } });',
        'new EcrCreateOnPush(stack, "lambda", { managedRepoPrefixes: ["other"] });',
        "app.synth();",
      ].join("\n"),
    );

    // Act
    await run(process.execPath, ["native.js"], { cwd: app, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    const stackDir = join(app, "native.out", "stacks", "registry");
    const stack = stackJson(stackDir);
    const constraint = stack.terraform.required_providers.aws.version;
    // 6.28 is not on this machine: plan the copy with only CREATE_ON_PUSH swapped (support/native-swap.ts).
    const plan = await swapFor5100(stackDir).plan();

    // Assert
    expect(admits(constraint, NATIVE_PROVIDER_MINIMUM)).toBe(true);
    expect(admits(constraint, "6.25.0")).toBe(false);
    expect(Object.keys(stack.resource)).toEqual(expect.arrayContaining(["aws_ecr_repository_creation_template", "aws_lambda_function"]));
    expect(plan.resource_changes.map((c) => c.type)).toEqual(expect.arrayContaining(["aws_ecr_repository_creation_template", "aws_lambda_function"]));
  }, 180_000);

  it("runs the README's vitest example against the app's own cdktf and construct", async () => {
    // Arrange
    const installed = await npm(app, ["install", "-D", "vitest"]);
    const [example] = readmeExamples("Testing your stack", "ts");
    writeFileSync(join(app, "registry.test.ts"), example!);

    // Act
    const { stdout } = await run(join(app, "node_modules", ".bin", "vitest"), ["run", "registry.test.ts"], { cwd: app, env: { ...process.env, CI: "true" } });

    // Assert
    expect(stdout).toMatch(/1 passed/);
    process.stdout.write(`consumer (cdktf, newest): npm install -D vitest ${installed.seconds.toFixed(1)} s (vitest ${version(app, "vitest")})\n`);
  }, 180_000);

  it("moves to CDK Terrain as the README says, on Node.js 22: the same resources, synthesized by cdktn-cli", async () => {
    // Arrange: this app itself, last, moved with the README's commands and import renames.
    const moved = app;
    const before = stackJson(join(app, "out", "stacks", "registry")).resource;
    const bin = await node22();
    const [uninstall, install] = readmeExamples("With CDK Terrain", "sh")[1]!.trim().split("\n").map((line) => line.trim().split(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((a) => a.replace(/^"|"$/g, "")));
    const swap = (args: string[]) => args.slice(1).map((a) => (a === "ecr-create-on-push-cdktn" ? tarballs.cdktn.path : a));
    const [removed, added] = [await npm(moved, swap(uninstall!), bin), await npm(moved, swap(install!), bin)];
    const [example] = readmeExamples("Use as a library", "js");
    // As written: cdktn-cli tells the app where to write through CDKTF_OUTDIR, which an explicit outdir would override.
    const renamed = example!.replaceAll('require("cdktf")', 'require("cdktn")').replaceAll("@cdktf/provider-aws/lib/", "@cdktn/provider-aws/lib/").replaceAll('require("ecr-create-on-push")', 'require("ecr-create-on-push-cdktn")');
    writeFileSync(join(moved, "main.js"), renamed);
    writeCdktfJson(moved, "node main.js");

    // Act
    // The CLI runs Terraform for its version: give it our CLI config (the environment's may name a missing file).
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: writeCliConfig(moved) };
    await run(join(bin, "node"), [join(moved, "node_modules", ".bin", "cdktn"), "synth"], { cwd: moved, env });
    const after = stackJson(join(moved, "cdktf.out", "stacks", "registry")).resource;

    // Assert: the same addresses and attributes; only the provider binding differs, not the construct.
    expect(existsSync(join(moved, "node_modules", "cdktf"))).toBe(false);
    expect(version(moved, "constructs")).toMatch(/^10\.[67]\./);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const type of Object.keys(before)) expect([type, Object.keys(after[type]!).sort()]).toEqual([type, Object.keys(before[type]!).sort()]);
    process.stdout.write(
      `consumer (cdktf -> cdktn move, Node ${(await run(join(bin, "node"), ["--version"])).stdout.trim()}): uninstall ${removed.seconds.toFixed(1)} s, install ${added.seconds.toFixed(1)} s; ${JSON.stringify(npmWarnings(`${removed.output}\n${added.output}`))}\n`,
    );
    rmSync(join(bin, "..", "..", ".."), { recursive: true, force: true });
  }, 300_000);
});
