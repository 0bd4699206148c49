/**
 * `ecr-create-on-push ensure <function> <image or repository>`: the ensure of `push --ensure` on its own, for a push
 * the helper does not run (a build tool that pushes by itself, a script without an image reference in its command line).
 */
import { type EnsureTarget, ensureRepository, type FunctionTarget, parseFunctionTarget } from "./ensure";
import { parseEcrImage } from "./image";
import { REFUSED_EXIT, reportEnsure } from "./push";
import { UsageError } from "./usage";
import { REPOSITORY_NAME_PATTERN } from "../../handler/repository-names";

export const ENSURE_EXIT = {
  ready: 0,
  usage: 2,
  /** The function could not be asked, or failed: push, and let the rule create it (or use `push`, which waits). */
  unavailable: 69,
  refused: REFUSED_EXIT,
} as const;

export const ENSURE_USAGE = `usage: ecr-create-on-push ensure <function name or ARN> <image or repository>

Asks the function (Terraform output arn) to create the repository now, as \`push --ensure\` does before pushing. An
image reference (<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>) also names the registry and Region; a bare
repository name means the function's own registry. Credentials and Region come from the AWS SDK's standard chain.

exit codes: ${ENSURE_EXIT.ready} the repository exists; ${ENSURE_EXIT.refused} the function refused to create it (the reason is printed);
            ${ENSURE_EXIT.unavailable} the function could not be asked, or failed; ${ENSURE_EXIT.usage} usage`;

export function parseEnsureArgs(args: readonly string[]): { target: FunctionTarget; what: EnsureTarget } {
  if (args.length !== 2) throw new UsageError("ensure: give the function and the image or repository, e.g. ensure create-ecr-repo-eu-west-1 team/app");
  const [identifier, reference] = args as [string, string];
  const target = parseFunctionTarget(identifier);
  const image = parseEcrImage(reference);
  if (image) return { target, what: { repositoryName: image.repository, registryId: image.account, region: image.region } };
  const bare = reference.replace(/(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/, "");
  if (!REPOSITORY_NAME_PATTERN.test(bare)) throw new UsageError(`ensure: ${JSON.stringify(reference)} is neither an ECR image reference nor a repository name`);
  return { target, what: { repositoryName: bare } };
}

export async function runEnsure({ target, what }: { target: FunctionTarget; what: EnsureTarget }): Promise<number> {
  const result = await ensureRepository(target, what);
  const refused = reportEnsure(result, target.identifier, what.repositoryName, (line) => void process.stderr.write(`${line}\n`));
  return refused ? ENSURE_EXIT.refused : result.kind === "ready" ? ENSURE_EXIT.ready : ENSURE_EXIT.unavailable;
}
