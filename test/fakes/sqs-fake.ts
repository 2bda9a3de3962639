import { createHash, randomUUID } from "node:crypto";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type FakeAnswer, type FakeRequest, HttpFakeServer, NO_ANSWER } from "./http-fake.js";

export interface QueuedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
}

/**
 * How a `SendMessage` fails: `throttle` is SQS's `RequestThrottled` (400, which the AWS SDK retries after a
 * back-off), `internal` an `InternalError` (500, retried too), `hang` no answer until the fake is reset or stopped,
 * `unanswered` the same silence after the message was queued: SQS took it, and the sender cannot know;
 * `taken-then-internal` queues the message, waits for `afterTaking` (e.g. a worker run), then answers `internal`: the
 * same uncertainty for the sender, with no timeout to wait out.
 */
export type SqsFault = "throttle" | "internal" | "hang" | "unanswered" | "taken-then-internal";

type Worker = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

/**
 * Amazon SQS's JSON protocol for `SendMessage`, enough for the AWS SDK to talk to it, plus delivery to a worker
 * handler the way Lambda's event source mapping does it: failed items (partial batch response) come back with a
 * higher receive count, and messages past the receive limit go to a dead-letter list.
 *
 * A delivered message is in flight (invisible) until the worker's answer deletes or returns it. A message whose
 * invocation was abandoned (timed out, container killed) stays in flight until `redeliver(messageId)` or
 * `expireVisibility()`, as SQS holds it until its visibility timeout runs out.
 */
export class SqsFake extends HttpFakeServer {
  readonly queueUrl = "https://sqs.us-east-1.amazonaws.com/000000000000/copilot-jobs";
  /** Bodies SQS accepted. */
  readonly sent: string[] = [];
  /** Every `SendMessage`, including those the fake failed (they carry `fault`). */
  readonly sendAttempts: { body: string; fault?: SqsFault }[] = [];
  readonly deadLetters: QueuedMessage[] = [];
  /** The redrive policy's `maxReceiveCount`: a message received this often and still not done goes to `deadLetters`. */
  maxReceiveCount = 5;
  private queued: QueuedMessage[] = [];
  private readonly inFlight = new Map<string, QueuedMessage>();
  private readonly sendFaults: SqsFault[] = [];
  /** What runs between queueing a `taken-then-internal` message and answering that the send failed. */
  afterTaking: (() => Promise<unknown>) | undefined;

  reset(): void {
    this.sent.length = 0;
    this.sendAttempts.length = 0;
    this.deadLetters.length = 0;
    this.queued = [];
    this.inFlight.clear();
    this.sendFaults.length = 0;
    this.afterTaking = undefined;
    this.maxReceiveCount = 5;
    this.releaseHangs();
  }

  /** Messages waiting to be delivered (not those in flight). */
  get depth(): number {
    return this.queued.length;
  }

  /** Messages delivered and neither deleted nor returned yet, e.g. those of an abandoned invocation. */
  get inFlightMessages(): QueuedMessage[] {
    return [...this.inFlight.values()];
  }

  /** The next `times` `SendMessage` calls fail with `fault`, e.g. `sqs.failSend("throttle", 3)`. */
  failSend(fault: SqsFault, times = 1): void {
    this.sendFaults.push(...Array<SqsFault>(times).fill(fault));
  }

  /** Takes every queued message as one batch, as a receive does: each is now in flight, its receive count one higher. */
  receive(): { messages: QueuedMessage[]; event: SQSEvent } {
    const messages = this.queued;
    this.queued = [];
    for (const message of messages) {
      message.receiveCount += 1;
      this.inFlight.set(message.messageId, message);
    }
    return { messages, event: { Records: messages.map((m) => this.record(m)) } };
  }

  /**
   * Settles a received batch by the worker's answer: items it reported failed come back (or go to the dead
   * letters past the receive limit), the rest are deleted.
   */
  settle(messages: QueuedMessage[], response: SQSBatchResponse | undefined): void {
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const message of messages) {
      if (failed.has(message.messageId)) this.redeliver(message.messageId);
      else this.inFlight.delete(message.messageId);
    }
  }

  /**
   * An in-flight message becomes visible again, as when its visibility timeout runs out; past the receive limit it
   * goes to the dead letters instead.
   */
  redeliver(messageId: string): void {
    const message = this.inFlight.get(messageId);
    if (!message) throw new Error(`Message ${messageId} is not in flight`);
    this.inFlight.delete(messageId);
    (message.receiveCount >= this.maxReceiveCount ? this.deadLetters : this.queued).push(message);
  }

  /** Every in-flight message's visibility timeout runs out. */
  expireVisibility(): void {
    for (const messageId of [...this.inFlight.keys()]) this.redeliver(messageId);
  }

  /** Takes every queued message and hands it to the worker once, as one batch; returns how many were delivered. */
  async deliverOnce(worker: Worker, maxReceiveCount?: number): Promise<number> {
    if (maxReceiveCount !== undefined) this.maxReceiveCount = maxReceiveCount;
    const { messages, event } = this.receive();
    if (messages.length === 0) return 0;
    let response: SQSBatchResponse | undefined;
    try {
      response = await worker(event);
    } catch (error) {
      // Lambda returns the whole batch when the handler throws; the test still sees the error.
      this.settle(messages, { batchItemFailures: messages.map((m) => ({ itemIdentifier: m.messageId })) });
      throw error;
    }
    this.settle(messages, response);
    return messages.length;
  }

  /** Delivers until the queue is empty, including jobs that jobs queued and redeliveries. */
  async drain(worker: Worker, maxRounds = 20): Promise<void> {
    for (let round = 0; round < maxRounds && this.depth > 0; round++) await this.deliverOnce(worker);
    if (this.depth > 0) throw new Error(`Queue still holds ${this.depth} message(s) after ${maxRounds} rounds`);
  }

  /** Puts a copy of every message sent so far back on the queue, as SQS's at-least-once delivery may. */
  duplicateAllSent(): void {
    for (const body of this.sent) this.queued.push({ messageId: randomUUID(), body, receiveCount: 0 });
  }

  private record(message: QueuedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `handle-${message.messageId}-${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(Date.now()),
        SenderId: "AIDAFAKE",
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: createHash("md5").update(message.body).digest("hex"),
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:copilot-jobs",
      awsRegion: "us-east-1",
    };
  }

  protected answer(request: FakeRequest): FakeAnswer | Promise<FakeAnswer> {
    const target = String(request.headers["x-amz-target"] ?? "");
    const input = JSON.parse(request.rawBody || "{}") as { QueueUrl?: string; MessageBody?: string };
    if (target !== "AmazonSQS.SendMessage") {
      return { status: 400, body: { __type: "com.amazon.coral.service#UnknownOperationException", message: target } };
    }
    if (input.QueueUrl !== this.queueUrl || typeof input.MessageBody !== "string") {
      return {
        status: 400,
        body: { __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." },
      };
    }
    const fault = this.sendFaults.shift();
    this.sendAttempts.push({ body: input.MessageBody, ...(fault ? { fault } : {}) });
    if (fault === "hang") return NO_ANSWER;
    if (fault === "throttle" || fault === "internal") return sqsError(fault);
    const messageId = randomUUID();
    this.sent.push(input.MessageBody);
    this.queued.push({ messageId, body: input.MessageBody, receiveCount: 0 });
    if (fault === "unanswered") return NO_ANSWER;
    if (fault === "taken-then-internal")
      return this.afterTaking?.().then(() => sqsError("internal")) ?? sqsError("internal");
    return {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.0" },
      body: { MessageId: messageId, MD5OfMessageBody: createHash("md5").update(input.MessageBody).digest("hex") },
    };
  }
}

/**
 * SQS's JSON-protocol errors. The SDK names the error from `__type`; an `x-amzn-query-error` header would rename it
 * (`AWS.SimpleQueueService.RequestThrottled`), which the SDK no longer recognises as throttling and does not retry.
 */
function sqsError(fault: "throttle" | "internal"): FakeAnswer {
  const [status, code, message] =
    fault === "throttle"
      ? ([400, "RequestThrottled", "Request is throttled."] as const)
      : ([500, "InternalError", "We encountered an internal error. Please try again."] as const);
  return {
    status,
    headers: { "content-type": "application/x-amz-json-1.0" },
    body: { __type: `com.amazonaws.sqs#${code}`, message },
  };
}
