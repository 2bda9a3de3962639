import type { BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { messageForError } from "../../error-messages.js";

export interface ClickContext {
  body: BlockAction<ButtonAction>;
  respond: RespondFn;
  client: WebClient;
  logger: Pick<Console, "error">;
}

/**
 * Tells only the person who clicked why nothing happened: in place for a message button, and by direct message for
 * a Home tab button, which has no `response_url`.
 */
export async function explainPrivately({ body, respond, client, logger }: ClickContext, error: unknown): Promise<void> {
  const text = messageForError(error, logger);
  if (body.response_url) {
    await respond({ response_type: "ephemeral", replace_original: false, text });
  } else {
    await client.chat.postMessage({ channel: body.user.id, text });
  }
}
