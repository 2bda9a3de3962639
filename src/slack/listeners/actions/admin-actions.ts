import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { assertAdmin } from "../../../request/authorization.js";
import { parseGitHubLogin } from "../../../request/github-login.js";
import { ADMIN_ACTIONS } from "../../blocks/slack-message.js";
import { auditPageFromButton, teamChangeFromButton } from "../../interaction-values.js";
import type { SlackServices } from "../../slack-services.js";
import { alreadyStarted, messageTs, startOnce } from "./confirm-once.js";
import { explainPrivately, queueForClicker } from "./explain-privately.js";

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
