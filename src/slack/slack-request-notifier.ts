import type { WebClient } from "@slack/web-api";
import type { RequestNotifier } from "../request/ports.js";
import type { MessageRef, SeatRequest } from "../request/seat-request.js";
import { approvalMessage, failureAlertMessage, requesterMessage } from "./blocks/request-messages.js";
import type { SlackMessage } from "./blocks/slack-message.js";
import { deliver } from "./slack-delivery-errors.js";

/** Tells the people in a request what happened, as direct messages from the bot. */
export class SlackRequestNotifier implements RequestNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly organization: string,
  ) {}

  async askManager(request: SeatRequest): Promise<MessageRef> {
    return this.sendDirectMessage(request.managerId, approvalMessage(request));
  }

  async updateManagerMessage(request: SeatRequest): Promise<void> {
    if (!request.managerMessage) return;
    const { channel, ts } = request.managerMessage;
    await deliver(() => this.client.chat.update({ channel, ts, ...approvalMessage(request) }));
  }

  async tellRequester(request: SeatRequest): Promise<void> {
    await this.sendDirectMessage(request.requesterId, requesterMessage(request, this.organization));
  }

  async tellAdminsOfFailure(request: SeatRequest, adminId: string): Promise<void> {
    await this.sendDirectMessage(adminId, failureAlertMessage(request));
  }

  private async sendDirectMessage(userId: string, message: SlackMessage): Promise<MessageRef> {
    // Posting to a user ID lands in the bot's DM with them; Slack answers with the DM's channel ID for later updates.
    const response = await deliver(() =>
      this.client.chat.postMessage({ channel: userId, ...message, unfurl_links: false }),
    );
    if (!response.channel || !response.ts) throw new Error("Slack did not return the message's channel and ts.");
    return { channel: response.channel, ts: response.ts };
  }
}
