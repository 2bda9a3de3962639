import type { KnownBlock } from "@slack/types";
import type { ReclaimError } from "../../reclaim/errors.js";
import type { ReclaimPlan } from "../../reclaim/plan.js";
import type { ReclaimMode } from "../../reclaim/policy.js";
import type { HolderState, ReclaimHolder, ReclaimRound, RoundProgress } from "../../reclaim/ports.js";
import { escapeMrkdwn, mention, slackDate } from "../mrkdwn.js";
import { context, type SlackMessage, section } from "./slack-message.js";

export const RECLAIM_ACTIONS = {
  keep: "reclaim_keep",
  release: "reclaim_release",
  confirmStart: "reclaim_confirm_start",
} as const;

/** Lists longer than this go to the admins as a CSV file instead of in the message. */
export const RECLAIM_LIST_INLINE = 25;

const code = (login: string) => `\`${escapeMrkdwn(login)}\``;

export function dollars(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function lastUsed(lastSeenAt: string | undefined): string {
  return lastSeenAt
    ? `last used ${slackDate(lastSeenAt, "{date_short_pretty}")}`
    : "no use on record (GitHub keeps 90 days)";
}

const MODE_WORDS: Record<ReclaimMode, string> = {
  off: "off",
  report: "report only: nobody is asked and nothing is cancelled",
  ask: "ask: holders are asked; nothing is cancelled",
  enforce: "enforce: holders are asked, and seats nobody keeps are cancelled at the deadline",
};

/** What a button carries: which question it answers. Parsed back by `reclaimQuestionFromButton`. */
export function questionValue(holder: Pick<ReclaimHolder, "roundId" | "batch" | "login">): string {
  return JSON.stringify({ r: holder.roundId, b: holder.batch, l: holder.login });
}

/** The question to an idle seat's holder: when they last used it, what it costs, and Keep or Release. */
export function holderQuestion(holder: ReclaimHolder, graceEnds: string, mode: ReclaimMode): SlackMessage {
  const consequence =
    mode === "enforce"
      ? `If you don't answer by ${slackDate(graceEnds)}, the seat will be cancelled then.`
      : `Please answer by ${slackDate(graceEnds)}.`;
  const text = `:wave: Your GitHub Copilot seat for ${code(holder.login)} looks unused: ${lastUsed(holder.lastSeenAt)}. It costs the company ${dollars(holder.monthlyCost)} a month. Do you still need it? ${consequence}`;
  const value = questionValue(holder);
  return {
    text,
    blocks: [
      section(text),
      {
        type: "actions",
        block_id: "reclaim-question",
        elements: [
          {
            type: "button",
            action_id: RECLAIM_ACTIONS.keep,
            text: { type: "plain_text", text: "Keep my seat" },
            style: "primary",
            value,
          },
          {
            type: "button",
            action_id: RECLAIM_ACTIONS.release,
            text: { type: "plain_text", text: "Release it now" },
            style: "danger",
            value,
            confirm: {
              title: { type: "plain_text", text: "Release your seat?" },
              text: {
                type: "plain_text",
                text: `GitHub cancels the Copilot seat of ${holder.login} at the end of the billing cycle; it works until then. You can ask for a seat again any time with /copilot request.`,
              },
              confirm: { type: "plain_text", text: "Release it" },
              deny: { type: "plain_text", text: "Keep it" },
            },
          },
        ],
      },
      context("Copilot admins review idle seats regularly so they can go to people who use them."),
    ],
  };
}

function pendingUntil(date: string | undefined): string {
  return date
    ? `It keeps working until ${escapeMrkdwn(date)}, when GitHub's billing cycle ends.`
    : "It keeps working until the end of GitHub's billing cycle.";
}

/** The question once settled: the same message without buttons, saying what happened. */
export function settledQuestion(holder: ReclaimHolder, snoozeEnds?: string): SlackMessage {
  let text: string;
  switch (holder.state) {
    case "KEPT":
      text = `:white_check_mark: You kept your Copilot seat for ${code(holder.login)}.${snoozeEnds ? ` You won't be asked again before ${slackDate(snoozeEnds, "{date_short_pretty}")}.` : ""}`;
      break;
    case "RELEASING":
      text = `:hourglass_flowing_sand: Releasing your Copilot seat for ${code(holder.login)}; I'll tell you when GitHub has it.`;
      break;
    case "RELEASED":
      text = `:leftwards_arrow_with_hook: You released your Copilot seat for ${code(holder.login)}. ${pendingUntil(holder.pendingCancellationDate)}`;
      break;
    case "CANCELLED":
      text = `:no_entry: Nobody kept the Copilot seat for ${code(holder.login)}, so it was cancelled. ${pendingUntil(holder.pendingCancellationDate)}`;
      break;
    case "SPARED":
      text = `:white_check_mark: Your Copilot seat for ${code(holder.login)} stays: it is in use again, or no longer up for review.`;
      break;
    case "UNANSWERED":
      text = `The question about your Copilot seat for ${code(holder.login)} has closed; your seat stays for now.`;
      break;
    default:
      text = `The question about your Copilot seat for ${code(holder.login)} has closed.`;
  }
  return { text, blocks: [section(text)] };
}

/** Seat cancelled or released: the holder is told the pending-cancellation date, and how to get a seat again. */
export function seatEndedNotice(holder: ReclaimHolder): SlackMessage {
  const how = "If you need Copilot again, ask with `/copilot request`.";
  const text =
    holder.state === "CANCELLED"
      ? `:no_entry: Your Copilot seat for ${code(holder.login)} was cancelled because it was unused and nobody kept it. ${pendingUntil(holder.pendingCancellationDate)} ${how}`
      : holder.state === "RELEASED"
        ? `:leftwards_arrow_with_hook: Your Copilot seat for ${code(holder.login)} is released. ${pendingUntil(holder.pendingCancellationDate)} ${how}`
        : `Your Copilot seat for ${code(holder.login)} could not be cancelled on its own${holder.sparedBecause ? ` (${escapeMrkdwn(holder.sparedBecause)})` : ""}: a seat that comes through a team goes with the team. A Copilot admin can help.`;
  return { text, blocks: [section(text)] };
}

function countsLine(plan: Pick<ReclaimPlan, "counts" | "seatsListed">): string {
  const c = plan.counts;
  return [
    `${plan.seatsListed} seats`,
    `${c.active} active`,
    `${c.idle} idle`,
    `${c.team} idle through teams`,
    `${c["too-new"]} too new to judge`,
    `${c.exempt} exempt`,
    `${c["time-bound"]} time-bound`,
    `${c.kept} kept by their holders`,
    `${c["pending-cancellation"]} already pending cancellation`,
  ].join(" · ");
}

function teamLines(plan: Pick<ReclaimPlan, "teams">): string[] {
  return plan.teams
    .slice(0, 10)
    .map(
      (t) =>
        `• team ${code(t.team)}: ${t.seats} idle seat${t.seats === 1 ? "" : "s"}, ${dollars(t.monthlyCost)} a month (only removable with the team)`,
    );
}

/**
 * The plan, for admins: in `report` the whole answer; in `ask`/`enforce` the start of the round with the holders
 * nobody is known for. `preview` says nothing was changed.
 */
export function planMessage(
  plan: ReclaimPlan,
  unknown: readonly string[],
  how: { kind: "preview" | "round"; mode: ReclaimMode; roundId?: string },
): SlackMessage {
  const title =
    how.kind === "preview"
      ? `:mag: *Reclaim preview* (nothing was changed; mode ${escapeMrkdwn(MODE_WORDS[how.mode])})`
      : `:broom: *Idle Copilot seats*, round ${escapeMrkdwn(how.roundId ?? "")} (mode ${escapeMrkdwn(MODE_WORDS[how.mode])})`;
  const idleLine = `*${plan.idle.length}* idle seat${plan.idle.length === 1 ? "" : "s"} held by people cost *${dollars(plan.idleMonthlyCost)}* a month; ${plan.teams.reduce((n, t) => n + t.seats, 0)} more through teams cost ${dollars(plan.teamMonthlyCost)}.`;
  const asking =
    how.mode === "ask" || how.mode === "enforce"
      ? `${plan.idle.length - unknown.length} holder${plan.idle.length - unknown.length === 1 ? "" : "s"} ${how.kind === "preview" ? "would be" : "will be"} asked in Slack; ${unknown.length} ${unknown.length === 1 ? "has" : "have"} no known Slack account (they can link one with \`/copilot connect\`).`
      : "";
  const list = plan.idle.slice(0, RECLAIM_LIST_INLINE).map((s) => {
    const who = unknown.includes(s.login) ? " · _no known Slack account_" : "";
    return `• ${code(s.login)}: ${lastUsed(s.lastSeenAt)}, ${dollars(s.monthlyCost)}${who}`;
  });
  const more =
    plan.idle.length > RECLAIM_LIST_INLINE
      ? `…and ${plan.idle.length - RECLAIM_LIST_INLINE} more${how.kind === "round" ? " (the whole list is in the attached CSV file)" : ""}.`
      : "";
  const blocks: KnownBlock[] = [
    section(title),
    section(idleLine),
    context(countsLine(plan)),
    ...(asking ? [section(asking)] : []),
    ...(list.length > 0 ? [section(list.join("\n"))] : []),
    ...(more ? [context(more)] : []),
    ...(plan.teams.length > 0 ? [section(teamLines(plan).join("\n"))] : []),
  ];
  return { text: `${plan.idle.length} idle Copilot seats cost ${dollars(plan.idleMonthlyCost)} a month.`, blocks };
}

/** The plan as CSV, for lists too long for a message. Logins are GitHub's rules, so they never start a formula. */
export function planCsv(plan: ReclaimPlan, unknown: readonly string[], withIdentities = true): string {
  if (!withIdentities) {
    const rows = plan.idle.map((s) => [s.login, s.lastSeenAt ?? "", s.createdAt, s.monthlyCost.toFixed(2)].join(","));
    return `${["github_login,last_seen_at,assigned_at,monthly_cost_usd", ...rows].join("\r\n")}\r\n`;
  }
  const rows = plan.idle.map((s) =>
    [s.login, s.lastSeenAt ?? "", s.createdAt, s.monthlyCost.toFixed(2), unknown.includes(s.login) ? "no" : "yes"].join(
      ",",
    ),
  );
  return `${["github_login,last_seen_at,assigned_at,monthly_cost_usd,slack_known", ...rows].join("\r\n")}\r\n`;
}

const PROGRESS_ORDER: [HolderState, string][] = [
  ["PLANNED", "to ask"],
  ["ASKED", "asked, waiting"],
  ["KEPT", "kept"],
  ["RELEASING", "releasing"],
  ["RELEASED", "released"],
  ["CANCELLED", "cancelled"],
  ["SPARED", "left alone (active again or exempt)"],
  ["UNANSWERED", "no answer"],
  ["UNKNOWN", "unknown (no Slack account)"],
];

/** The admins' one progress message, redrawn by the round. */
export function progressMessage(round: ReclaimRound, progress: RoundProgress): SlackMessage {
  const state =
    round.state === "DONE"
      ? "finished"
      : round.state === "STOPPED"
        ? "stopped (RECLAIM_MODE was changed to off or report)"
        : round.state === "PLANNING"
          ? "planning"
          : "running";
  const counts = PROGRESS_ORDER.filter(
    ([s]) => progress.byState[s] > 0 || ["ASKED", "KEPT", "RELEASED", "CANCELLED", "UNKNOWN"].includes(s),
  )
    .map(([s, words]) => `${words}: *${progress.byState[s]}*`)
    .join(" · ");
  const text = `:broom: Reclaim round ${escapeMrkdwn(round.id)} (${escapeMrkdwn(round.mode)}) is ${state}.`;
  return {
    text,
    blocks: [
      section(text),
      section(counts),
      context(
        `Monthly cost saved so far: ${dollars(progress.monthlySaved)}. Started ${slackDate(round.startedAt)}${round.startedBy === "system" ? " on schedule" : ` by ${mention(round.startedBy)}`}.`,
      ),
    ],
  };
}

/** The round's end, for admins: what was cancelled, with the pending-cancellation dates. */
export function summaryMessage(round: ReclaimRound, progress: RoundProgress): SlackMessage {
  const b = progress.byState;
  const text = `:checkered_flag: Reclaim round ${escapeMrkdwn(round.id)} finished: ${b.CANCELLED} cancelled, ${b.RELEASED} released, ${b.KEPT} kept, ${b.UNANSWERED} without answer, ${b.SPARED} left alone, ${b.UNKNOWN} unknown. Monthly cost saved: ${dollars(progress.monthlySaved)}.`;
  const cancelled = progress.cancelled
    .slice(0, RECLAIM_LIST_INLINE)
    .map(
      (c) =>
        `• ${code(c.login)}: pending cancellation${c.pendingCancellationDate ? ` until ${escapeMrkdwn(c.pendingCancellationDate)}` : ""}`,
    );
  return {
    text,
    blocks: [
      section(text),
      ...(cancelled.length > 0 ? [section(cancelled.join("\n"))] : []),
      ...(progress.cancelled.length > RECLAIM_LIST_INLINE
        ? [context(`…and ${progress.cancelled.length - RECLAIM_LIST_INLINE} more; \`/copilot audit\` lists each.`)]
        : []),
    ],
  };
}

/** `/copilot reclaim start`: what starting a round means, and the button that does it. */
export function startConfirmation(mode: ReclaimMode): SlackMessage {
  const text = `Start a reclaim round now? Mode: ${escapeMrkdwn(MODE_WORDS[mode])}. \`/copilot reclaim preview\` shows what it would do. Nothing happens until you confirm.`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: "actions",
        block_id: "reclaim-start",
        elements: [
          {
            type: "button",
            action_id: RECLAIM_ACTIONS.confirmStart,
            text: { type: "plain_text", text: "Start the round" },
            style: "primary",
            value: "start",
          },
        ],
      },
    ],
  };
}

export const RECLAIM_USAGE =
  "Usage: `/copilot reclaim preview` (what a round would do now, changing nothing) or `/copilot reclaim start` (a round now, after a confirmation).";

/** Each refusal in words, for the person who clicked or typed. */
export function reclaimErrorText(error: ReclaimError): string {
  const p = error.problem;
  switch (p.code) {
    case "NOT_YOUR_QUESTION":
      return `:no_entry: Only ${p.params.holderId ? mention(p.params.holderId) : "the seat's holder"} can answer for the seat of ${code(p.params.githubLogin)}. Nothing was changed.`;
    case "ALREADY_SETTLED": {
      const what: Partial<Record<HolderState, string>> = {
        KEPT: "was already kept",
        RELEASING: "is already being released",
        RELEASED: "was already released",
        CANCELLING: "is already being cancelled: the deadline passed",
        CANCELLED: "was already cancelled: the deadline passed",
        SPARED: "is no longer up for review",
        UNANSWERED: "has closed",
      };
      const date = p.params.pendingCancellationDate
        ? ` It keeps working until ${escapeMrkdwn(p.params.pendingCancellationDate)}.`
        : "";
      return `This question about ${code(p.params.githubLogin)} ${what[p.params.state] ?? "has closed"}.${date} If you need a seat, ask with \`/copilot request\`.`;
    }
    case "RELEASE_CALLED_OFF":
      return `This review of idle seats was called off, so the question no longer releases the seat of ${code(p.params.githubLogin)}: it stays yours. To give it up anyway, use \`/copilot release\`.`;
    case "QUESTION_GONE":
      return "That question is no longer open. Nothing was changed.";
    case "ROUND_RUNNING":
      return `A reclaim round (${escapeMrkdwn(p.params.roundId)}) is still running; its progress message shows how far it is. Start another once it has finished.`;
    case "RECLAIM_OFF":
      return "Reclaiming is off (`RECLAIM_MODE=off`). Set it to `report`, `ask` or `enforce` to run a round.";
  }
}

/** The digest's line: seats reclaimed and kept this week, and the monthly cost saved. */
export function reclaimDigestLine(week: { reclaimed: number; kept: number; monthlySaved: number }): string {
  return `Idle seats this week: ${week.reclaimed} reclaimed, ${week.kept} kept by their holders; ${dollars(week.monthlySaved)} a month saved.`;
}
