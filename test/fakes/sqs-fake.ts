import { createHash, randomUUID } from "node:crypto";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type FakeRequest, type FakeResponse, HttpFakeServer } from "./http-fake.js";

interface QueuedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
}

/**
 * Amazon SQS's JSON protocol for `SendMessage`, enough for the AWS SDK to talk to it, plus delivery to a worker
 * handler the way Lambda's event source mapping does it: failed items (partial batch response) come back with a
 * higher receive count, and messages past the receive limit go to a dead-letter list.
 */
export class SqsFake extends HttpFakeServer {
  readonly queueUrl = "https://sqs.us-east-1.amazonaws.com/000000000000/copilot-jobs";
  readonly sent: string[] = [];
  readonly deadLetters: QueuedMessage[] = [];
  private queued: QueuedMessage[] = [];
  reset(): void {
    this.sent.length = 0;
    this.deadLetters.length = 0;
    this.queued = [];
  }

  get depth(): number {
    return this.queued.length;
  }

  /** Takes every queued message and hands it to the worker once, as one batch; returns how many were delivered. */
  async deliverOnce(
    worker: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>,
    maxReceiveCount = 5,
  ): Promise<number> {
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return 0;
    for (const message of batch) message.receiveCount += 1;
    const response = await worker({ Records: batch.map((m) => this.record(m)) });
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const message of batch.filter((m) => failed.has(m.messageId))) {
      (message.receiveCount >= maxReceiveCount ? this.deadLetters : this.queued).push(message);
    }
    return batch.length;
  }

  /** Delivers until the queue is empty, including jobs that jobs queued and redeliveries. */
  async drain(worker: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>, maxRounds = 20): Promise<void> {
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
      receiptHandle: `handle-${message.messageId}`,
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

  protected answer(request: FakeRequest): FakeResponse {
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
    const messageId = randomUUID();
    this.sent.push(input.MessageBody);
    this.queued.push({ messageId, body: input.MessageBody, receiveCount: 0 });
    return {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.0" },
      body: { MessageId: messageId, MD5OfMessageBody: createHash("md5").update(input.MessageBody).digest("hex") },
    };
  }
}
