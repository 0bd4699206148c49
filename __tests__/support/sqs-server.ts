/**
 * A local stand-in for Amazon SQS that speaks the AWS JSON 1.0 protocol the current SDK uses (POST /, X-Amz-Target:
 * AmazonSQS.<Operation>, errors with __type and the query-compatible x-amzn-query-error header), so the real
 * @aws-sdk/client-sqs, or a tool through AWS_ENDPOINT_URL_SQS, runs against it unchanged. Queues hold messages with
 * SQS's visibility rules: a received message is hidden for the visibility timeout, each receive gives a new receipt
 * handle, only the latest handle deletes or changes visibility (an older one "succeeds" and does nothing, as SQS
 * documents), MD5OfBody is computed (the SDK checks it). Long polling waits up to WaitTimeSeconds. Fault injection
 * per operation, and a record of every call. Listens on 127.0.0.1, port 0; closes itself after `lifetimeMs`.
 */
import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredMessage {
  readonly id: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, { DataType: string; StringValue?: string }>>;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
  /** The latest receipt handle, the only one that deletes it. */
  handle?: string;
}

export interface SqsFault {
  readonly operation?: string;
  readonly times?: number;
  /** SQS's error name in the query-compatible header (e.g. "AccessDenied", "AWS.SimpleQueueService.NonExistentQueue"). */
  readonly code: string;
  /** The JSON protocol's __type (e.g. "com.amazon.coral.service#AccessDeniedException"). */
  readonly type?: string;
  readonly status?: number;
}

export interface RecordedSqsCall {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly signedRegion: string | undefined;
  status?: number;
  errorCode?: string;
}

class SqsError extends Error {
  constructor(
    readonly type: string,
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const TARGET_PREFIX = "AmazonSQS.";
const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

class Queue {
  readonly messages: StoredMessage[] = [];
  constructor(
    readonly name: string,
    readonly url: string,
    readonly arn: string,
  ) {}

  visible(now: number): StoredMessage[] {
    return this.messages.filter((message) => message.visibleAt <= now);
  }
}

export class SqsServer {
  readonly calls: RecordedSqsCall[] = [];
  url = "";
  private readonly queues = new Map<string, Queue>();
  private readonly faults: { operation?: string; remaining: number; fault: SqsFault }[] = [];
  private readonly server = createServer((request, response) => void this.serve(request, response));
  private readonly lifetime: NodeJS.Timeout;
  private closed = false;

  constructor(
    readonly account = "111122223333",
    readonly region = "eu-west-1",
    lifetimeMs = 300_000,
  ) {
    this.lifetime = setTimeout(() => void this.close(), lifetimeMs);
    this.lifetime.unref();
  }

  async listen(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Creates a queue and returns its URL. */
  createQueue(name: string): string {
    const queue = new Queue(name, `${this.url}/${this.account}/${name}`, `arn:aws:sqs:${this.region}:${this.account}:${name}`);
    this.queues.set(queue.url, queue);
    return queue.url;
  }

  /** Puts a message in place as a sender would (EventBridge, or Lambda's on-failure destination). */
  send(queueUrl: string, body: string, attributes: StoredMessage["attributes"] = {}): StoredMessage {
    const message: StoredMessage = { id: randomUUID(), body, attributes, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 };
    this.queue(queueUrl).messages.push(message);
    return message;
  }

  /** Every message the queue holds, visible or not. */
  messages(queueUrl: string): StoredMessage[] {
    return [...this.queue(queueUrl).messages];
  }

  inject(fault: SqsFault): this {
    this.faults.push({ ...(fault.operation ? { operation: fault.operation } : {}), remaining: fault.times ?? 1, fault });
    return this;
  }

  operations(): string[] {
    return this.calls.map((call) => call.operation);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lifetime);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private queue(url: unknown): Queue {
    const queue = this.queues.get(String(url));
    if (!queue) throw new SqsError("com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");
    return queue;
  }

  private inFlight(queue: Queue, handle: unknown): StoredMessage | undefined {
    if (typeof handle !== "string" || !handle.startsWith("rh-")) throw new SqsError("com.amazonaws.sqs#ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", `The input receipt handle "${String(handle)}" is not a valid receipt handle.`);
    return queue.messages.find((message) => message.handle === handle);
  }

  private async apply(operation: string, body: Record<string, unknown>): Promise<unknown> {
    switch (operation) {
      case "GetQueueUrl": {
        const queue = [...this.queues.values()].find((candidate) => candidate.name === body.QueueName && (body.QueueOwnerAWSAccountId ?? this.account) === this.account);
        return { QueueUrl: this.queue(queue?.url).url };
      }
      case "GetQueueAttributes": {
        const queue = this.queue(body.QueueUrl);
        const now = Date.now();
        return {
          Attributes: {
            QueueArn: queue.arn,
            ApproximateNumberOfMessages: String(queue.visible(now).length),
            ApproximateNumberOfMessagesNotVisible: String(queue.messages.length - queue.visible(now).length),
          },
        };
      }
      case "SendMessage": {
        const message = this.send(String(body.QueueUrl), String(body.MessageBody ?? ""), (body.MessageAttributes ?? {}) as StoredMessage["attributes"]);
        return { MessageId: message.id, MD5OfMessageBody: md5(message.body) };
      }
      case "ReceiveMessage": {
        const queue = this.queue(body.QueueUrl);
        const max = Number(body.MaxNumberOfMessages ?? 1);
        const visibility = Number(body.VisibilityTimeout ?? 30);
        if (!Number.isInteger(max) || max < 1 || max > 10) throw new SqsError("com.amazonaws.sqs#InvalidParameterValue", "InvalidParameterValue", `MaxNumberOfMessages ${max} is not 1-10`);
        if (!Number.isInteger(visibility) || visibility < 0 || visibility > 43_200) throw new SqsError("com.amazonaws.sqs#InvalidParameterValue", "InvalidParameterValue", `VisibilityTimeout ${visibility} is not 0-43200`);
        const until = Date.now() + Math.min(Number(body.WaitTimeSeconds ?? 0), 20) * 1000;
        while (queue.visible(Date.now()).length === 0 && Date.now() < until && !this.closed) await new Promise((done) => setTimeout(done, 20));
        const now = Date.now();
        const taken = queue.visible(now).slice(0, max);
        for (const message of taken) {
          message.receiveCount += 1;
          message.visibleAt = now + visibility * 1000;
          message.handle = `rh-${randomUUID()}`;
        }
        if (taken.length === 0) return {};
        return {
          Messages: taken.map((message) => ({
            MessageId: message.id,
            ReceiptHandle: message.handle,
            MD5OfBody: md5(message.body),
            Body: message.body,
            Attributes: { ApproximateReceiveCount: String(message.receiveCount), SentTimestamp: String(message.sentAt) },
            ...(Object.keys(message.attributes).length > 0 ? { MessageAttributes: message.attributes } : {}),
          })),
        };
      }
      case "DeleteMessage": {
        const queue = this.queue(body.QueueUrl);
        const message = this.inFlight(queue, body.ReceiptHandle);
        if (message) queue.messages.splice(queue.messages.indexOf(message), 1);
        return {};
      }
      case "ChangeMessageVisibility": {
        const queue = this.queue(body.QueueUrl);
        const message = this.inFlight(queue, body.ReceiptHandle);
        if (!message || message.visibleAt <= Date.now()) throw new SqsError("com.amazonaws.sqs#MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.");
        message.visibleAt = Date.now() + Number(body.VisibilityTimeout ?? 0) * 1000;
        return {};
      }
      default:
        throw new SqsError("com.amazonaws.sqs#UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", `${operation} is not implemented by the local SQS server`);
    }
  }

  private takeFault(operation: string): SqsFault | undefined {
    const rule = this.faults.find((candidate) => candidate.remaining > 0 && (candidate.operation ?? operation) === operation);
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = String(request.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/sqs\/aws4_request/.exec(String(request.headers.authorization ?? ""));
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString("utf8");
    const call: RecordedSqsCall = { operation, body: {}, signedRegion: scope?.[1] };
    this.calls.push(call);
    try {
      if (request.method !== "POST" || operation === "") throw new SqsError("com.amazonaws.sqs#InvalidAction", "InvalidAction", `no operation in X-Amz-Target ${JSON.stringify(target)}`);
      if (!scope) throw new SqsError("com.amazon.coral.service#MissingAuthenticationTokenException", "MissingAuthenticationToken", "request is not signed with SigV4 for sqs", 403);
      if (!String(request.headers["content-type"]).startsWith("application/x-amz-json-1.0")) throw new SqsError("com.amazonaws.sqs#InvalidAction", "InvalidAction", "not the JSON 1.0 protocol");
      (call as { body: unknown }).body = text === "" ? {} : JSON.parse(text);
      const fault = this.takeFault(operation);
      if (fault) throw new SqsError(fault.type ?? `com.amazonaws.sqs#${fault.code}`, fault.code, `injected ${fault.code}`, fault.status ?? 400);
      this.respond(call, response, 200, await this.apply(operation, call.body));
    } catch (error) {
      if (this.closed) return;
      const sqs = error instanceof SqsError ? error : new SqsError("com.amazonaws.sqs#InternalError", "InternalError", (error as Error).message, 500);
      call.errorCode = sqs.code;
      this.respond(call, response, sqs.status, { __type: sqs.type, message: sqs.message }, { "x-amzn-query-error": `${sqs.code};${sqs.status < 500 ? "Sender" : "Receiver"}` });
    }
  }

  private respond(call: RecordedSqsCall, response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    call.status = status;
    if (this.closed || response.destroyed) return;
    const text = JSON.stringify(payload);
    response.writeHead(status, { "content-type": "application/x-amz-json-1.0", "content-length": Buffer.byteLength(text), "x-amzn-requestid": `local-sqs-${this.calls.length}`, ...headers });
    response.end(text);
  }
}

export async function startSqsServer(account?: string, region?: string): Promise<SqsServer> {
  return new SqsServer(account, region).listen();
}
