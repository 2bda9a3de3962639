import type { WebClient } from "@slack/web-api";
import type { ReclaimPlan } from "../reclaim/plan.js";
import type { ReclaimMode } from "../reclaim/policy.js";
import type { MessageRef, ReclaimHolder, ReclaimNotifier, ReclaimRound, RoundProgress } from "../reclaim/ports.js";
import {
  holderQuestion,
  planCsv,
  planMessage,
  progressMessage,
  RECLAIM_LIST_INLINE,
  seatEndedNotice,
  settledQuestion,
  summaryMessage,
} from "./blocks/reclaim-messages.js";
import { type SlackMessage, textMessage } from "./blocks/slack-message.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { respondEphemeral } from "./response-url.js";
import { deliver } from "./slack-delivery-errors.js";
import { sendFileToUser } from "./slack-file-sender.js";

/** The reclaim round's messages, as direct messages from the bot. */
export class SlackReclaimNotifier implements ReclaimNotifier {
  constructor(private readonly client: WebClient) {}

  async askHolder(holder: ReclaimHolder, round: ReclaimRound, graceEnds: string): Promise<MessageRef> {
    return this.send(holder.slackUserId ?? "", holderQuestion(holder, graceEnds, round.mode));
  }

  async settleQuestion(holder: ReclaimHolder): Promise<void> {
    if (!holder.message) return;
    const { channel, ts } = holder.message;
    await deliver(() => this.client.chat.update({ channel, ts, ...settledQuestion(holder) }));
  }

  async tellHolderEnded(holder: ReclaimHolder): Promise<void> {
    if (!holder.slackUserId) return;
    await this.send(holder.slackUserId, seatEndedNotice(holder));
  }

  async tellAdminsPlan(
    adminId: string,
    round: ReclaimRound,
    plan: ReclaimPlan,
    unknown: readonly string[],
  ): Promise<void> {
    await this.send(adminId, planMessage(plan, unknown, { kind: "round", mode: round.mode, roundId: round.id }));
    if (plan.idle.length > RECLAIM_LIST_INLINE) {
      await sendFileToUser(this.client, adminId, {
        filename: `idle-copilot-seats-${round.id}.csv`,
        title: `Idle Copilot seats, round ${round.id}`,
        // A report-only round does not look people up, so it has no Slack column.
        content: planCsv(plan, unknown, round.mode !== "report"),
        comment: `All ${plan.idle.length} idle seats held by people, with when each was last used and what it costs a month.`,
      });
    }
  }

  async postProgress(adminId: string, round: ReclaimRound, progress: RoundProgress): Promise<MessageRef> {
    return this.send(adminId, progressMessage(round, progress));
  }

  async updateProgress(ref: MessageRef, round: ReclaimRound, progress: RoundProgress): Promise<void> {
    await deliver(() =>
      this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...progressMessage(round, progress) }),
    );
  }

  async answerPreview(
    responseUrl: string,
    preview: { plan: ReclaimPlan; unknown: readonly string[]; mode: ReclaimMode } | { failure: unknown },
  ): Promise<void> {
    const message =
      "failure" in preview
        ? textMessage(
            `:warning: The preview could not list the Copilot seats: ${escapeMrkdwn(String((preview.failure as Error)?.message ?? preview.failure))}`,
          )
        : planMessage(preview.plan, preview.unknown, { kind: "preview", mode: preview.mode });
    await respondEphemeral(responseUrl, message);
  }

  async tellAdminsSummary(adminId: string, round: ReclaimRound, progress: RoundProgress): Promise<void> {
    await this.send(adminId, summaryMessage(round, progress));
  }

  private async send(userId: string, message: SlackMessage): Promise<MessageRef> {
    const response = await deliver(() =>
      this.client.chat.postMessage({ channel: userId, ...message, unfurl_links: false }),
    );
    if (!response.channel || !response.ts) throw new Error("Slack did not return the message's channel and ts.");
    return { channel: response.channel, ts: response.ts };
  }
}
