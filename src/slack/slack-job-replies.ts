import type { WebClient } from "@slack/web-api";
import type { AuditExport, JobAnswer, JobReplies, ReplyTarget } from "../jobs/job-replies.js";
import {
  noSuchTeamMessage,
  revokeOutcomeMessage,
  teamChangeConfirmation,
  teamChangeOutcomeMessage,
} from "./blocks/admin-messages.js";
import { auditMessage } from "./blocks/audit-message.js";
import { settledQuestion } from "./blocks/reclaim-messages.js";
import { seatMessage } from "./blocks/seat-message.js";
import { seatNoticeMessage } from "./blocks/seat-term-messages.js";
import { type SlackMessage, textMessage } from "./blocks/slack-message.js";
import { subscriptionMessage } from "./blocks/subscription-message.js";
import { waitingMessage } from "./blocks/waiting-message.js";
import { problemMrkdwn } from "./domain-error-words.js";
import { carriedProblemMrkdwn } from "./error-messages.js";
import { escapeMrkdwn, mention } from "./mrkdwn.js";
import { respondEphemeral } from "./response-url.js";
import { sendFileToUser } from "./slack-file-sender.js";

/** The words of each answer the worker gives, as the Slack message the person sees. */
export function jobAnswerMessage(answer: JobAnswer, organization: string): SlackMessage {
  switch (answer.kind) {
    case "seat":
      return seatMessage(answer.githubLogin, answer.seat, organization);
    case "revoke-outcome":
      return revokeOutcomeMessage(answer.githubLogin, answer.outcome, answer.actorId);
    case "team-change-confirmation":
      return answer.team
        ? teamChangeConfirmation(answer.team, answer.change)
        : noSuchTeamMessage(answer.teamSlug, organization);
    case "team-change-outcome":
      return teamChangeOutcomeMessage(answer.teamSlug, answer.change, answer.outcome, organization);
    case "subscription":
      return subscriptionMessage(answer.summary, organization);
    case "seat-notice":
      return seatNoticeMessage(answer.notice);
    case "github-failure":
      return textMessage(`:warning: ${problemMrkdwn(answer.failure.problem)}`);
    case "refusal":
      return textMessage(carriedProblemMrkdwn(answer.problem));
    case "notice":
      return textMessage(NOTICE_WORDS[answer.notice]);
    case "cancelled":
      return textMessage(
        `:leftwards_arrow_with_hook: Your request for \`${escapeMrkdwn(answer.githubLogin)}\` is cancelled; ${mention(answer.managerId)} will be told.`,
      );
    case "under-way":
      return textMessage(
        answer.work.action === "revoke"
          ? `Revoking the Copilot seat of \`${escapeMrkdwn(answer.work.githubLogin)}\`…`
          : `${answer.work.change === "add" ? "Adding" : "Removing"} Copilot seats for the team \`${escapeMrkdwn(answer.work.teamSlug)}\`…`,
      );
    case "waiting-page":
      return waitingMessage(answer.page, answer.total);
    case "audit-page":
      return auditMessage(answer.page, answer.filter);
    case "reclaim-settled":
      return settledQuestion(answer.holder, answer.snoozeEnds);
    case "reclaim-started":
      return textMessage(
        `:broom: Reclaim round ${escapeMrkdwn(answer.roundId)} started. You'll get its plan and a progress message by DM.`,
      );
    case "forward-refused": {
      const whose =
        answer.requesterId && answer.githubLogin
          ? ` of ${mention(answer.requesterId)}'s request for \`${escapeMrkdwn(answer.githubLogin)}\``
          : "";
      return textMessage(
        `:warning: Your forward${whose} did not go through: ${carriedProblemMrkdwn(answer.problem)} The request still waits where it was.`,
      );
    }
  }
}

const NOTICE_WORDS: Record<(JobAnswer & { kind: "notice" })["notice"], string> = {
  "confirmation-cancelled": "Cancelled. Nothing was changed.",
  "already-started": "This was already confirmed and is under way; nothing more was done.",
};

/**
 * Answers drawn in place of the message that was clicked: the next page of a list, a settled question, an admin
 * action under way or called off. Without a `response_url` (the Home tab) there is no message to replace, and they
 * are not sent.
 */
function replacesOriginal(answer: JobAnswer): boolean {
  switch (answer.kind) {
    case "waiting-page":
    case "audit-page":
    case "reclaim-settled":
    case "under-way":
    case "reclaim-started":
      return true;
    case "notice":
      return answer.notice === "confirmation-cancelled";
    default:
      return false;
  }
}

/** Answers through a command's `response_url` (ephemeral: only the person who asked sees it), and sends files. */
export class SlackJobReplies implements JobReplies {
  constructor(
    private readonly client: WebClient,
    private readonly organization: string,
    /** How long a `response_url` answer may take: 5 s by default, less where Slack waits on the acknowledgement. */
    private readonly responseTimeoutMs?: number,
  ) {}

  answer(responseUrl: string, answer: JobAnswer): Promise<void> {
    return respondEphemeral(responseUrl, jobAnswerMessage(answer, this.organization), this.waiting());
  }

  async tell(target: ReplyTarget, answer: JobAnswer): Promise<void> {
    const message = jobAnswerMessage(answer, this.organization);
    const replaceOriginal = replacesOriginal(answer);
    if (target.responseUrl) {
      await respondEphemeral(target.responseUrl, message, { replaceOriginal, ...this.waiting() });
    } else if (!replaceOriginal) {
      // A Home tab button has no response_url: the answer goes to the person's direct messages with the bot.
      await this.client.chat.postMessage({ channel: target.userId, ...message, unfurl_links: false });
    }
  }

  private waiting(): { timeoutMs?: number } {
    return this.responseTimeoutMs ? { timeoutMs: this.responseTimeoutMs } : {};
  }

  sendAuditExport(userId: string, auditExport: AuditExport): Promise<void> {
    return sendFileToUser(this.client, userId, {
      filename: `copilot-audit-${auditExport.day}.csv`,
      title: `Copilot audit trail, ${auditExport.day}`,
      content: auditExport.csv,
      comment: `The whole Copilot audit trail: ${auditExport.entryCount} entries, newest first.`,
    });
  }
}
