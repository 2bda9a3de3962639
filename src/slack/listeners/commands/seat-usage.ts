import { personalUsageBlocks } from "../../blocks/personal-usage-message.js";
import type { SlackMessage } from "../../blocks/slack-message.js";
import { section } from "../../blocks/slack-message.js";
import { escapeMrkdwn } from "../../mrkdwn.js";
import type { SlackServices } from "../../slack-services.js";

/**
 * The acknowledgement of `/copilot seat`: the seat itself comes from GitHub through the worker, but the person's
 * stored 28-day summary is one read of the bot's own table, so it goes into the acknowledgement at once. The caller
 * has already checked that the one asking holds the seat or is an admin.
 */
export async function seatLookupAnswer(login: string, services: SlackServices): Promise<SlackMessage> {
  const lookingUp = `Looking up the Copilot seat of \`${escapeMrkdwn(login)}\`…`;
  if (!services.personalUsage) return { text: lookingUp, blocks: [section(lookingUp)] };
  const summary = await services.personalUsage.summaryOf(login);
  return { text: lookingUp, blocks: [section(lookingUp), ...personalUsageBlocks(login, summary)] };
}
