/**
 * The tracked modules/ folder is a Terraform module release: a team without Node.js takes a tag of this repository
 * as `source = "git::<repo>//modules/<stack>?ref=vX.Y.Z"`. So the tracked copy must be exactly what
 * `npm run modules` writes from this checkout (the `git diff --exit-code modules/` of a fresh clone), and a root
 * module must init and plan it from a git repository at a tag, with only git and Terraform.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MODULES_DIR, writeModules } from "../../scripts/modules";
import { OFFLINE_PROVIDER, offlineCopy, planOffline, type TerraformPlan } from "../../scripts/terraform";
import { plannedResources } from "../support/state";
import { ROOT } from "../support/synth";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** Every file under `dir`, by relative path. */
function files(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  return out;
}

describe("modules/, the tracked module folders", () => {
  let fresh: Record<string, Buffer>;
  let tracked: Record<string, Buffer>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "ecop-fresh-modules-"));
    await writeModules(dir);
    fresh = files(dir);
    tracked = files(MODULES_DIR);
  }, 120_000);

  it("are byte for byte what npm run modules writes from this checkout (run it and commit modules/ when this fails)", () => {
    // Assert
    expect(Object.keys(tracked).sort()).toEqual(Object.keys(fresh).sort());
    for (const [path, bytes] of Object.entries(fresh)) expect({ path, same: bytes.equals(tracked[path]) }).toEqual({ path, same: true });
  });

  it("hold each stack's JSON, its handler zip and a README", () => {
    // Assert
    for (const stack of ["ecr-create-on-push", "ecr-create-on-push-aws-sample"]) {
      expect(Object.keys(fresh).filter((p) => p.startsWith(`${stack}/`)).map((p) => p.replace(/\/[0-9A-F]{32}\//, "/<hash>/")).sort()).toEqual(
        [`${stack}/README.md`, `${stack}/assets/handler_code/<hash>/handler.zip`, `${stack}/cdk.tf.json`].sort(),
      );
    }
    expect(Object.keys(fresh).filter((p) => p.startsWith("ecr-create-on-push-native/")).sort()).toEqual(["ecr-create-on-push-native/README.md", "ecr-create-on-push-native/cdk.tf.json"]);
  });
});

describe("a root module whose source is this repository at a tag (git over file://), with no Node step", () => {
  let plan: TerraformPlan & { planned_values: { outputs?: Record<string, { value?: unknown }> } };
  let source: string;

  beforeAll(async () => {
    // Arrange: a repository holding the tracked modules/ at tag v<version>, as a release of ours would.
    const repo = mkdtempSync(join(tmpdir(), "ecop-release-"));
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=release", "-c", "user.email=release@example.com", "-c", "init.defaultBranch=main", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    cpSync(MODULES_DIR, join(repo, "modules"), { recursive: true });
    git("add", "modules");
    git("commit", "-q", "-m", `release ${VERSION}`);
    git("tag", `v${VERSION}`);
    source = `git::file://${repo}//modules/ecr-create-on-push?ref=v${VERSION}`;
    const root = mkdtempSync(join(tmpdir(), "ecop-git-root-"));
    writeFileSync(
      join(root, "main.tf.json"),
      JSON.stringify(
        {
          provider: { aws: [{ region: OFFLINE_PROVIDER.region }] },
          module: { ecr: { source, managed_repo_prefixes: ["backend"] } },
          output: { module_version: { value: "${module.ecr.module_version}" } },
        },
        null,
        2,
      ),
    );
    // Act
    plan = (await planOffline(offlineCopy(root))) as typeof plan;
  }, 240_000);

  it("installs the module from the tag and plans the function, its role, log group, rule and target", () => {
    // Act
    const addresses = plannedResources(plan).map((r) => r.address);

    // Assert
    expect(source).toMatch(/^git::file:\/\/.*\/\/modules\/ecr-create-on-push\?ref=v\d+\.\d+\.\d+$/);
    for (const type of ["aws_lambda_function", "aws_iam_role", "aws_cloudwatch_log_group", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target"]) {
      expect(addresses).toContain(`module.ecr.${type}.this`);
    }
  });

  it("tells its caller the module's version", () => {
    // Assert
    expect(plan.planned_values.outputs?.module_version?.value).toBe(VERSION);
  });
});
