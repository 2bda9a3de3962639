import { deliveryOf, JOB_MAX_RECEIVE_COUNT, type RunJob } from "../jobs/delivery.js";
import type { Job, JobQueue } from "../jobs/job.js";

/**
 * The local stand-in for SQS when the bot runs on one machine: jobs run in the background right after they are
 * queued, and a failing job is delivered again with growing delays, up to the same number of attempts as in AWS.
 */
export class InProcessJobQueue implements JobQueue {
  private runJob: RunJob | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly log: Pick<Console, "error">,
    private readonly retryDelayMs = 2000,
  ) {}

  /** Connects the worker; set after construction because the worker itself needs the queue. */
  attach(runJob: RunJob): void {
    this.runJob = runJob;
  }

  async enqueue(job: Job, options: { delaySeconds?: number } = {}): Promise<void> {
    if (!this.runJob) throw new Error("No worker is attached to the in-process queue.");
    const delayMs = Math.min(900, Math.max(0, options.delaySeconds ?? 0)) * 1000;
    if (delayMs > 0) {
      // A held-back job is not running yet: `drain` and shutdown do not wait for it, and the timer never keeps the
      // process alive. One lost at shutdown is queued again by the sweep, as in AWS after a lost message.
      const copy = structuredClone(job);
      setTimeout(
        () => void this.enqueue(copy).catch((error) => this.log.error("A delayed job could not run", error)),
        delayMs,
      ).unref();
      return;
    }
    const run = this.deliver(structuredClone(job), 1).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Waits until every queued job, and every job those jobs queued, has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async deliver(job: Job, attempt: number): Promise<void> {
    try {
      await this.runJob?.(job, deliveryOf(attempt));
    } catch (error) {
      if (attempt >= JOB_MAX_RECEIVE_COUNT) {
        this.log.error(`Job ${job.type} failed ${attempt} times; giving up`, error);
        return;
      }
      this.log.error(`Job ${job.type} failed (attempt ${attempt}); retrying`, error);
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * attempt));
      await this.deliver(job, attempt + 1);
    }
  }
}
