import type { App, RespondArguments } from "@slack/bolt";
import { isProven } from "../../../identity/identity-link.js";
import { assertAdmin } from "../../../request/authorization.js";
import { fileSeatRequest } from "../../../request/file-request.js";
import { parseGitHubLogin } from "../../../request/github-login.js";
import { cancelRequest, waitingRequestsOf } from "../../../request/withdraw-request.js";
import { helpMessage } from "../../blocks/help-message.js";
import { connectOffer, unprovenAccountNote } from "../../blocks/identity-messages.js";
import { releaseConfirmation } from "../../blocks/seat-term-messages.js";
import { textMessage } from "../../blocks/slack-message.js";
import { statusMessage } from "../../blocks/status-message.js";
import { WAITING_PAGE_SIZE, waitingMessage } from "../../blocks/waiting-message.js";
import {
  decodeSlackEntities,
  isCompleteInlineRequest,
  parseCommand,
  parseInlineRequest,
  parseMention,
} from "../../command-text.js";
import { messageForError, SlackAnswerError } from "../../error-messages.js";
import { escapeMrkdwn } from "../../mrkdwn.js";
import type { SlackServices } from "../../slack-services.js";
import { requestFormFor } from "../views/request-form.js";
import { ADMIN_SUBCOMMANDS, runAdminSubcommand } from "./admin-subcommands.js";
import type { Answer, CommandContext } from "./command-context.js";
import { IDENTITY_SUBCOMMANDS, runIdentitySubcommand } from "./identity-subcommands.js";
import { reclaimSubcommand } from "./reclaim-subcommand.js";
import { seatLookupAnswer } from "./seat-usage.js";
import { usageCommand } from "./usage-command.js";

const STATUS_LIMIT = 10;

/** `/copilot <subcommand>`: each subcommand answers privately, within Slack's 3 seconds, without calling GitHub. */
export function registerCopilotCommand(app: App, services: SlackServices): void {
  app.command("/copilot", async ({ command, ack, client, respond, logger }) => {
    let acked = false;
    const answer: Answer = async (message) => {
      acked = true;
      if (message === undefined) return ack();
      const { text, blocks } = typeof message === "string" ? { text: message, blocks: [] } : message;
      await ack({ response_type: "ephemeral", text, ...(blocks.length > 0 ? { blocks } : {}) } as RespondArguments);
    };
    try {
      const { subcommand, rest } = parseCommand(command.text);
      const ctx: CommandContext = { command, client, answer, services };
      switch (subcommand) {
        case "request":
          return await requestCommand(ctx, rest);
        case "waiting": {
          const [page, total] = await Promise.all([
            services.store.pageWaitingOn(command.user_id, WAITING_PAGE_SIZE),
            services.store.countWaitingOn(command.user_id),
          ]);
          return await answer(waitingMessage(page, total));
        }
        case "status":
          return await answer(statusMessage(await services.store.listByRequester(command.user_id, STATUS_LIMIT)));
        case "seat":
          return await seatCommand(ctx, rest);
        case "cancel":
          return await cancelCommand(ctx, rest);
        case "release": {
          const login = await services.store.getGitHubLogin(command.user_id);
          if (!login) {
            throw new SlackAnswerError(
              "LOGIN_UNKNOWN",
              "I don't know your GitHub username: it is recorded when you file `/copilot request`. Ask a Copilot admin to cancel your seat.",
            );
          }
          return await answer(releaseConfirmation(login));
        }
        case "usage":
          return await usageCommand(ctx, rest);
        case "reclaim":
          return await reclaimSubcommand(ctx, rest);
        case "":
        case "help":
          return await answer(helpMessage());
        default:
          if (ADMIN_SUBCOMMANDS.has(subcommand)) return await runAdminSubcommand(ctx, subcommand, rest);
          if (IDENTITY_SUBCOMMANDS.has(subcommand)) return await runIdentitySubcommand(ctx, subcommand, rest);
          return await answer(helpMessage(subcommand));
      }
    } catch (error) {
      const text = messageForError(error, logger);
      // After the acknowledgement (e.g. the form could not be opened), the answer goes through response_url.
      if (acked) await respond({ response_type: "ephemeral", text });
      else await answer(text);
    }
  });
}

async function requestCommand({ command, client, answer, services }: CommandContext, rest: string): Promise<void> {
  const inline = parseInlineRequest(rest);
  if (isCompleteInlineRequest(inline)) {
    await fileSeatRequest({ requesterId: command.user_id, ...inline }, services);
    const term = inline.seatDuration && inline.seatDuration !== "permanent" ? ` for ${inline.seatDuration}` : "";
    await answer(
      `Got it${term}. I'm checking \`${escapeMrkdwn(inline.githubLogin)}\` with GitHub and will DM you when your request reaches <@${inline.managerId}>.`,
    );
    return;
  }
  // Missing parts: open the form with what was given. trigger_id lives about 3 s, so open it right after the ack.
  const view = await requestFormFor(command.user_id, inline, services);
  await answer();
  await client.views.open({ trigger_id: command.trigger_id, view });
}

/** `/copilot cancel [github-login]`: withdraws the caller's waiting request (the one for that login, if several). */
async function cancelCommand({ command, answer, services }: CommandContext, rest: string): Promise<void> {
  const argument = decodeSlackEntities(rest.trim().split(/\s+/)[0] ?? "");
  const waiting = await waitingRequestsOf(command.user_id, services.store);
  const chosen = argument
    ? waiting.filter((request) => request.githubLogin.toLowerCase() === argument.toLowerCase())
    : waiting;
  const [only] = chosen;
  if (!only) {
    throw new SlackAnswerError(
      "NOTHING_TO_CANCEL",
      argument
        ? `You have no request waiting for \`${escapeMrkdwn(argument)}\`. \`/copilot status\` shows your requests.`
        : "You have no request waiting for a decision. `/copilot status` shows your requests.",
    );
  }
  if (chosen.length > 1) {
    const logins = chosen.map((request) => `\`${escapeMrkdwn(request.githubLogin)}\``).join(", ");
    throw new SlackAnswerError(
      "WHICH_REQUEST",
      `You have ${chosen.length} requests waiting (${logins}). Say which: \`/copilot cancel &lt;github-login&gt;\`.`,
    );
  }
  const cancelled = await cancelRequest(only.id, command.user_id, services);
  await answer(
    `:leftwards_arrow_with_hook: Your request for \`${escapeMrkdwn(cancelled.githubLogin)}\` is cancelled; <@${cancelled.managerId}> will be told.`,
  );
}

async function seatCommand({ command, answer, services }: CommandContext, rest: string): Promise<void> {
  const argument = rest.trim().split(/\s+/)[0] ?? "";
  // "Your own seat" is the proven account's; a login only typed counts while REQUIRE_PROVEN_LOGIN is off, labelled.
  const mentioned = parseMention(argument);
  // Every read in one round trip, the mentioned person's login included: Slack waits on two at most.
  const [remembered, link, theirs] = await Promise.all([
    services.store.getGitHubLogin(command.user_id),
    services.identity ? services.identity.links.linkOf(command.user_id) : Promise.resolve(undefined),
    mentioned ? services.store.getGitHubLogin(mentioned) : Promise.resolve(undefined),
  ]);
  const proven = link && isProven(link.source) ? link.githubLogin : undefined;
  const ownLogin = proven ?? (services.identity?.requireProvenLogin ? undefined : remembered);
  let login: string;
  let unproven = false;
  if (!argument) {
    if (!ownLogin) {
      if (services.identity?.signIn) {
        return answer(
          connectOffer(
            "I don't know which GitHub account is yours yet: connect it, and `/copilot seat` shows its seat. Admins can use `/copilot seat &lt;github-login&gt;`.",
          ),
        );
      }
      throw new SlackAnswerError(
        "LOGIN_UNKNOWN",
        "I don't know your GitHub username yet: it is recorded when you file `/copilot request`. Admins can use `/copilot seat &lt;github-login&gt;`.",
      );
    }
    login = ownLogin;
    unproven = services.identity !== undefined && proven === undefined;
  } else if (mentioned) {
    if (mentioned !== command.user_id) assertAdmin(command.user_id, services.admins, "look-up-seats");
    if (!theirs) {
      throw new SlackAnswerError(
        "LOGIN_UNKNOWN",
        `I don't know <@${mentioned}>'s GitHub username; try \`/copilot seat &lt;github-login&gt;\`.`,
      );
    }
    login = theirs;
  } else {
    login = parseGitHubLogin(argument);
    if (login.toLowerCase() !== ownLogin?.toLowerCase()) {
      assertAdmin(command.user_id, services.admins, "look-up-seats");
    }
  }
  // The job and the stored usage summary side by side: the second round trip.
  const [, lookup] = await Promise.all([
    services.queue.enqueue({ type: "lookup-seat", githubLogin: login, responseUrl: command.response_url }),
    seatLookupAnswer(login, services),
  ]);
  if (!unproven) return answer(lookup);
  const canConnect = services.identity?.signIn !== undefined;
  const note = canConnect
    ? connectOffer(unprovenAccountNote(login, true))
    : textMessage(unprovenAccountNote(login, false));
  await answer({ text: `${lookup.text} ${note.text}`, blocks: [...lookup.blocks, ...note.blocks] });
}
