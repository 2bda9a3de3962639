import type { BlockAction } from "@slack/bolt";
import type { Job } from "../../../jobs/job.js";
import type { SlackServices } from "../../slack-services.js";
import { type ClickContext, queueForClicker } from "./explain-privately.js";

/** A confirmation's click starts its action once; later clicks on the same message (or Slack retries) do not. */
const CONFIRMATION_WINDOW_SECONDS = 24 * 60 * 60;
/** Long enough to queue the job; a click whose Lambda died before queueing frees the confirmation this soon. */
const QUEUEING_LEASE_SECONDS = 30;

/** The clicked confirmation message, as part of the key that lets its action start once. */
export function messageTs(body: BlockAction): string {
  const ts = body.container?.type === "message" ? String(body.container.message_ts) : (body.trigger_id ?? "");
  // Part of a DynamoDB key: bounded, whatever arrives.
  return ts.slice(0, 64);
}

/** Queues a confirmed action once; if queueing fails the claim is given back, so clicking again can start it. */
export async function startOnce(
  services: Pick<SlackServices, "once" | "queue" | "log">,
  key: string,
  job: Job,
): Promise<boolean> {
  if (!(await services.once.claim(key, QUEUEING_LEASE_SECONDS))) return false;
  // Queueing and extending the claim side by side: two round trips while Slack waits, not three. A failure to extend
  // only shortens how long a repeat click is recognised; a failure to queue gives the claim back.
  const [queued] = await Promise.allSettled([
    services.queue.enqueue(job),
    services.once.confirm(key, CONFIRMATION_WINDOW_SECONDS),
  ]);
  if (queued.status === "rejected") {
    // The clicker is told the action may not have started, whether or not the claim could be given back: a claim
    // kept by mistake only makes a repeat click on this message say it was started already.
    await services.once.release(key).catch((error: unknown) => {
      services.log.warn("Could not give back a confirmation's claim after its job could not be queued", { key, error });
    });
    throw queued.reason;
  }
  return true;
}

/** Tells the clicker the confirmed action was already started by an earlier click. */
export function alreadyStarted(ctx: ClickContext): Promise<void> {
  return queueForClicker(ctx, { notice: "already-started" });
}
