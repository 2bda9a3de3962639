import type { KnownBlock } from "@slack/types";
import type { Digest } from "../../digest/digest.js";
import type { RequestFigures } from "../../digest/request-figures.js";
import type { SeatFigures } from "../../digest/seat-figures.js";
import { SOURCE_LABELS } from "../../digest/usage.js";
import { type Change, percent, type RankedActivity, type UsageFigures } from "../../digest/usage-figures.js";
import { escapeMrkdwn, truncateMrkdwn } from "../mrkdwn.js";
import {
  formatCount,
  formatDelta,
  formatDollars,
  formatMinutes,
  formatPercent,
  formatPoints,
  MRKDWN,
  PLAIN,
  shortName,
  type TextStyle,
} from "./digest-format.js";
import { reclaimDigestLine } from "./reclaim-messages.js";
import { context, type SlackMessage, section } from "./slack-message.js";

/** Slack's limits for a message: at most 50 blocks, section text of 1 to 3,000 characters. */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
const MAX_FALLBACK_TEXT = 39_000;

export const SETTLING_NOTE =
  "GitHub completes a day's figures within two full UTC days: the last two days may still grow.";

/** When GitHub's usage metrics reports start: nothing earlier exists for an organization or an enterprise. */
export const DATA_START_NOTE =
  "GitHub's usage metrics start on 2025-12-12 for organizations and 2025-10-10 for enterprises.";

function title(digest: Digest): string {
  const { scope } = digest;
  if (scope.kind === "team") return `Copilot weekly digest: team ${scope.name} (${scope.organization})`;
  if (scope.kind === "enterprise") return `Copilot weekly digest: enterprise ${scope.name}`;
  return `Copilot weekly digest: ${scope.name}`;
}

function compared(change: Change, from: string): string {
  if (change.previous === undefined || change.delta === undefined) return `(no figure ${from} to compare with)`;
  return `(${formatDelta(change.delta)} from ${formatCount(change.previous)} ${from})`;
}

function formatCredits(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : value.toFixed(2).replace(/0$/, "");
}

function creditsDelta(value: number): string {
  if (value === 0) return "±0";
  return `${value > 0 ? "+" : "-"}${formatCredits(Math.abs(value))}`;
}

function activeUsers(f: UsageFigures, s: TextStyle): string {
  const lines = [s.bold("Active users")];
  if (f.weeklyActiveUsers) {
    lines.push(
      `• Weekly active users on ${f.lastDay}: ${s.bold(formatCount(f.weeklyActiveUsers.current))} ${compared(f.weeklyActiveUsers, `on ${f.comparisonDay}`)}`,
    );
  } else {
    lines.push(`• Weekly active users: not reported by the ${SOURCE_LABELS[f.source]}`);
  }
  lines.push(
    `• Daily active users on ${f.lastDay}: ${s.bold(formatCount(f.dailyActiveUsers.current))} ${compared(f.dailyActiveUsers, `on ${f.comparisonDay}`)}`,
  );
  const monthly = f.monthlyUsers;
  if (monthly) {
    const parts = [
      monthly.chat === undefined ? "" : `chat ${s.bold(formatCount(monthly.chat))}`,
      monthly.agent === undefined ? "" : `agent ${s.bold(formatCount(monthly.agent))}`,
    ].filter(Boolean);
    lines.push(`• Monthly users (28 days ending ${f.lastDay}): ${parts.join(" · ")}`);
  }
  return lines.join("\n");
}

function acceptance(f: UsageFigures, s: TextStyle): string {
  const a = f.acceptance;
  const name = s.bold("Code completion acceptance rate");
  let line: string;
  if (a.rate === undefined) {
    line = `${name}: no inline code suggestions in the week`;
  } else {
    line = `${name}: ${s.bold(formatPercent(a.rate))} of inline code suggestions accepted in the week (${formatCount(a.accepted)} of ${formatCount(a.generated)})`;
    if (a.previousRate !== undefined && a.changePoints !== undefined) {
      line += `, ${formatPoints(a.changePoints)} from ${formatPercent(a.previousRate)} the week before (${formatCount(a.previousAccepted ?? 0)} of ${formatCount(a.previousGenerated ?? 0)})`;
    } else {
      line += ", no suggestions the week before to compare with";
    }
  }
  // The older APIs counted completions only, so there the broader figure would repeat the first one.
  if (f.source === "reports" && a.overall.rate !== undefined) {
    line += `\n• All code acceptance activity ÷ code generation activity, chat code blocks and insert/copy actions included (not GitHub's acceptance rate): ${formatPercent(a.overall.rate)} (${formatCount(a.overall.accepted)} of ${formatCount(a.overall.generated)})`;
  }
  return line;
}

function linesAdded(f: UsageFigures, s: TextStyle): string {
  return `${s.bold("Lines of code added with Copilot")}: ${s.bold(formatCount(f.linesAdded.current))} in the week ${compared(f.linesAdded, "the week before")}`;
}

function share(part: number | undefined, of: number): string {
  if (part === undefined) return "not reported";
  const p = percent(part, of);
  return `${formatCount(part)} of ${formatCount(of)}${p === undefined ? "" : ` (${formatPercent(p)})`}`;
}

function adoption(f: UsageFigures, s: TextStyle): string | undefined {
  const a = f.adoption;
  const notes = f.notes.map((note) => s.italic(note));
  if (!a) return notes.length > 0 ? [s.bold("Chat, agent and CLI adoption"), ...notes].join("\n") : undefined;
  const lines: string[] = [];
  if (a.basis === "week") {
    lines.push(
      `${s.bold("Chat, agent and CLI adoption")}: distinct users in the week, of ${formatCount(a.week.activeUsers)} active`,
    );
    const row = (label: string, now: number | undefined, before: number | undefined) =>
      `• ${label}: ${s.bold(share(now, a.week.activeUsers))}${before === undefined ? "" : `; ${formatCount(before)} of ${formatCount(a.previous.activeUsers)} the week before`}`;
    lines.push(row("Chat", a.week.chatUsers, a.previous.chatUsers));
    lines.push(row("Agent", a.week.agentUsers, a.previous.agentUsers));
    lines.push(row("CLI", a.week.cliUsers, a.previous.cliUsers));
  } else {
    lines.push(
      `${s.bold("Chat adoption")} on ${a.day}: ${s.bold(share(a.users.chatUsers, a.users.activeUsers))} active users used chat`,
    );
  }
  return [...lines, ...notes].join("\n");
}

function codeReviewAndPullRequests(f: UsageFigures, s: TextStyle): string | undefined {
  const lines: string[] = [];
  if (f.codeReview) {
    const { active, passive } = f.codeReview;
    lines.push(
      `${s.bold("Copilot code review")}, users in the 7 days ending ${f.lastDay}: active ${s.bold(formatCount(active.current))} ${compared(active, `on ${f.comparisonDay}`)} · passive (reviews by policy only) ${s.bold(formatCount(passive.current))} ${compared(passive, `on ${f.comparisonDay}`)}`,
    );
  }
  const pr = f.pullRequests;
  if (pr) {
    const p = pr.figures;
    const parts = [
      `created ${s.bold(formatCount(p.created))} ${compared(pr, "the week before")}`,
      `merged ${s.bold(formatCount(p.merged))}`,
      `reviewed ${s.bold(formatCount(p.reviewed))}`,
    ];
    if (p.createdByCopilot !== undefined) parts.push(`created by Copilot ${s.bold(formatCount(p.createdByCopilot))}`);
    if (p.reviewedByCopilot !== undefined)
      parts.push(`reviewed by Copilot ${s.bold(formatCount(p.reviewedByCopilot))}`);
    lines.push(`${s.bold("Pull requests")} in the week: ${parts.join(" · ")}`);
    if (p.medianMinutesToMerge) {
      lines.push(
        `• Median time to merge on ${p.medianMinutesToMerge.day}: ${s.bold(formatMinutes(p.medianMinutesToMerge.minutes))} (GitHub reports it per day)`,
      );
    }
  }
  return lines.length > 0 ? lines.join("\n") : undefined;
}

function aiCredits(digest: Digest, f: UsageFigures, s: TextStyle): string | undefined {
  const c = f.aiCredits;
  if (!c) return undefined;
  const lines = [
    `${s.bold("AI credits used")}: ${s.bold(formatCredits(c.week))} in the week (${
      c.previous === undefined || c.delta === undefined
        ? "no figure the week before to compare with"
        : `${creditsDelta(c.delta)} from ${formatCredits(c.previous)} the week before`
    })`,
  ];
  const top = digest.topTeamsByCredits;
  if (top && top.length > 0) {
    lines.push(
      `• Top teams by AI credits: ${top.map((t, i) => `${i + 1}. ${s.name(shortName(t.team))} ${formatCredits(t.credits)}`).join(" · ")}`,
    );
  }
  return lines.join("\n");
}

function history(digest: Digest, s: TextStyle): string | undefined {
  const h = digest.history;
  if (!h) return undefined;
  const heading = s.bold("Over the weeks");
  if (h.kind === "unavailable") return `${heading}: no trend in this run (${s.name(h.reason)})`;
  if (h.kind === "first-week") {
    return `${heading}: no history yet. This is the first week stored; the 12-week trend and the change against 4 weeks ago build up from here.`;
  }
  const lines = [`${heading}: ${formatCount(h.storedWeeks)} of the last 12 weeks stored`];
  const back = h.fourWeeksAgo;
  if (!back) {
    lines.push("• Change against 4 weeks ago: that week is not stored");
  } else {
    const current = h.current;
    const parts: string[] = [];
    if (current.weeklyActiveUsers !== undefined && back.weeklyActiveUsers !== undefined) {
      parts.push(
        `weekly active users ${s.bold(formatDelta(current.weeklyActiveUsers - back.weeklyActiveUsers))} (${formatCount(back.weeklyActiveUsers)} → ${formatCount(current.weeklyActiveUsers)})`,
      );
    }
    const now = percent(current.completionsAccepted, current.completionsSuggested);
    const then = percent(back.completionsAccepted, back.completionsSuggested);
    if (now !== undefined && then !== undefined) {
      parts.push(
        `code completion acceptance rate ${s.bold(formatPoints(Math.round((now - then) * 10) / 10))} (${formatPercent(then)} → ${formatPercent(now)})`,
      );
    }
    lines.push(
      `• Change against the week ending ${back.weekEnding}: ${parts.length > 0 ? parts.join(" · ") : "no comparable figures"}`,
    );
  }
  return lines.join("\n");
}

function ranking(heading: string, ranked: readonly RankedActivity[], s: TextStyle): string {
  if (ranked.length === 0) return `${s.bold(heading)}\nno activity in the week`;
  return [
    s.bold(heading),
    ...ranked.map(
      (r, i) => `${i + 1}. ${s.name(shortName(r.name))}: ${formatCount(r.activity)} (${formatPercent(r.share)})`,
    ),
  ].join("\n");
}

function utilizationLine(f: SeatFigures, s: TextStyle): string {
  const { pendingCancellation, newNotUsed } = f.leftOutOfUtilization;
  const leftOut = [
    pendingCancellation ? `${formatCount(pendingCancellation)} pending cancellation` : "",
    newNotUsed ? `${formatCount(newNotUsed)} assigned less than 30 days ago and not used yet` : "",
  ].filter(Boolean);
  const note = leftOut.length > 0 ? ` (not counted: ${leftOut.join(", ")})` : "";
  if (f.utilization === undefined) {
    return f.assigned === 0 ? "• Utilization: no seats assigned" : `• Utilization: no seat to measure yet${note}`;
  }
  return `• Utilization: ${s.bold(formatPercent(f.utilization))}, ${formatCount(f.utilizationActive)} of ${formatCount(f.utilizationSeats)} seats active in the last 30 days${note}`;
}

function seats(f: SeatFigures, s: TextStyle): string {
  const lines = [
    `${s.bold("Seats")} (as of ${f.asOf.slice(0, 10)})`,
    `• Total: ${s.bold(formatCount(f.total))} · added this cycle: ${s.bold(formatCount(f.addedThisCycle))} · pending cancellation: ${s.bold(formatCount(f.pendingCancellation))}`,
    utilizationLine(f, s),
  ];
  const plans = [
    f.inactiveByPlan.business
      ? `${formatCount(f.inactiveByPlan.business)} Business at ${formatDollars(f.prices.business)}`
      : "",
    f.inactiveByPlan.enterprise
      ? `${formatCount(f.inactiveByPlan.enterprise)} Enterprise at ${formatDollars(f.prices.enterprise)}`
      : "",
  ].filter(Boolean);
  lines.push(
    f.inactive === 0
      ? `• Inactive for 30+ days: ${s.bold("none")}`
      : `• Inactive for 30+ days: ${s.bold(formatCount(f.inactive))}, costing ${s.bold(`${formatDollars(f.inactiveMonthlyCost)} a month`)} (${plans.join(", ")})`,
  );
  lines.push(
    "• Inactive means neither Copilot activity nor a sign-in to Copilot for 30 days or more, on a seat assigned at least 30 days ago and not already pending cancellation.",
  );
  const unusual = [
    f.withoutAssignee ? `${formatCount(f.withoutAssignee)} without an assignee` : "",
    f.throughEnterpriseTeams ? `${formatCount(f.throughEnterpriseTeams)} through enterprise teams` : "",
  ].filter(Boolean);
  if (unusual.length > 0) lines.push(`• Of the assigned seats: ${unusual.join(", ")}.`);
  return lines.join("\n");
}

function requests(part: NonNullable<Digest["requests"]>, s: TextStyle): string {
  if (part.kind === "unavailable")
    return `${s.bold("Requests through the bot")}: not counted in this run (${part.reason})`;
  const r: RequestFigures = part.figures;
  const lines = [
    `${s.bold("Requests through the bot")}, ${r.range.first} – ${r.range.last}`,
    `• Filed: ${s.bold(formatCount(r.filed))} · approved: ${s.bold(formatCount(r.approved))} · denied: ${s.bold(formatCount(r.denied))} · still pending: ${s.bold(formatCount(r.pending))}${r.rejected ? ` · stopped by the checks: ${s.bold(formatCount(r.rejected))}` : ""}${r.granted ? ` · granted directly by admins: ${s.bold(formatCount(r.granted))}` : ""}`,
    r.medianMinutesToDecision === undefined
      ? "• Median time to decision: no decisions yet"
      : `• Median time to decision: ${s.bold(formatMinutes(r.medianMinutesToDecision))} (${formatCount(r.decided)} decided)`,
  ];
  // The request lifecycle: shown only when something happened, so a quiet week keeps the section short.
  const lifecycle = [
    r.expired ? `expired without a decision: ${s.bold(formatCount(r.expired))}` : "",
    r.cancelled ? `cancelled by their requesters: ${s.bold(formatCount(r.cancelled))}` : "",
    r.forwarded ? `forwarded to another approver: ${s.bold(formatCount(r.forwarded))}` : "",
    r.seatsReleased ? `seats given back: ${s.bold(formatCount(r.seatsReleased))}` : "",
    r.seatsEndingNextWeek ? `time-bound seats ending next week: ${s.bold(formatCount(r.seatsEndingNextWeek))}` : "",
  ].filter(Boolean);
  if (lifecycle.length > 0) lines.push(`• ${lifecycle.join(" · ")}`);
  return lines.join("\n");
}

function footer(digest: Digest, s: TextStyle): string {
  const parts = [SETTLING_NOTE, DATA_START_NOTE];
  if (digest.usage.kind === "figures") {
    const { weeks, chart } = digest.usage.figures;
    parts.push(
      `Usage covers ${weeks.week.first} – ${weeks.week.last} (UTC), compared with ${weeks.previous.first} – ${weeks.previous.last}; the chart covers ${chart.range.first} – ${chart.range.last}.`,
    );
  }
  if (digest.seats) parts.push(`Seats are as of ${digest.seats.asOf.replace(/\.\d+Z$/, "Z")}.`);
  if (digest.chartProblem) parts.push(`The chart could not be drawn (${s.name(digest.chartProblem)}).`);
  return parts.join(" ");
}

interface Sections {
  intro: string;
  usage: string[];
  rankings?: [string, string];
  others: string[];
}

/** The digest's text, written once per style, in the order it appears. */
function sections(digest: Digest, s: TextStyle): Sections {
  const out: Sections = { intro: "", usage: [], others: [] };
  if (digest.usage.kind === "figures") {
    const f = digest.usage.figures;
    out.intro = `Week ${f.weeks.week.first} – ${f.weeks.week.last} (UTC), compared with ${f.weeks.previous.first} – ${f.weeks.previous.last} · source: ${SOURCE_LABELS[f.source]}`;
    out.usage.push(activeUsers(f, s), `${acceptance(f, s)}\n${linesAdded(f, s)}`);
    const adopted = adoption(f, s);
    if (adopted) out.usage.push(adopted);
    for (const part of [codeReviewAndPullRequests(f, s), aiCredits(digest, f, s), history(digest, s)]) {
      if (part) out.usage.push(part);
    }
    out.rankings = [
      ranking("Top languages by activity", f.topLanguages, s),
      ranking("Top IDEs by activity", f.topIdes, s),
    ];
  } else {
    const u = digest.usage;
    out.intro = `As of ${u.asOf} (UTC) · source: ${SOURCE_LABELS[u.source]}`;
    out.usage.push(
      `:hourglass_flowing_sand: ${s.bold("No Copilot usage data yet")} as of ${u.asOf} (${s.name(u.detail)}). GitHub's usage metrics start on 2025-12-12 for organizations (2025-10-10 for enterprises), and a day's figures are complete within two full UTC days.`,
    );
  }
  if (digest.seats) out.others.push(seats(digest.seats, s));
  if (digest.requests) out.others.push(requests(digest.requests, s));
  if (digest.reclaim) out.others.push(reclaimDigestLine(digest.reclaim));
  return out;
}

/** The weekly digest as Block Kit, within Slack's limits, with a plain-text fallback that says the same. */
export function digestMessage(digest: Digest): SlackMessage {
  const rich = sections(digest, MRKDWN);
  const plain = sections(digest, PLAIN);
  const heading = title(digest);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: heading.slice(0, 150), emoji: true } },
    context(rich.intro),
    ...rich.usage.map(section),
  ];
  if (rich.rankings) {
    blocks.push({
      type: "section",
      fields: rich.rankings.map((text) => ({ type: "mrkdwn" as const, text: truncateMrkdwn(text, 2000) })),
    });
  }
  if (rich.others.length > 0) blocks.push({ type: "divider" }, ...rich.others.map(section));
  blocks.push(context(footer(digest, MRKDWN)));

  const text = [
    heading,
    plain.intro,
    ...plain.usage,
    ...(plain.rankings ?? []),
    ...plain.others,
    footer(digest, PLAIN),
  ].join("\n\n");
  return { text: text.slice(0, MAX_FALLBACK_TEXT), blocks: blocks.slice(0, MAX_BLOCKS) };
}

/** The one line posted when GitHub refuses the data, saying what to enable. */
export function digestProblemMessage(line: string): SlackMessage {
  const oneLine = truncateMrkdwn(escapeMrkdwn(line.replace(/\s+/g, " ").trim()), MAX_SECTION_TEXT);
  return { text: oneLine, blocks: [section(oneLine)] };
}
