/**
 * `ecr-create-on-push redrive --queue <url|name> --function <name|arn> [--dry-run] [--max N]`: runs every failed event
 * in the dead-letter queue through the deployed function again, synchronously, and deletes a message only once the
 * function succeeded with it. SQS's own redrive (StartMessageMoveTask) cannot do this: it moves messages back only
 * to the SQS queue they came from, and ours come from EventBridge and Lambda (AWS-FACTS §15). The function heals a
 * repository it half-configured for as long as the queue keeps the event (handler/act.ts HEAL_WINDOW_MS).
 *
 * Credentials and Region come from the SDK's standard chain; AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_LAMBDA work
 * as everywhere in the SDK. Messages stay hidden while the run lasts, so each is handled once, and the ones not
 * deleted are made visible again at the end: a failure, an unreadable message, a dry run leave the queue as it was.
 */
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueUrlCommand, type Message, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describeAwsError, isStoppingError } from "./aws-errors";
import { printable, readDeadLetter, repositoryOfEvent } from "./dead-letters";
import { UsageError } from "./usage";

export interface RedriveOptions {
  readonly queue: string;
  readonly functionName: string;
  readonly dryRun: boolean;
  /** At most this many messages in one run. */
  readonly max: number;
}

export const REDRIVE_EXIT = {
  /** Every message was redriven and deleted, or there was none (or, with --dry-run, every one is readable). */
  done: 0,
  /** Some messages failed again or could not be read; they stay in the queue. */
  kept: 1,
  usage: 2,
  /** Stopped at once: credentials, access, or a queue or function that does not exist. Nothing was deleted after it. */
  stopped: 77,
} as const;

export const REDRIVE_USAGE = `usage: ecr-create-on-push redrive --queue <url|name> --function <name|arn> [--dry-run] [--max N]

Reads the dead-letter queue (Terraform output dead_letter_queue_url), runs each failed event through the function
(output arn) with a synchronous invoke, and deletes the message only when the function succeeded. One line per
message, then a summary. --dry-run reads and prints only: nothing is invoked or deleted. Credentials and Region
come from the AWS SDK's standard chain (AWS_PROFILE, AWS_REGION, ...).

exit codes: ${REDRIVE_EXIT.done} all redriven (or none to do), ${REDRIVE_EXIT.kept} some failed again and stay in the queue, ${REDRIVE_EXIT.usage} usage,
            ${REDRIVE_EXIT.stopped} stopped on a credentials, access or not-found error`;

const DEFAULT_MAX = 1_000;
/** Long enough for a batch of 10 invocations at the function's longest timeout to outlast nothing we hold. */
const VISIBILITY_SECONDS = 900;
/** Long polling asks every SQS host, so an empty answer means an empty queue, not an unlucky sample. */
const WAIT_SECONDS = 1;

export function parseRedriveArgs(args: readonly string[]): RedriveOptions {
  const values: Record<string, string> = {};
  let dryRun = false;
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i]!.split("=", 2) as [string, string | undefined];
    if (flag === "--dry-run") {
      dryRun = true;
      continue;
    }
    if (flag !== "--queue" && flag !== "--function" && flag !== "--max") throw new UsageError(`redrive: unknown option ${JSON.stringify(args[i])}; known: --queue, --function, --dry-run, --max`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined || value.trim() === "") throw new UsageError(`redrive: ${flag} needs a value`);
    values[flag] = value;
  }
  for (const flag of ["--queue", "--function"]) if (values[flag] === undefined) throw new UsageError(`redrive: ${flag} is required (Terraform outputs dead_letter_queue_url and arn)`);
  const max = values["--max"] === undefined ? DEFAULT_MAX : Number(values["--max"]);
  if (!Number.isInteger(max) || max < 1) throw new UsageError(`redrive: --max ${JSON.stringify(values["--max"])} is not a whole number of messages >= 1`);
  return { queue: values["--queue"]!, functionName: values["--function"]!, dryRun, max };
}

export interface RedriveDeps {
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
  readonly out: (line: string) => void;
}

export interface RedriveSummary {
  readonly redriven: number;
  readonly failed: number;
  readonly unreadable: number;
  readonly wouldRedrive: number;
}

/** What the function answered: its outcome ({ decision, reason }), or Lambda's error document. */
function describeResult(payload: Uint8Array | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function redrive(options: RedriveOptions, deps: RedriveDeps): Promise<RedriveSummary> {
  const { sqs, lambda, out } = deps;
  const queueUrl = /^https?:\/\//.test(options.queue) ? options.queue : (await sqs.send(new GetQueueUrlCommand({ QueueName: options.queue }))).QueueUrl!;
  /** Messages received and not deleted, by id, with their latest receipt handle. */
  const held = new Map<string, string>();
  const seen = new Set<string>();
  const summary = { redriven: 0, failed: 0, unreadable: 0, wouldRedrive: 0 };
  const handle = async (message: Message): Promise<void> => {
    const id = message.MessageId!;
    const letter = readDeadLetter(message.Body, message.MessageAttributes);
    if (letter.kind === "unreadable") {
      summary.unreadable += 1;
      return out(`unreadable ${id}: ${letter.problem}; kept`);
    }
    const repository = repositoryOfEvent(letter.event);
    const from = `${letter.origin.source === "lambda" ? "Lambda on-failure" : "EventBridge"}: ${printable(letter.origin.why)}`;
    if (options.dryRun) {
      summary.wouldRedrive += 1;
      return out(`would redrive ${id} ${repository} (${from})`);
    }
    let response;
    try {
      response = await lambda.send(new InvokeCommand({ FunctionName: options.functionName, InvocationType: "RequestResponse", Payload: Buffer.from(JSON.stringify(letter.event)) }));
    } catch (error) {
      if (isStoppingError(error)) throw error;
      // Throttled past the SDK's retries, or Lambda failing: this message waits for the next run.
      summary.failed += 1;
      return out(`failed ${id} ${repository}: ${printable(describeAwsError(error), 300)}; kept`);
    }
    const result = describeResult(response.Payload);
    if (response.FunctionError) {
      summary.failed += 1;
      return out(`failed ${id} ${repository}: ${printable(String(result.errorType ?? response.FunctionError))}: ${printable(String(result.errorMessage ?? ""), 300)}; kept`);
    }
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    held.delete(id);
    summary.redriven += 1;
    const reason = typeof result.reason === "string" ? ` ${printable(result.reason)}` : "";
    out(`redriven ${id} ${repository}: ${printable(String(result.decision ?? "done"))}${reason}; deleted`);
  };
  try {
    for (let count = 0; count < options.max; ) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, options.max - count),
          VisibilityTimeout: VISIBILITY_SECONDS,
          WaitTimeSeconds: WAIT_SECONDS,
          MessageAttributeNames: ["All"],
        }),
      );
      const messages = received.Messages ?? [];
      for (const message of messages) held.set(message.MessageId!, message.ReceiptHandle!);
      const fresh = messages.filter((message) => !seen.has(message.MessageId!));
      if (fresh.length === 0) break;
      for (const message of fresh) {
        seen.add(message.MessageId!);
        count += 1;
        await handle(message);
      }
    }
  } finally {
    await release(sqs, queueUrl, held, out);
  }
  const total = summary.redriven + summary.failed + summary.unreadable + summary.wouldRedrive;
  const parts = options.dryRun
    ? [`${summary.wouldRedrive} would be redriven`, ...(summary.unreadable ? [`${summary.unreadable} unreadable`] : []), "nothing was invoked or deleted"]
    : [`${summary.redriven} redriven and deleted`, `${summary.failed} failed again and kept`, ...(summary.unreadable ? [`${summary.unreadable} unreadable and kept`] : [])];
  out(`${plural(total, "message")}${total === 0 ? ": the dead-letter queue is empty" : `: ${parts.join(", ")}`}`);
  return summary;
}

/** Makes every message still held visible again, so the queue (and its alarm) shows what is left. */
async function release(sqs: SQSClient, queueUrl: string, held: ReadonlyMap<string, string>, out: (line: string) => void): Promise<void> {
  let stuck = 0;
  for (const receiptHandle of held.values()) {
    try {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: 0 }));
    } catch {
      stuck += 1;
    }
  }
  if (stuck > 0) out(`${plural(stuck, "message")} could not be made visible again; they reappear within ${VISIBILITY_SECONDS / 60} minutes`);
}

/** The command: the SDK clients from the standard chain, then the run; the exit code. */
export async function runRedrive(options: RedriveOptions, deps: Partial<RedriveDeps> = {}): Promise<number> {
  const sqs = deps.sqs ?? new SQSClient({});
  // The SDK's own retries (AWS_MAX_ATTEMPTS, 3 by default) absorb a brief throttle while the reserved concurrency
  // is busy with live events; a message still throttled after them waits for the next run.
  const lambda = deps.lambda ?? new LambdaClient({});
  const out = deps.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  try {
    const summary = await redrive(options, { sqs, lambda, out });
    return summary.failed + summary.unreadable > 0 ? REDRIVE_EXIT.kept : REDRIVE_EXIT.done;
  } catch (error) {
    process.stderr.write(`ecr-create-on-push redrive: ${isStoppingError(error) ? "stopped" : "failed"}: ${describeAwsError(error)}\n`);
    return isStoppingError(error) ? REDRIVE_EXIT.stopped : REDRIVE_EXIT.kept;
  } finally {
    sqs.destroy();
    lambda.destroy();
  }
}
