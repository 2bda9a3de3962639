import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { Job } from "../jobs/job.js";
import { decodeJob, JOB_MAX_RECEIVE_COUNT } from "./job-codec.js";

export type RunJob = (job: Job, delivery: { finalAttempt: boolean }) => Promise<void>;

/**
 * Runs each SQS message as a job and reports only the failed ones back (partial batch response), so one bad job
 * does not redeliver its neighbours.
 */
export async function handleJobBatch(
  event: SQSEvent,
  runJob: RunJob,
  log: Pick<Console, "error">,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? "1");
      await runJob(decodeJob(record.body), { finalAttempt: receiveCount >= JOB_MAX_RECEIVE_COUNT });
    } catch (error) {
      log.error(`Job ${record.messageId} failed; SQS will deliver it again`, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
