/**
 * The package's command line (`bin` in package.json): `ecr-create-on-push push ...`. Kept apart from the
 * construct so that running it loads no CDKTF code.
 */
import { push, parsePushArgs, PUSH_USAGE, UsageError } from "./push";

const USAGE = `usage: ecr-create-on-push <command>

commands:
  push [--timeout SECONDS] -- <client command>   Push, and push again while the ECR repository is being created

${PUSH_USAGE}`;

/** Runs the command line and returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command === "push") {
      if (rest[0] === "--help" || rest[0] === "-h") {
        process.stdout.write(`${PUSH_USAGE}\n`);
        return 0;
      }
      return await push(parsePushArgs(rest));
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}; known: push, help`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`ecr-create-on-push: ${error.message}\n${USAGE}\n`);
    return 2;
  }
}
