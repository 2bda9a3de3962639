import { ReclaimError } from "../../../reclaim/errors.js";
import { assertAdmin } from "../../../request/authorization.js";
import { RECLAIM_USAGE, reclaimErrorText, startConfirmation } from "../../blocks/reclaim-messages.js";
import type { CommandContext } from "./command-context.js";

/**
 * `/copilot reclaim preview` queues the worker to work out what a round would do now (it lists every seat at GitHub,
 * too slow for Slack's 3 seconds) and answer through `response_url`, changing nothing. `/copilot reclaim start` answers
 * with a confirmation; its button starts the round.
 */
export async function reclaimSubcommand({ command, services, answer }: CommandContext, rest: string): Promise<void> {
  assertAdmin(command.user_id, services.admins, { subcommand: "reclaim" });
  const action = rest.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  const mode = services.reclaim?.policy.mode ?? "off";
  switch (action) {
    case "preview":
      await services.queue.enqueue({
        type: "reclaim-preview",
        actorId: command.user_id,
        responseUrl: command.response_url,
      });
      return answer("Listing every Copilot seat to see what a reclaim round would do now; nothing will be changed…");
    case "start":
      if (mode === "off") return answer(reclaimErrorText(new ReclaimError({ code: "RECLAIM_OFF", params: {} })));
      return answer(startConfirmation(mode));
    default:
      return answer(RECLAIM_USAGE);
  }
}
