/**
 * The package's command line (`bin` in package.json): `ecr-create-on-push push ...`, `... ensure ...` and `... redrive ...`. Kept
 * apart from the construct so that running it loads no CDKTF code; `npm run build` bundles it with the AWS SDK
 * clients it needs into one file (lib/bundle.ts bundleCli), so it runs where only Node is installed.
 */
import { ENSURE_USAGE, parseEnsureArgs, runEnsure } from "./ensure-command";
import { push, parsePushArgs, PUSH_USAGE } from "./push";
import { parseRedriveArgs, REDRIVE_USAGE, runRedrive } from "./redrive";
import { UsageError } from "./usage";
import { VERSION } from "./version";

const USAGE = `usage: ecr-create-on-push <command>

commands:
  push [--ensure FUNCTION] [--timeout SECONDS] -- <client command>
                                                  Push (with --ensure: after asking the function to create the
                                                  repository), and push again while it is being created
  ensure <function> <image or repository>         Ask the function to create the repository now
  redrive --queue <url|name> --function <name|arn> [--dry-run]
                                                  Run the dead-letter queue's failed events through the function again
  --version                                       Print the package's version

${PUSH_USAGE}

${ENSURE_USAGE}

${REDRIVE_USAGE}`;

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h";
const isVersion = (arg: string | undefined) => arg === "--version" || arg === "-V";

/** Runs the command line and returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  const print = (text: string) => (process.stdout.write(`${text}\n`), 0);
  if (command === undefined || command === "help" || isHelp(command)) return command === undefined ? (print(USAGE), 2) : print(USAGE);
  if (isVersion(command) || ((command === "push" || command === "ensure" || command === "redrive") && isVersion(rest[0]))) return print(`ecr-create-on-push ${VERSION}`);
  try {
    if (command === "push") return isHelp(rest[0]) ? print(PUSH_USAGE) : await push(parsePushArgs(rest));
    if (command === "ensure") return isHelp(rest[0]) ? print(ENSURE_USAGE) : await runEnsure(parseEnsureArgs(rest));
    if (command === "redrive") return isHelp(rest[0]) ? print(REDRIVE_USAGE) : await runRedrive(parseRedriveArgs(rest));
    throw new UsageError(`unknown command ${JSON.stringify(command)}; known: push, ensure, redrive, help, --version`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`ecr-create-on-push: ${error.message}\n${USAGE}\n`);
    return 2;
  }
}
