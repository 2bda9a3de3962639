import type { HomeView, KnownBlock } from "@slack/types";
import type { HomeModel } from "../../home/home-model.js";
import type { SeatRequest } from "../../request/seat-request.js";
import { problemMrkdwn } from "../domain-error-words.js";
import { requestProblemMrkdwn } from "../error-messages.js";
import { escapeMrkdwn, mention, slackDate, truncateMrkdwn } from "../mrkdwn.js";
import { connectButton, sourceWords } from "./identity-messages.js";
import { personalUsageBlocks } from "./personal-usage-message.js";
import { cancelButton } from "./request-messages.js";
import { releaseButton } from "./seat-term-messages.js";
import { ACTIONS, context, section } from "./slack-message.js";
import { describeRequestState, lifecycleNotes } from "./status-message.js";
import { subscriptionBlocks } from "./subscription-message.js";

function button(actionId: string, text: string, value: string, style?: "primary" | "danger") {
  return {
    type: "button" as const,
    action_id: actionId,
    text: { type: "plain_text" as const, text },
    value,
    ...(style ? { style } : {}),
  };
}

/** Which GitHub account is the person's and how the bot knows; or, where it keeps identities, the offer to connect. */
function accountBlocks(model: HomeModel): KnownBlock[] {
  const account = model.connectedAccount;
  if (account) {
    return [
      context(`:link: Your GitHub account: \`${escapeMrkdwn(account.githubLogin)}\` (${sourceWords(account.source)})`),
    ];
  }
  if (!model.canConnect) return [];
  const unproven = model.githubLogin
    ? ` The bot only knows \`${escapeMrkdwn(model.githubLogin)}\` because you typed it; it is not verified as yours.`
    : "";
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncateMrkdwn(
          `*No GitHub account connected.*${unproven} Connect yours so the bot knows which one it is.`,
          3000,
        ),
      },
      accessory: connectButton(),
    },
  ];
}

function seatBlocks(model: HomeModel): KnownBlock[] {
  if (model.seat) {
    const seat = model.seat;
    // GitHub clears the last activity after 90 idle days, so its absence is "none lately", not "never".
    const activity = seat.lastActivityAt ? `last active ${slackDate(seat.lastActivityAt)}` : "no recent activity";
    const ending = seat.pendingCancellationDate ? ` · ends on ${seat.pendingCancellationDate}` : "";
    const text = `:white_check_mark: *Your Copilot seat* (\`${escapeMrkdwn(seat.login)}\`): ${escapeMrkdwn(seat.planType ?? "unknown")} plan, ${activity}${ending}`;
    // A seat of one's own that is not already ending can be given back; a team's seat cannot be, per person.
    const releasable = model.seatIsTheirs === true && !seat.pendingCancellationDate && !seat.assigningTeam;
    return [
      releasable
        ? {
            type: "section",
            text: { type: "mrkdwn", text: truncateMrkdwn(text, 3000) },
            accessory: releaseButton(seat.login),
          }
        : section(text),
      ...(model.myUsage ? personalUsageBlocks(seat.login, model.myUsage) : []),
    ];
  }
  const who = model.githubLogin ? ` for \`${escapeMrkdwn(model.githubLogin)}\`` : "";
  return [
    {
      type: "section",
      text: { type: "mrkdwn", text: `*You have no Copilot seat*${who}.` },
      accessory: button(ACTIONS.openRequestModal, "Request a seat", "request", "primary"),
    },
  ];
}

function requestLine(request: SeatRequest): string {
  const notes = lifecycleNotes(request);
  return `\`${escapeMrkdwn(request.githubLogin)}\` — ${describeRequestState(request.state)} · filed ${slackDate(request.createdAt)}${notes.length > 0 ? ` · ${notes.join(" · ")}` : ""}`;
}

/** The person's own requests; one still waiting has its Cancel button beside it. */
function myRequestBlocks(requests: readonly SeatRequest[]): KnownBlock[] {
  const blocks: KnownBlock[] = [section("*Your requests*")];
  let settled: string[] = [];
  const flush = () => {
    if (settled.length > 0) blocks.push(section(settled.join("\n")));
    settled = [];
  };
  for (const request of requests) {
    if (request.state === "PENDING" && request.kind !== "grant") {
      flush();
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: truncateMrkdwn(requestLine(request), 3000) },
        accessory: cancelButton(request),
      });
    } else {
      settled.push(requestLine(request));
    }
  }
  flush();
  return blocks;
}

/** One request waiting on a decision, with its Approve and Deny buttons (Home tab and `/copilot waiting`). */
export function waitingBlocks(request: SeatRequest): KnownBlock[] {
  return [
    section(
      `${mention(request.requesterId)} asks for a seat for \`${escapeMrkdwn(request.githubLogin)}\` (${slackDate(request.createdAt)})\n>${escapeMrkdwn(request.reason).replace(/\n/g, "\n>")}`,
    ),
    {
      type: "actions",
      block_id: `home-decide:${request.id}`,
      elements: [
        button(ACTIONS.approve, "Approve", request.id, "primary"),
        button(ACTIONS.deny, "Deny", request.id, "danger"),
        button(ACTIONS.forwardRequest, "Forward…", request.id),
      ],
    },
  ];
}

/** The Home tab: your seat and requests; for managers what waits on them; for admins the subscription and failures. */
export function homeView(model: HomeModel, organization: string): HomeView {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "GitHub Copilot" } },
    ...accountBlocks(model),
    ...seatBlocks(model),
  ];
  if (model.myRequests.length > 0) {
    blocks.push(...myRequestBlocks(model.myRequests));
  }
  if (model.waitingOnMe.length > 0) {
    const count = Math.max(model.waitingOnMeCount, model.waitingOnMe.length);
    blocks.push({ type: "divider" }, section(`*Waiting on you* (${count})`));
    for (const request of model.waitingOnMe) blocks.push(...waitingBlocks(request));
    if (count > model.waitingOnMe.length) {
      blocks.push(
        context(
          `Showing the ${model.waitingOnMe.length} oldest of ${count}. \`/copilot waiting\` lists every one, page by page.`,
        ),
      );
    }
  }
  if (model.admin) {
    blocks.push({ type: "divider" });
    if (model.admin.pending.length > 0) {
      blocks.push(
        section(`*Waiting on other approvers* (${model.admin.pending.length}) — as an admin you may decide these too`),
      );
      for (const request of model.admin.pending) {
        blocks.push(...waitingBlocks(request), context(`Approver: ${mention(request.managerId)}`));
      }
    }
    const grants = model.admin.grantsUnderWay ?? [];
    if (grants.length > 0) {
      const lines = grants.map(
        (grant) =>
          `${mention(grant.requesterId)} granted \`${escapeMrkdwn(grant.githubLogin)}\` ${slackDate(grant.createdAt)}; not assigned yet`,
      );
      blocks.push(
        section(truncateMrkdwn(`*Grants not through yet* (${grants.length})\n${lines.join("\n")}`, 3000)),
        context(
          "The maintenance sweep tries them again every few minutes; a grant that fails shows under Failed assignments.",
        ),
      );
    }
    if (model.admin.subscription) blocks.push(...subscriptionBlocks(model.admin.subscription, organization));
    if (model.admin.subscriptionProblem)
      blocks.push(section(`:warning: ${problemMrkdwn(model.admin.subscriptionProblem)}`));
    if (model.admin.failed.length > 0) {
      blocks.push(section(`*Failed assignments* (${model.admin.failed.length})`));
      for (const request of model.admin.failed) {
        blocks.push({
          type: "section",
          text: {
            type: "mrkdwn",
            text: truncateMrkdwn(
              `\`${escapeMrkdwn(request.githubLogin)}\`: ${requestProblemMrkdwn(request.failure, "unknown error")}`,
              3000,
            ),
          },
          accessory: button(ACTIONS.retry, "Retry", request.id),
        });
      }
    }
  }
  blocks.push(context("Use `/copilot help` for every command."));
  // The Home tab holds at most 100 blocks; the lists above are capped well below that.
  return { type: "home", blocks: blocks.slice(0, 100) };
}
