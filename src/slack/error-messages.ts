import { SeatBotError } from "../request/errors.js";

/** The message to show a person for an error: ours explain themselves; anything else is logged and summarised. */
export function messageForError(error: unknown, log: Pick<Console, "error">): string {
  if (error instanceof SeatBotError) return error.message;
  log.error("Unexpected error while handling a Slack request", error);
  return "Sorry, something went wrong on the bot's side and nothing was changed. Please try again in a minute.";
}

/** Modal field errors are plain text: mentions and code marks would show raw. */
export function plainText(message: string): string {
  return message
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, "@$1")
    .replace(/`/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
