import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { Job } from "../../../jobs/job.js";
import { assertAdmin } from "../../../request/authorization.js";
import { parseGitHubLogin } from "../../../request/github-login.js";
import { AUDIT_PAGE_SIZE, auditMessage } from "../../blocks/audit-message.js";
import { ADMIN_ACTIONS } from "../../blocks/slack-message.js";
import { auditPageFromButton, teamChangeFromButton } from "../../interaction-values.js";
import { escapeMrkdwn } from "../../mrkdwn.js";
import type { SlackServices } from "../../slack-services.js";
import { explainPrivately } from "./explain-privately.js";

/** A confirmation's click starts its action once; later clicks on the same message (or Slack retries) do not. */
const CONFIRMATION_WINDOW_SECONDS = 24 * 60 * 60;
/** Long enough to queue the job; a click whose Lambda died before queueing frees the confirmation this soon. */
const QUEUEING_LEASE_SECONDS = 30;

function messageTs(body: BlockAction): string {
  const ts = body.container?.type === "message" ? String(body.container.message_ts) : (body.trigger_id ?? "");
  // Part of a DynamoDB key: bounded, whatever arrives.
  return ts.slice(0, 64);
}

/** Queues a confirmed action once; if queueing fails the claim is given back, so clicking again can start it. */
async function startOnce(services: SlackServices, key: string, job: Job): Promise<boolean> {
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

async function alreadyStarted(respond: RespondFn): Promise<void> {
  await respond({
    response_type: "ephemeral",
    replace_original: false,
    text: "This was already confirmed and is under way; nothing more was done.",
  });
}

/**
 * The buttons on admin confirmations and on audit pages. Each click is authorized again (a confirmation can be
 * forwarded, and admins change) and claimed once before anything is queued.
 */
export function registerAdminActions(app: App, services: SlackServices): void {
  app.action<BlockAction<ButtonAction>>(
    ADMIN_ACTIONS.confirmRevoke,
    async ({ ack, action, body, respond, client, logger }) => {
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
        if (!started) return await alreadyStarted(respond);
        await respond({ replace_original: true, text: `Revoking the Copilot seat of \`${login}\`…` });
      } catch (error) {
        await explainPrivately({ body, respond, client, logger }, error);
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    ADMIN_ACTIONS.confirmTeamChange,
    async ({ ack, action, body, respond, client, logger }) => {
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
        if (!started) return await alreadyStarted(respond);
        await respond({
          replace_original: true,
          text: `${change === "add" ? "Adding" : "Removing"} Copilot seats for the team \`${escapeMrkdwn(teamSlug)}\`…`,
        });
      } catch (error) {
        await explainPrivately({ body, respond, client, logger }, error);
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(ADMIN_ACTIONS.cancel, async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: "Cancelled. Nothing was changed." });
  });

  app.action<BlockAction<ButtonAction>>(
    ADMIN_ACTIONS.auditMore,
    async ({ ack, action, body, respond, client, logger }) => {
      await ack();
      try {
        assertAdmin(body.user.id, services.admins, "read-audit");
        const { githubLogin, cursor } = auditPageFromButton(action.value);
        const filter = githubLogin ? { githubLogin } : {};
        const page = await services.audit.page(filter, cursor, AUDIT_PAGE_SIZE);
        await respond({ replace_original: true, ...auditMessage(page, filter) });
      } catch (error) {
        await explainPrivately({ body, respond, client, logger }, error);
      }
    },
  );
}
