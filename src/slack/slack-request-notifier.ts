import type { WebClient } from "@slack/web-api";
import type { RequestNotifier, SeatNotice } from "../request/ports.js";
import type { MessageRef, SeatRequest } from "../request/seat-request.js";
import {
  approvalMessage,
  failureAlertMessage,
  reminderMessage,
  requesterMessage,
  requesterUpdateMessage,
} from "./blocks/request-messages.js";
import { seatNoticeMessage } from "./blocks/seat-term-messages.js";
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

  async askAdmin(request: SeatRequest, adminId: string): Promise<MessageRef> {
    return this.sendDirectMessage(adminId, approvalMessage(request, "admin"));
  }

  async remindManager(request: SeatRequest): Promise<void> {
    const message = reminderMessage(request);
    if (!request.managerMessage) {
      await this.sendDirectMessage(request.managerId, message);
      return;
    }
    // A reply in the approval message's thread keeps the buttons and the nudge together.
    const { channel, ts } = request.managerMessage;
    await deliver(() => this.client.chat.postMessage({ channel, thread_ts: ts, ...message, unfurl_links: false }));
  }

  /**
   * Redraws every copy: the current approver's, the admins' after an escalation, and those of approvers who forwarded
   * it. Each is tried; the first failure is rethrown after all of them.
   */
  async updateManagerMessage(request: SeatRequest): Promise<void> {
    const former = request.forwardedFrom ?? [];
    const isFormer = (ref: MessageRef) =>
      former.some((f) => f.message?.ts === ref.ts && f.message.channel === ref.channel);
    const copies: { ref: MessageRef; message: SlackMessage }[] = [];
    // Until the new approver's message is posted, managerMessage is still the former approver's.
    if (request.managerMessage && !isFormer(request.managerMessage)) {
      copies.push({ ref: request.managerMessage, message: approvalMessage(request) });
    }
    for (const copy of request.approvalCopies ?? [])
      copies.push({ ref: copy, message: approvalMessage(request, "admin") });
    for (const { message: ref } of former) {
      if (ref) copies.push({ ref, message: approvalMessage(request, "former-approver") });
    }
    const failures: unknown[] = [];
    for (const { ref, message } of copies) {
      try {
        await deliver(() => this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...message }));
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  async tellRequesterOf(request: SeatRequest, event: "reminded" | "forwarded"): Promise<void> {
    await this.sendDirectMessage(request.requesterId, requesterUpdateMessage(request, event));
  }

  async tellRequester(request: SeatRequest): Promise<void> {
    await this.sendDirectMessage(request.requesterId, requesterMessage(request, this.organization));
  }

  async tellAdminsOfFailure(request: SeatRequest, adminId: string): Promise<void> {
    await this.sendDirectMessage(adminId, failureAlertMessage(request));
  }

  async tellAboutSeat(userId: string, notice: SeatNotice): Promise<void> {
    await this.sendDirectMessage(userId, seatNoticeMessage(notice));
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
