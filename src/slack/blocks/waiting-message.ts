import type { KnownBlock } from "@slack/types";
import type { SeatRequest } from "../../request/seat-request.js";
import { waitingBlocks } from "./home-view.js";
import { ACTIONS, context, type SlackMessage, section } from "./slack-message.js";

/** Requests per page: two blocks each keeps a page well inside a message's 50 blocks. */
export { WAITING_PAGE_SIZE } from "../../jobs/page-sizes.js";

/** `/copilot waiting`: every request waiting on the caller, oldest first, a page at a time. */
export function waitingMessage(page: { requests: SeatRequest[]; cursor?: string }, total: number): SlackMessage {
  if (page.requests.length === 0) {
    const text = "Nothing is waiting on you.";
    return { text, blocks: [section(text)] };
  }
  const text = `${total} request${total === 1 ? "" : "s"} waiting on you, oldest first`;
  const blocks: KnownBlock[] = [section(`*${text}*`)];
  for (const request of page.requests) blocks.push(...waitingBlocks(request));
  if (page.cursor) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: ACTIONS.waitingMore,
          text: { type: "plain_text", text: "More" },
          value: page.cursor,
        },
      ],
    });
  } else {
    blocks.push(context("That is all of them."));
  }
  return { text, blocks };
}
