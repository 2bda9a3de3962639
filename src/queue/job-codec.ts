import type { Job } from "../request/ports.js";

/** Rejects anything that is not a job this version knows, so a malformed message fails loudly instead of half-running. */
export function decodeJob(body: string): Job {
  const value = JSON.parse(body) as Partial<Job> & Record<string, unknown>;
  const text = (key: string) => typeof value[key] === "string" && (value[key] as string).length > 0;
  switch (value.type) {
    case "validate-request":
    case "assign-seat":
    case "notify-outcome":
      if (text("requestId")) return value as Job;
      break;
    case "lookup-seat":
      if (text("githubLogin") && text("responseUrl") && text("askedBy")) return value as Job;
      break;
  }
  throw new Error(`Not a job this worker understands: ${body.slice(0, 200)}`);
}

export function encodeJob(job: Job): string {
  return JSON.stringify(job);
}

/** Delivery attempts before a job is dead-lettered; the last one turns a still-retryable failure into a final answer. */
export const JOB_MAX_RECEIVE_COUNT = 5;
