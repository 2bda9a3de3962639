import { GitHubFailure } from "../seat/github-failure.js";
import type { Job } from "./job.js";

/**
 * Delivery attempts before a job is dead-lettered (the SQS redrive policy, and the in-process queue's retries). The
 * last one turns a still-retryable failure into a final answer, so nobody waits on a job that will not come back.
 */
export const JOB_MAX_RECEIVE_COUNT = 5;

/** What a job knows of its delivery: whether the queue will try again if it fails. */
export interface Delivery {
  finalAttempt: boolean;
}

/** Runs one job; a rejection sends it back to the queue, which delivers it again until `JOB_MAX_RECEIVE_COUNT`. */
export type RunJob = (job: Job, delivery: Delivery) => Promise<void>;

/** The delivery a job is on, from how many times the queue handed it out (1 the first time). */
export function deliveryOf(receiveCount: number): Delivery {
  return { finalAttempt: receiveCount >= JOB_MAX_RECEIVE_COUNT };
}

/**
 * Whether a failure of a job that answers a person becomes that answer now: a GitHub failure that is permanent, or
 * any GitHub failure when the queue will not try again. Everything else goes back to the queue.
 */
export function isFinalAnswer(error: unknown, delivery: Delivery): error is GitHubFailure {
  return error instanceof GitHubFailure && (!error.retryable || delivery.finalAttempt);
}
