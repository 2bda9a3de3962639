import type { App } from "@slack/bolt";
import type { SlackServices } from "../../slack-services.js";

/** Slack retries an event up to three times; the event ID lets each one count once. */
const EVENT_DEDUP_SECONDS = 60 * 60;

/**
 * Opening the Home tab queues a fresh view: building it reads the person's seat from GitHub, which does not belong
 * on the acknowledgement path.
 */
export function registerAppHomeOpened(app: App, services: SlackServices): void {
  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home") return;
    const eventId = (body as { event_id?: string }).event_id ?? `${event.user}:${event.event_ts}`;
    const key = `event:${eventId.slice(0, 100)}`;
    // A lease first: if this invocation dies before queueing, Slack's retry of the event can still get through.
    if (!(await services.once.claim(key, 30))) return;
    // Queueing and keeping the claim side by side, so Slack waits on two round trips, not three; if queueing fails
    // the claim is given back whatever the other write did.
    const [queued] = await Promise.allSettled([
      services.queue.enqueue({ type: "publish-home", userId: event.user }),
      services.once.confirm(key, EVENT_DEDUP_SECONDS),
    ]);
    if (queued.status === "rejected") {
      await services.once.release(key);
      throw queued.reason;
    }
  });
}
