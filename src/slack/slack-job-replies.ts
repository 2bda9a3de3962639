import type { WebClient } from "@slack/web-api";
import type { AuditExport, JobAnswer, JobReplies } from "../jobs/job-replies.js";
import {
  noSuchTeamMessage,
  revokeOutcomeMessage,
  teamChangeConfirmation,
  teamChangeOutcomeMessage,
} from "./blocks/admin-messages.js";
import { seatMessage } from "./blocks/seat-message.js";
import { seatNoticeMessage } from "./blocks/seat-term-messages.js";
import { type SlackMessage, textMessage } from "./blocks/slack-message.js";
import { subscriptionMessage } from "./blocks/subscription-message.js";
import { problemMrkdwn } from "./domain-error-words.js";
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
  }
}

/** Answers through a command's `response_url` (ephemeral: only the person who asked sees it), and sends files. */
export class SlackJobReplies implements JobReplies {
  constructor(
    private readonly client: WebClient,
    private readonly organization: string,
  ) {}

  answer(responseUrl: string, answer: JobAnswer): Promise<void> {
    return respondEphemeral(responseUrl, jobAnswerMessage(answer, this.organization));
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
