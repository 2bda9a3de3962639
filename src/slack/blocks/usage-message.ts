import type { KnownBlock } from "@slack/types";
import type { UsageScope } from "../../digest/usage.js";
import { completionRate, type HistoryPart, type StoredWeek, TREND_WEEKS } from "../../digest/usage-history.js";
import { escapeMrkdwn } from "../mrkdwn.js";
import { formatCount, formatDelta, formatPercent, formatPoints } from "./digest-format.js";
import { context, type SlackMessage, section } from "./slack-message.js";

const BAR_WIDTH = 20;

function scopeName(scope: UsageScope): string {
  if (scope.kind === "team") return `team ${escapeMrkdwn(scope.name)}`;
  if (scope.kind === "enterprise") return `enterprise ${escapeMrkdwn(scope.name)}`;
  return escapeMrkdwn(scope.name);
}

function weekLines(week: StoredWeek): string[] {
  const rate = completionRate(week);
  const lines = [
    `*Week ending ${week.weekEnding}* (the 7 days to that day, UTC)`,
    `• Weekly active users: *${week.weeklyActiveUsers === undefined ? "not reported" : formatCount(week.weeklyActiveUsers)}* · daily active users on ${week.weekEnding}: *${formatCount(week.dailyActiveUsers)}*`,
    rate === undefined
      ? "• Code completion acceptance rate: no inline suggestions in the week"
      : `• Code completion acceptance rate: *${formatPercent(rate)}* (${formatCount(week.completionsAccepted)} of ${formatCount(week.completionsSuggested)} inline suggestions)`,
    `• Lines of code added with Copilot: *${formatCount(week.linesAdded)}*`,
  ];
  if (week.aiCredits !== undefined) lines.push(`• AI credits used: *${week.aiCredits}*`);
  return lines;
}

/**
 * The 12 weeks as text: Slack cannot attach an image to a private answer, so each week is one line of a fixed-width
 * bar for weekly active users, with the acceptance rate beside it; a week the digest did not run says so.
 */
export function textTrendChart(history: Extract<HistoryPart, { kind: "trend" }>): string {
  const { weekEndings, weeklyActiveUsers, acceptanceRate } = history.chart;
  const most = Math.max(1, ...weeklyActiveUsers.map((n) => n ?? 0));
  const widest = Math.max(...weeklyActiveUsers.map((n) => (n === null ? 0 : formatCount(n).length)));
  const rows = weekEndings.map((day, i) => {
    const users = weeklyActiveUsers[i] ?? null;
    const rate = acceptanceRate[i] ?? null;
    if (users === null && rate === null) return `${day}  (not stored)`;
    const bar = "█".repeat(users === null ? 0 : Math.round((users / most) * BAR_WIDTH)).padEnd(BAR_WIDTH, " ");
    const count = (users === null ? "–" : formatCount(users)).padStart(widest, " ");
    return `${day}  ${bar} ${count} users · ${rate === null ? "–" : formatPercent(rate)}`;
  });
  return ["```", ...rows, "```"].join("\n");
}

/** `/copilot usage [team-slug]`: the latest stored week, the change against 4 weeks ago and the 12-week trend. */
export function usageMessage(scope: UsageScope, history: HistoryPart | undefined): SlackMessage {
  const title = `Copilot usage: ${scopeName(scope)}`;
  if (!history || history.kind === "unavailable") {
    const why =
      history?.kind === "unavailable"
        ? history.reason
        : `the weekly digest has stored no week for ${scopeName(scope)} yet. It stores one on each run, for the organization, the enterprise and each team in DIGEST_TEAM_CHANNELS`;
    const text = `${title}: nothing to show (${why}).`;
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [section(`*${title}*`), section(weekLines(history.current).join("\n"))];
  if (history.kind === "first-week") {
    blocks.push(context("Only this week is stored so far: the trend builds up one week per digest run."));
  } else {
    const back = history.fourWeeksAgo;
    const current = history.current;
    let change = "Change against 4 weeks ago: that week is not stored.";
    if (back) {
      const parts: string[] = [];
      if (current.weeklyActiveUsers !== undefined && back.weeklyActiveUsers !== undefined) {
        parts.push(`weekly active users *${formatDelta(current.weeklyActiveUsers - back.weeklyActiveUsers)}*`);
      }
      const now = completionRate(current);
      const then = completionRate(back);
      if (now !== undefined && then !== undefined) {
        parts.push(`code completion acceptance rate *${formatPoints(Math.round((now - then) * 10) / 10)}*`);
      }
      change = `Change against the week ending ${back.weekEnding}: ${parts.length > 0 ? parts.join(" · ") : "no comparable figures"}.`;
    }
    blocks.push(section(change));
    blocks.push(
      section(
        `*The last ${TREND_WEEKS} weeks* (weekly active users, code completion acceptance rate)\n${textTrendChart(history)}`,
      ),
    );
  }
  blocks.push(
    context(
      `Stored by the weekly digest on ${history.current.storedAt.slice(0, 10)}; figures by GitHub's definitions.`,
    ),
  );
  const text = `${title}, week ending ${history.current.weekEnding}`;
  return { text, blocks };
}
