import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { deliveryOf, type RunJob } from "../jobs/delivery.js";
import { decodeJob } from "../jobs/job-codec.js";

/**
 * Runs each SQS message as a job and reports only the failed ones back (partial batch response), so one bad job
 * does not redeliver its neighbours. A failed job, or a message that is not a job, comes back after its visibility
 * timeout until the queue's redrive policy dead-letters it (`JOB_MAX_RECEIVE_COUNT`).
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
      await runJob(decodeJob(record.body), deliveryOf(receiveCount));
    } catch (error) {
      log.error(`Job ${record.messageId} failed; SQS will deliver it again`, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
