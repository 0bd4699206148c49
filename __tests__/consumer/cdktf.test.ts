/**
 * The published package in a fresh CDKTF app, as the README's Install and "Use as a library" sections say: the
 * packed tarball next to cdktf 0.21.0, constructs 10.6.0 and @cdktf/provider-aws 20.1.0 from the registry, the
 * README's JavaScript example synthesized by node and planned offline, its TypeScript example type-checked with
 * the tsconfig `cdktf init` writes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleHandler } from "../../lib/bundle";
import { filesUnder, installApp, npmWarnings, type PackedTarball, packTarballs, plannedNames, planRegions, readmeExamples, run, typeCheck, writeCdktfJson } from "./support";

const REGIONS = ["us-east-1", "eu-west-1"];

describe("the packed package in a fresh cdktf app", () => {
  let tarball: PackedTarball;
  let app: string;
  let installSeconds: number;
  let synthesized: string;

  beforeAll(async () => {
    tarball = (await packTarballs()).cdktf;
    let output: string;
    ({ dir: app, seconds: installSeconds, output } = await installApp("cdktf", {
      cdktf: "0.21.0",
      constructs: "10.6.0",
      "@cdktf/provider-aws": "20.1.0",
      "ecr-create-on-push": `file:${tarball.path}`,
    }));
    const [example] = readmeExamples("Use as a library", "js");
    writeFileSync(join(app, "main.js"), example);
    writeCdktfJson(app, "node main.js");
    await run(process.execPath, ["main.js"], { cwd: app, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    synthesized = join(app, "cdktf.out", "stacks", "registry");
    process.stdout.write(`consumer (cdktf 0.21, @cdktf/provider-aws 20.1.0): tarball ${tarball.files.length} files, ${tarball.size} bytes (${tarball.unpackedSize} unpacked); npm install ${installSeconds.toFixed(1)} s; ${JSON.stringify(npmWarnings(output))}\n`);
  }, 240_000);
  // Each app holds some 400 MB of framework packages.
  afterAll(() => {
    // Only the temporary folders this suite made (app and tarball are unset if beforeAll failed early).
    for (const dir of [app, tarball && dirname(tarball.path)]) if (dir?.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
  });

  it("ships only built JavaScript, declarations, the handler zip, the bundled command, README and package.json, and no cdktn flavour", () => {
    // Assert
    const unexpected = tarball.files.filter(
      (f) =>
        !/^dist\/((lib|handler)\/[\w-]+\.(js|d\.ts)|assets\/handler\.zip)$/.test(f) &&
        !["README.md", "package.json", "LICENSE", "bin/ecr-create-on-push.js", "dist/cli/main.js"].includes(f),
    );
    expect(unexpected).toEqual([]);
    expect(tarball.files).toContain("dist/lib/index.js");
    expect(tarball.files).toContain("dist/lib/index.d.ts");
    expect(tarball.files.some((f) => /__tests__|bench|\.ci|scripts\//.test(f))).toBe(false);
  });

  it("installs the push helper as the package's command, which pushes again while the repository is missing", async () => {
    // Arrange: a client that fails once with docker's wording, then succeeds.
    const client = `test -f pushed-once || { touch pushed-once; echo "name unknown: The repository with name 'team/app' does not exist" >&2; exit 1; }`;

    // Act
    const { stderr } = await run(join(app, "node_modules", ".bin", "ecr-create-on-push"), ["push", "--timeout", "30", "--", "sh", "-c", client], { cwd: app });

    // Assert
    expect(stderr).toMatch(/waiting for team\/app to be created \(attempt 1/);
    expect(existsSync(join(app, "pushed-once"))).toBe(true);
  });

  it("installs without a nested copy of cdktf, constructs or the AWS binding, and without CDK Terrain", () => {
    // Act
    const installed = join(app, "node_modules", "ecr-create-on-push");
    const copies = (name: string) => filesUnder(join(app, "node_modules")).filter((f) => f === join(...name.split("/"), "package.json") || f.endsWith(`/node_modules/${name}/package.json`));

    // Assert
    expect(existsSync(join(installed, "node_modules"))).toBe(false);
    for (const name of ["cdktf", "constructs", "@cdktf/provider-aws"]) expect([name, copies(name)]).toEqual([name, [join(...name.split("/"), "package.json")]]);
    expect(JSON.parse(readFileSync(join(app, "node_modules", "constructs", "package.json"), "utf8")).version).toBe("10.6.0");
    for (const name of ["cdktn", "@cdktn/provider-aws"]) expect([name, copies(name)]).toEqual([name, []]);
  });

  it("synthesizes the README's JavaScript example: one function per Region, through each instance's provider", () => {
    // Act
    const stack = JSON.parse(readFileSync(join(synthesized, "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, { provider?: string }>> };
    const functions = Object.entries(stack.resource.aws_lambda_function);

    // Assert
    expect(functions.map(([, f]) => f.provider).sort()).toEqual(REGIONS.map((r) => `aws.${r}`).sort());
    for (const byId of Object.values(stack.resource)) for (const [id, r] of Object.entries(byId)) expect([id, r.provider]).toEqual([id, `aws.${REGIONS.find((region) => id.includes(region))}`]);
  });

  it("plans the synthesized stack offline, with distinct names in each Region", async () => {
    // Act
    const names = plannedNames(await planRegions(synthesized, REGIONS));

    // Assert
    expect(names.functions).toEqual(REGIONS.map((r) => `create-ecr-repo-${r}`).sort());
    expect(names.named).toBeGreaterThan(8);
    expect(names.duplicates).toEqual([]);
  }, 180_000);

  it("deploys the zip our tests ran: the packed zip, byte for byte, is the one synth stages and the suite bundles", () => {
    // Arrange
    const suiteZip = readFileSync(bundleHandler(mkdtempSync(join(tmpdir(), "ecop-suite-zip-"))).zipPath);
    const packed = readFileSync(join(app, "node_modules", "ecr-create-on-push", "dist", "assets", "handler.zip"));

    // Act
    const staged = filesUnder(join(synthesized, "assets")).filter((f) => f.endsWith(".zip")).map((f) => readFileSync(join(synthesized, "assets", f)));

    // Assert
    expect(staged).toHaveLength(REGIONS.length);
    expect(packed.equals(suiteZip)).toBe(true);
    for (const zip of staged) expect(zip.equals(packed)).toBe(true);
  });

  it("type-checks the README's TypeScript example and the public types with cdktf init's tsconfig", async () => {
    // Arrange
    const [example] = readmeExamples("Use as a library", "ts");
    const types = [
        'import { App, TerraformStack } from "cdktf";',
        'import { type Alarms, EcrCreateOnPush, type EcrLambdaCreateOnPush, type EcrNativeCreateOnPush, type Mode, type ResolvedConfig, type ResolvedNativeOptions } from "ecr-create-on-push";',
        'const stack = new TerraformStack(new App(), "types");',
        'const ecr = new EcrCreateOnPush(stack, "ecr", { imageTagMutability: "IMMUTABLE", architecture: "x86_64" });',
        // Every member's type can be named by a user.
        "export const config: ResolvedConfig = ecr.config;",
        // The mode narrows: Lambda mode (the default) has its resources, native mode its templates, no check needed.
        "export const lambda: EcrLambdaCreateOnPush = ecr.lambda;",
        "export const functionArn: string = ecr.lambda.function.arn;",
        'const native = new EcrCreateOnPush(stack, "native", { mode: "native", managedRepoPrefixes: ["team"] });',
        "export const templates: EcrNativeCreateOnPush = native.native;",
        "export const options: ResolvedNativeOptions = native.native.options;",
        "export const none: undefined = native.lambda;",
        "// @ts-expect-error",
        "export const wrongMode = native.lambda.function;",
        // A mode known only as the type Mode leaves both optional; every member's type is importable.
        "export function either(mode: Mode): Alarms | undefined { return new EcrCreateOnPush(stack, `either-${mode}`, { mode }).lambda?.alarms; }",
        // Enum inputs are their values: a wrong case does not compile (else this directive is unused, an error).
        "// @ts-expect-error",
        'new EcrCreateOnPush(stack, "bad", { imageTagMutability: "mutable" });',
        "",
      ].join("\n");

    // Act
    const check = typeCheck(app, { "main.ts": example!, "types.ts": types });

    // Assert
    await expect(check).resolves.toBeDefined();
  }, 120_000);
});
