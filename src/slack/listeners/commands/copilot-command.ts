import type { App, RespondArguments } from "@slack/bolt";
import { isGitHubLogin } from "../../../identifiers.js";
import { isProven } from "../../../identity/identity-link.js";
import { isQueueUnavailable } from "../../../jobs/job.js";
import { problemText } from "../../../jobs/problem-text.js";
import { assertAdmin, releasableLogin } from "../../../request/authorization.js";
import { SeatBotError } from "../../../request/errors.js";
import { fileSeatRequest } from "../../../request/file-request.js";
import { parseGitHubLogin } from "../../../request/github-login.js";
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
import { messageForError, problemForError, SlackAnswerError } from "../../error-messages.js";
import { escapeMrkdwn } from "../../mrkdwn.js";
import type { SlackServices } from "../../slack-services.js";
import { answerPrivately } from "../actions/explain-privately.js";
import { ownSeatEvidence } from "../actions/own-seat.js";
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
  app.command("/copilot", async ({ command, ack, client, logger }) => {
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
          const login = releasableLogin(await ownSeatEvidence(command.user_id, services));
          if (!login) {
            throw new SlackAnswerError(
              "NO_OWN_SEAT",
              `I don't know a Copilot seat of yours to give back: a seat is yours to give back once the bot assigned it through your own \`/copilot request\`${services.identity?.signIn ? ", or once you connect its GitHub account with `/copilot connect`" : ""}. Otherwise ask a Copilot admin to cancel it.`,
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
      if (!acked) return await answer(messageForError(error, logger));
      // Already acknowledged: the worker answers through response_url, so Slack waits on no call to itself (unless
      // the queue is what failed).
      await answerPrivately(
        { userId: command.user_id, responseUrl: command.response_url },
        { problem: problemText(problemForError(error, logger)) },
        { client, services, logger },
        { queueDown: isQueueUnavailable(error) },
      );
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
  // Missing parts: open the form with what was given (trigger_id lives about 3 s), then acknowledge. On Lambda Bolt
  // answers Slack only after the listener anyway; opening first lets a failure be answered in the acknowledgement.
  const view = await requestFormFor(command.user_id, inline, services);
  await client.views.open({ trigger_id: command.trigger_id, view });
  await answer();
}

/**
 * `/copilot cancel [github-login]`: withdraws the caller's waiting request (the one for that login, if several). Slack
 * waits on one queueing: the worker finds the request, makes the conditional change and answers through response_url.
 */
async function cancelCommand({ command, answer, services }: CommandContext, rest: string): Promise<void> {
  const argument = decodeSlackEntities(rest.trim().split(/\s+/)[0] ?? "");
  // No request can be for a login GitHub would not accept: answered at once.
  if (argument && !isGitHubLogin(argument)) {
    throw new SeatBotError({ code: "NOTHING_TO_CANCEL", params: { githubLogin: argument.slice(0, 100) } });
  }
  await services.queue.enqueue({
    type: "cancel-request",
    actorId: command.user_id,
    ...(argument ? { githubLogin: argument } : {}),
    responseUrl: command.response_url,
  });
  await answer(
    argument
      ? `:hourglass_flowing_sand: Looking for your waiting request for \`${escapeMrkdwn(argument)}\` to cancel it…`
      : ":hourglass_flowing_sand: Looking for your waiting request to cancel it…",
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
        "I don't know your GitHub username yet: it is recorded once GitHub has confirmed the username of a `/copilot request` of yours. Admins can use `/copilot seat &lt;github-login&gt;`.",
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
