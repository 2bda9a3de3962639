import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { Job } from "../../../jobs/job.js";
import { assertAdmin } from "../../../request/authorization.js";
import { parseGitHubLogin } from "../../../request/github-login.js";
import { ADMIN_ACTIONS } from "../../blocks/slack-message.js";
import { auditPageFromButton, teamChangeFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { type ClickContext, explainPrivately, queueForClicker } from "./explain-privately.js";

/** A confirmation's click starts its action once; later clicks on the same message (or Slack retries) do not. */
const CONFIRMATION_WINDOW_SECONDS = 24 * 60 * 60;
/** Long enough to queue the job; a click whose Lambda died before queueing frees the confirmation this soon. */
const QUEUEING_LEASE_SECONDS = 30;

export function messageTs(body: BlockAction): string {
  const ts = body.container?.type === "message" ? String(body.container.message_ts) : (body.trigger_id ?? "");
  // Part of a DynamoDB key: bounded, whatever arrives.
  return ts.slice(0, 64);
}

/** Queues a confirmed action once; if queueing fails the claim is given back, so clicking again can start it. */
export async function startOnce(
  services: Pick<SlackServices, "once" | "queue">,
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
    await services.once.release(key);
    throw queued.reason;
  }
  return true;
}

function alreadyStarted(ctx: ClickContext): Promise<void> {
  return queueForClicker(ctx, { notice: "already-started" });
}

/**
 * The buttons on admin confirmations and on audit pages. Each click is authorized again (a confirmation can be
 * forwarded, and admins change) and claimed once before anything is queued.
 */
export function registerAdminActions(app: App, services: SlackServices): void {
  // The job draws "Revoking…" in place of the confirmation, then the outcome: Slack waits on no call to itself.
  app.action<BlockAction<ButtonAction>>(ADMIN_ACTIONS.confirmRevoke, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      assertAdmin(body.user.id, services.admins, "revoke-seats");
      const login = parseGitHubLogin(action.value ?? "");
      const started = await startOnce(services, `revoke:${login.toLowerCase()}:${messageTs(body)}`, {
        type: "revoke-seat",
        githubLogin: login,
        actorId: body.user.id,
        responseUrl: body.response_url,
      });
      if (!started) await alreadyStarted({ body, client, services, logger });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });

  app.action<BlockAction<ButtonAction>>(
    ADMIN_ACTIONS.confirmTeamChange,
    async ({ ack, action, body, client, logger }) => {
      await ack();
      try {
        assertAdmin(body.user.id, services.admins, "change-team-seats");
        const { teamSlug, change } = teamChangeFromButton(action.value);
        const started = await startOnce(services, `team:${change}:${teamSlug}:${messageTs(body)}`, {
          type: "change-team-seats",
          teamSlug,
          change,
          actorId: body.user.id,
          responseUrl: body.response_url,
        });
        if (!started) await alreadyStarted({ body, client, services, logger });
      } catch (error) {
        await explainPrivately({ body, client, services, logger }, error);
      }
    },
  );

  // "Cancelled. Nothing was changed." in place of the confirmation, drawn by the worker.
  app.action<BlockAction<ButtonAction>>(ADMIN_ACTIONS.cancel, async ({ ack, body, client, logger }) => {
    await ack();
    await queueForClicker({ body, client, services, logger }, { notice: "confirmation-cancelled" });
  });

  // The next page of the audit trail, read and drawn in place by the worker: Slack waits on one queueing.
  app.action<BlockAction<ButtonAction>>(ADMIN_ACTIONS.auditMore, async ({ ack, action, body, client, logger }) => {
    await ack();
    try {
      assertAdmin(body.user.id, services.admins, "read-audit");
      const { githubLogin, cursor } = auditPageFromButton(action.value);
      if (!body.response_url) return;
      await services.queue.enqueue({
        type: "audit-page",
        actorId: body.user.id,
        cursor,
        ...(githubLogin ? { githubLogin } : {}),
        responseUrl: body.response_url,
      });
    } catch (error) {
      await explainPrivately({ body, client, services, logger }, error);
    }
  });
}
