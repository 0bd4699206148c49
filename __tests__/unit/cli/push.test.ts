/**
 * The push helper, run as users run it (`node bin/ecr-create-on-push.js push ... -- <client>`, the bin script of the
 * package beside a fresh bundle of the command: support/packaged-cli.ts), against fake
 * clients: scripts that print a real client's wording for a missing repository N times, then succeed, or fail
 * for another reason. State lives in a counter file, so each run of the script is a fresh process, like a push.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GAVE_UP_EXIT, parsePushArgs, repositoryMissing, repositoryOf, UsageError, waitAfter } from "../../../lib/cli/push";
import { packagedCli } from "../../support/packaged-cli";

const BIN = packagedCli();
const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1";
const HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
const dir = mkdtempSync(join(tmpdir(), "ecop-push-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What each client prints when the repository does not exist (sources: AWS-FACTS §9 and the issues cited there). */
const MISSING: readonly [client: string, exitCode: number, wording: string][] = [
  [
    "classic dockerd, EOF after its own retries",
    1,
    `The push refers to repository [${HOST}/team/app]\n5f70bf18a086: Preparing\n5f70bf18a086: Retrying in 5 seconds\n5f70bf18a086: Retrying in 1 second\nEOF`,
  ],
  ["classic dockerd, name unknown", 1, `The push refers to repository [${HOST}/team/app]\nname unknown: The repository with name 'team/app' does not exist in the registry with id '123456789012'`],
  ["docker 29 containerd image store", 1, `failed to push ${IMAGE}: failed to do request: Post "https://${HOST}/v2/team/app/blobs/uploads/": EOF`],
  [
    "docker buildx (BuildKit)",
    1,
    `#12 exporting to image\n#12 0.643 error: failed to do request: Post "https://${HOST}/v2/team/app/blobs/uploads/": EOF\n#12 0.643 retrying in 1s\nERROR: failed to solve: failed to push ${IMAGE}: failed to do request: Post "https://${HOST}/v2/team/app/blobs/uploads/": EOF`,
  ],
  [
    "podman",
    125,
    `Error: writing blob: initiating layer upload to /v2/team/app/blobs/uploads/ in ${HOST}: name unknown: The repository with name 'team/app' does not exist in the registry with id '123456789012'`,
  ],
  ["finch (nerdctl), 404 on the upload", 1, `time="2026-12-01T09:00:00Z" level=fatal msg="failed to push: unexpected status from POST request to https://${HOST}/v2/team/app/blobs/uploads/: 404 Not Found"`],
  ["finch (nerdctl), EOF on the upload", 1, `FATA[0001] failed to do request: Post "https://${HOST}/v2/team/app/blobs/uploads/": EOF`],
  ["an SDK-based tool (aws ecr put-image)", 254, "An error occurred (RepositoryNotFoundException) when calling the PutImage operation: The repository with name 'team/app' does not exist in the registry with id '123456789012'"],
];

/** Failures that another attempt would not fix, or that are not about the repository at all. */
const OTHER: readonly [failure: string, exitCode: number, wording: string][] = [
  ["no credentials", 1, `The push refers to repository [${HOST}/team/app]\nno basic auth credentials`],
  ["expired token", 1, "denied: Your authorization token has expired. Reauthenticate and try again."],
  ["network", 1, `Get "https://${HOST}/v2/": dial tcp: lookup ${HOST}: no such host`],
  ["EOF on another request", 1, `Get "https://${HOST}/v2/": EOF`],
  ["bad tag", 125, "invalid reference format"],
  ["no such local image", 1, "An image does not exist locally with the tag: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app"],
];

let serial = 0;
/** A fake client: fails `fails` times printing `wording` on stderr with `exitCode`, then prints "pushed" and exits 0. */
function fakeClient(fails: number, exitCode: number, wording: string): { script: string; runs: () => number } {
  const base = join(dir, `client-${(serial += 1)}`);
  writeFileSync(`${base}.txt`, `${wording}\n`);
  writeFileSync(
    base,
    `#!/bin/sh\nn=$(cat "${base}.count" 2>/dev/null || echo 0)\nn=$((n + 1))\necho "$n" > "${base}.count"\nif [ "$n" -le ${fails} ]; then cat "${base}.txt" >&2; exit ${exitCode}; fi\necho "pushed $*"\n`,
  );
  chmodSync(base, 0o755);
  return { script: base, runs: () => Number(readFileSync(`${base}.count`, "utf8")) };
}

function runHelper(options: readonly string[], command: readonly string[]) {
  const result = spawnSync(process.execPath, [BIN, "push", ...options, "--", ...command], { encoding: "utf8", timeout: 60_000 });
  const progress = result.stderr.split("\n").filter((line) => line.startsWith("waiting for "));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, progress };
}

const FAST = ["--first-wait", "0.05", "--max-wait", "0.2"];

describe("push helper against fake clients", () => {
  it.each(MISSING)("retries %s until the repository exists, then exits 0", (_client, exitCode, wording) => {
    // Arrange
    const client = fakeClient(3, exitCode, wording);
    // Act
    const run = runHelper(FAST, [client.script, IMAGE]);
    // Assert
    expect(run.code).toBe(0);
    expect(client.runs()).toBe(4);
    expect(run.stdout).toContain(`pushed ${IMAGE}`);
    expect(run.stderr).toContain(wording.split("\n").at(-1));
    expect(run.progress).toEqual([
      "waiting for team/app to be created (attempt 1, 0.05 s)",
      "waiting for team/app to be created (attempt 2, 0.15 s)",
      "waiting for team/app to be created (attempt 3, 0.35 s)",
    ]);
  });

  it.each(OTHER)("gives up at once on %s, with the client's exit code", (_failure, exitCode, wording) => {
    // Arrange
    const client = fakeClient(3, exitCode, wording);
    // Act
    const run = runHelper(FAST, [client.script, IMAGE]);
    // Assert
    expect(run.code).toBe(exitCode);
    expect(client.runs()).toBe(1);
    expect(run.progress).toEqual([]);
    expect(run.stderr).toContain(wording.split("\n").at(-1));
  });

  it("stops at the timeout with its own exit code, 75, when the repository never appears", () => {
    // Arrange
    const client = fakeClient(1000, 125, MISSING[4]![2]);
    // Act
    const run = runHelper(["--timeout", "0.5", "--first-wait", "0.1", "--max-wait", "0.1"], [client.script, IMAGE]);
    // Assert
    expect(run.code).toBe(GAVE_UP_EXIT);
    expect(GAVE_UP_EXIT).toBe(75);
    expect(run.stderr).toContain("the client's last exit code was 125");
    expect(client.runs()).toBeGreaterThanOrEqual(2);
    expect(client.runs()).toBeLessThanOrEqual(6);
    expect(run.stderr).toMatch(/team\/app still does not exist after \d+ attempts in [\d.]+ s; giving up \(--timeout 0.5\)/);
  });

  it("passes a client that succeeds at once straight through", () => {
    const client = fakeClient(0, 1, "unused");
    const run = runHelper([], [client.script, IMAGE]);
    expect([run.code, client.runs(), run.progress.length]).toEqual([0, 1, 0]);
  });

  it("exits 127 when the client command does not exist", () => {
    const run = runHelper([], [join(dir, "no-such-client"), IMAGE]);
    expect(run.code).toBe(127);
    expect(run.stderr).toContain("cannot run");
  });

  it("is what `help` and the README tell users to run", () => {
    const root = resolve(__dirname, "../../..");
    expect(readFileSync(join(root, "help"), "utf8")).toContain("npx ecr-create-on-push push [--timeout 120] -- docker push");
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain("npx ecr-create-on-push push --ensure \"$ECR_CREATE_FUNCTION\" -- docker push");
    expect(readFileSync(join(root, "help"), "utf8")).toContain("npx ecr-create-on-push push --ensure FUNCTION -- docker push");
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).bin).toEqual({ "ecr-create-on-push": "bin/ecr-create-on-push.js" });
  });

  it.each([["push", "--version"], ["--version"]])("prints the package's version for %s %s", (...args) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
    expect([result.status, result.stdout]).toEqual([0, `ecr-create-on-push ${JSON.parse(readFileSync(resolve(__dirname, "../../../package.json"), "utf8")).version}\n`]);
  });

  it("documents its exit codes in its usage", () => {
    const result = spawnSync(process.execPath, [BIN, "push", "--help"], { encoding: "utf8" });
    expect(result.stdout).toMatch(new RegExp(`exit codes: 0 pushed; ${GAVE_UP_EXIT} gave up waiting`));
  });

  it("refuses a command line without -- with a usage error", () => {
    const result = spawnSync(process.execPath, [BIN, "push", "docker", "push", IMAGE], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the client command must follow "--"');
  });
});

describe("push helper parts", () => {
  it.each([
    [["--", "docker", "push", "x"], { timeoutSeconds: 120, firstWaitSeconds: 1, maxWaitSeconds: 16, command: ["docker", "push", "x"] }],
    [["--timeout", "30", "--", "podman", "push", "--retry", "0", "x"], { timeoutSeconds: 30, command: ["podman", "push", "--retry", "0", "x"] }],
    [["--timeout=5", "--max-wait", "2", "--", "finch", "push", "x"], { timeoutSeconds: 5, maxWaitSeconds: 2, command: ["finch", "push", "x"] }],
  ])("parses %j", (args, expected) => {
    expect(parsePushArgs(args)).toMatchObject(expected);
  });

  it.each([
    [["docker", "push", "x"], 'must follow "--"'],
    [["--"], "no command after"],
    [["--timeout", "soon", "--", "docker"], '--timeout: "soon" is not a number of seconds'],
    [["--timeout", "-1", "--", "docker"], "use a number >= 0"],
    [["--retries", "3", "--", "docker"], 'unknown option "--retries"'],
  ])("refuses %j", (args, message) => {
    expect(() => parsePushArgs(args)).toThrow(UsageError);
    expect(() => parsePushArgs(args)).toThrow(message);
  });

  it("doubles the wait from the first one, up to the cap", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => waitAfter(attempt, { firstWaitSeconds: 1, maxWaitSeconds: 16 }));
    expect(waits).toEqual([1, 2, 4, 8, 16, 16, 16]);
  });

  it.each([
    [["docker", "push", IMAGE], "team/app"],
    [["docker", "buildx", "build", "--push", "-t", `${HOST}/a/b/c@sha256:${"a".repeat(64)}`, "."], "a/b/c"],
    [["docker", "buildx", "build", `--output=type=image,name=${HOST}/svc,push=true`, "."], "svc"],
    [["finch", "push", "local:tag"], "the repository"],
  ])("names the repository of %j", (command, name) => {
    expect(repositoryOf(command)).toBe(name);
  });

  it("names the repository from the client's message when the command does not show it", () => {
    expect(repositoryOf(["./push.sh"], MISSING[1]![2])).toBe("team/app");
    expect(repositoryOf(["./push.sh"], MISSING[2]![2])).toBe("team/app");
  });

  it("does not take a transient EOF without the client's retries for a missing repository", () => {
    expect(repositoryMissing("5f70bf18a086: Pushing\nEOF")).toBe(false);
    expect(repositoryMissing(MISSING[0]![2])).toBe(true);
  });
});
