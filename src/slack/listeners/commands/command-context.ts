import type { SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { SlackMessage } from "../../blocks/slack-message.js";
import type { SlackServices } from "../../slack-services.js";

/** Answers privately through the acknowledgement itself; without a message the acknowledgement is empty. */
export type Answer = (message?: SlackMessage | string) => Promise<void>;

export interface CommandContext {
  command: SlashCommand;
  client: WebClient;
  answer: Answer;
  services: SlackServices;
}
