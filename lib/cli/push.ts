/**
 * `ecr-create-on-push push [options] -- <client command>`: runs a push and, while it fails only because the
 * repository does not exist yet, runs it again with growing waits. Most clients retry a failed layer upload for
 * seconds at most (AWS-FACTS §9) while the rule, the function and CreateRepository take longer, so the first push
 * of a new name fails; this is the second push a person would otherwise run by hand. With --ensure it first asks the
 * function to create the repository (ensure.ts), so the first attempt succeeds. Bundled with the SDK parts it needs
 * (lib/bundle.ts bundleCli): it runs in CI images before anything else is installed.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { type EnsureResult, type EnsureTarget, ensureRepository, type FunctionTarget, parseFunctionTarget } from "./ensure";
import { imageOfCommand } from "./image";
import { UsageError } from "./usage";

export interface PushOptions {
  /** Seconds from the first attempt after which no new attempt starts. */
  readonly timeoutSeconds: number;
  /** The first wait; each next one doubles, up to maxWaitSeconds. */
  readonly firstWaitSeconds: number;
  readonly maxWaitSeconds: number;
  /** The function to ask for the repository before the first attempt (--ensure), if any. */
  readonly ensure?: FunctionTarget;
  readonly command: readonly string[];
}

const PUSH_DEFAULTS = { timeoutSeconds: 120, firstWaitSeconds: 1, maxWaitSeconds: 16 } as const;

/**
 * The helper's own exit code when it gave up waiting for the repository: sysexits' EX_TEMPFAIL ("try again later"),
 * which no push client uses, so a pipeline can tell "the repository never appeared" from the client's own failures
 * (which pass through with the client's code).
 */
export const GAVE_UP_EXIT = 75;
/**
 * The helper's own exit code when the function refused to create the repository (--ensure): sysexits' EX_NOPERM.
 * Nothing was pushed; waiting would not help, since the function gives the same answer to the push's own event.
 */
export const REFUSED_EXIT = 77;

export const PUSH_USAGE = `usage: ecr-create-on-push push [--ensure FUNCTION] [--timeout SECONDS] [--max-wait SECONDS] [--first-wait SECONDS] -- <command> [args...]

With --ensure <function name or ARN> (Terraform output arn), first asks that function to create the repository the
command pushes to (read from the ECR image reference in it), so the first attempt succeeds; when the function
refuses (outside its prefixes, a pusher account it does not allow), says why and exits ${REFUSED_EXIT} without pushing; when
it cannot be asked (no lambda:InvokeFunction, no such function), says so and goes on as without --ensure.

Runs <command> (docker push, docker buildx build --push, podman push, finch push, ...) and runs it again, after
${PUSH_DEFAULTS.firstWaitSeconds}, 2, 4, 8 ... s (at most --max-wait, default ${PUSH_DEFAULTS.maxWaitSeconds}), while it fails because the ECR repository does not exist
yet, until it succeeds or --timeout (default ${PUSH_DEFAULTS.timeoutSeconds}) seconds have passed. Any other failure exits at once
with the command's exit code.

exit codes: 0 pushed; ${GAVE_UP_EXIT} gave up waiting for the repository (--timeout passed); ${REFUSED_EXIT} the function refused to create it
            (--ensure; nothing pushed); otherwise the command's own code; 2 usage; 126/127 the command could not be run`;

export { UsageError } from "./usage";

function seconds(flag: string, value: string | undefined, min: number): number {
  const parsed = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isFinite(parsed) || parsed < min) {
    throw new UsageError(`${flag}: ${JSON.stringify(value ?? null)} is not a number of seconds; use a number >= ${min}`);
  }
  return parsed;
}

const FLAGS = { "--timeout": "timeoutSeconds", "--first-wait": "firstWaitSeconds", "--max-wait": "maxWaitSeconds" } as const;

/** The arguments after `push`. The client command follows `--`, so none of its flags can be mistaken for ours. */
export function parsePushArgs(args: readonly string[]): PushOptions {
  const separator = args.indexOf("--");
  if (separator === -1) throw new UsageError('push: the client command must follow "--", e.g. push -- docker push <image>');
  const command = args.slice(separator + 1);
  if (command.length === 0) throw new UsageError('push: no command after "--"; give the push command, e.g. -- docker push <image>');
  const options: Record<string, number> = { ...PUSH_DEFAULTS };
  let ensure: FunctionTarget | undefined;
  const own = args.slice(0, separator);
  for (let i = 0; i < own.length; i += 1) {
    const [flag, inline] = own[i]!.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? own[(i += 1)];
    if (flag === "--ensure") {
      const identifier = value();
      if (identifier === undefined || identifier.trim() === "") throw new UsageError("push: --ensure needs the function's name or ARN (Terraform output arn)");
      ensure = parseFunctionTarget(identifier);
      continue;
    }
    const key = FLAGS[flag as keyof typeof FLAGS];
    if (!key) throw new UsageError(`push: unknown option ${JSON.stringify(own[i])}; known: --ensure, ${Object.keys(FLAGS).join(", ")}`);
    options[key] = seconds(flag, value(), key === "timeoutSeconds" ? 0 : 0.001);
  }
  if (ensure && !imageOfCommand(command)) {
    throw new UsageError("push: --ensure reads the repository from an ECR image reference in the command (<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>), and this command has none; run `ecr-create-on-push ensure <function> <repository>` before it instead");
  }
  return { ...(options as Omit<PushOptions, "command" | "ensure">), ...(ensure ? { ensure } : {}), command };
}

/**
 * How each client words a push to a repository ECR does not have (AWS-FACTS §9). ECR drops the upload POST's
 * connection (containers-roadmap #1970), so most clients only say EOF; which request hit EOF tells a missing
 * repository from a network failure. Classic dockerd prints a bare "EOF" after its "Retrying in" lines.
 */
const REPOSITORY_MISSING: readonly { readonly client: string; readonly pattern: RegExp }[] = [
  { client: "registry error code (docker, podman)", pattern: /\bname unknown\b/i },
  { client: "ECR's message (every client that prints the registry's error body)", pattern: /does not exist in the registry/i },
  { client: "ECR's error name (SDK-based tools, credential helpers)", pattern: /\bRepositoryNotFoundException\b/ },
  { client: "EOF on the blob upload (containerd image store, buildx, finch)", pattern: /\/blobs\/uploads\/?\S*["']?:\s*(?:unexpected )?EOF\b/i },
  { client: "404 on the blob upload (containerd-based clients)", pattern: /POST request to \S*\/blobs\/uploads\/?\S*:\s*404\b/i },
  { client: "classic dockerd: bare EOF after its own retries", pattern: /Retrying in \d+ seconds?[\s\S]*^EOF\s*$/im },
];

/** Whether a failed attempt's output says the repository is missing (and nothing else). */
export function repositoryMissing(output: string): boolean {
  return REPOSITORY_MISSING.some(({ pattern }) => pattern.test(output));
}

/** The repository being pushed, for the progress line: from the command, else from the client's error text. */
export function repositoryOf(command: readonly string[], output = ""): string {
  const image = imageOfCommand(command);
  if (image) return image.repository;
  const named = /repository with name '([^']+)'/.exec(output) ?? /\/v2\/(.+?)\/blobs\/uploads/.exec(output);
  return named ? named[1]! : "the repository";
}

/** The wait after failed attempt `attempt` (1-based): first, 2 x first, 4 x first, ..., capped. */
export function waitAfter(attempt: number, options: Pick<PushOptions, "firstWaitSeconds" | "maxWaitSeconds">): number {
  return Math.min(options.firstWaitSeconds * 2 ** (attempt - 1), options.maxWaitSeconds);
}

const show = (s: number) => `${Number.isInteger(s) ? s : +s.toFixed(2)} s`;

export interface Attempt {
  readonly code: number;
  readonly output: string;
}

/** Output kept per attempt for the check: the end, where clients print their final error. */
const KEPT_CHARS = 64 * 1024;

/** Runs the command once, streaming its output as it comes, and returns its exit code and the tail of its output. */
function runOnce(command: readonly string[]): Promise<Attempt> {
  return new Promise((resolve) => {
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-KEPT_CHARS);
    };
    const child = spawn(command[0]!, command.slice(1), { stdio: ["inherit", "pipe", "pipe"] });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt).on("SIGTERM", onTerm);
    child.stdout.on("data", (chunk: Buffer) => (process.stdout.write(chunk), keep(chunk)));
    child.stderr.on("data", (chunk: Buffer) => (process.stderr.write(chunk), keep(chunk)));
    const done = (code: number, extra = "") => {
      process.off("SIGINT", onInt).off("SIGTERM", onTerm);
      resolve({ code, output: output + extra });
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      const message = `ecr-create-on-push: cannot run ${JSON.stringify(command[0])}: ${error.message}\n`;
      process.stderr.write(message);
      done(error.code === "ENOENT" ? 127 : 126, message);
    });
    child.on("close", (code, signal) => {
      // A child killed by a signal exits as a shell reports it: 128 + the signal's number.
      const bySignal = signal ? 128 + (constants.signals[signal] ?? 0) : 1;
      done(code ?? bySignal);
    });
  });
}

export interface PushDeps {
  readonly run: (command: readonly string[]) => Promise<Attempt>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly note: (line: string) => void;
  readonly ensure: (target: FunctionTarget, what: EnsureTarget) => Promise<EnsureResult>;
}

const realDeps: PushDeps = {
  ensure: (target, what) => ensureRepository(target, what),
  run: runOnce,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  now: () => performance.now(),
  note: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the push until it succeeds, fails for another reason, or the timeout leaves no room for another attempt. */
export async function push(options: PushOptions, deps: PushDeps = realDeps): Promise<number> {
  if (options.ensure) {
    const image = imageOfCommand(options.command)!;
    const result = await deps.ensure(options.ensure, { repositoryName: image.repository, registryId: image.account, region: image.region });
    const refused = reportEnsure(result, options.ensure.identifier, image.repository, deps.note);
    if (refused) return REFUSED_EXIT;
  }
  const started = deps.now();
  let waited = 0;
  for (let attempt = 1; ; attempt += 1) {
    const { code, output } = await deps.run(options.command);
    if (code === 0) return 0;
    if (!repositoryMissing(output)) return code;
    const repository = repositoryOf(options.command, output);
    const wait = waitAfter(attempt, options);
    const elapsed = (deps.now() - started) / 1000;
    if (elapsed + wait > options.timeoutSeconds) {
      deps.note(`ecr-create-on-push: ${repository} still does not exist after ${attempt} attempt${attempt === 1 ? "" : "s"} in ${show(elapsed)}; giving up (--timeout ${options.timeoutSeconds}), exit ${GAVE_UP_EXIT}; the client's last exit code was ${code}`);
      return GAVE_UP_EXIT;
    }
    waited += wait;
    deps.note(`waiting for ${repository} to be created (attempt ${attempt}, ${show(waited)})`);
    await deps.sleep(wait * 1000);
  }
}

/** One line on what the function answered; true when it refused, so nothing is pushed. */
export function reportEnsure(result: EnsureResult, functionName: string, repository: string, note: (line: string) => void): boolean {
  if (result.kind === "ready") {
    note(`ecr-create-on-push: ${repository} is ready (${functionName}: ${result.decision}${result.reason ? `, ${result.reason}` : ""})`);
    return false;
  }
  if (result.kind === "refused") {
    note(`ecr-create-on-push: ${functionName} will not create ${repository}: ${result.reason}: ${result.detail}; nothing pushed, exit ${REFUSED_EXIT}`);
    return true;
  }
  note(`ecr-create-on-push: could not ask ${functionName} to create ${repository} (${result.why}); pushing, and waiting for the rule to create it`);
  return false;
}
