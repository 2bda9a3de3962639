import type { KnownBlock } from "@slack/types";
import type { PersonalSummary } from "../../digest/personal-usage.js";
import { escapeMrkdwn } from "../mrkdwn.js";
import { formatCount, formatPercent } from "./digest-format.js";
import { context, section } from "./slack-message.js";

/** GitHub's feature names, as people know them. */
const FEATURE_NAMES: Record<string, string> = {
  code_completion: "code completions",
  chat_inline: "inline chat",
  chat_panel_ask_mode: "chat (ask)",
  chat_panel_agent_mode: "agent mode",
  chat_panel_edit_mode: "chat (edit)",
  chat_panel_plan_mode: "chat (plan)",
  chat_panel_custom_mode: "chat (custom mode)",
  chat_panel_unknown_mode: "chat",
  agent_edit: "agent edits",
};

const MAX_LISTED = 6;

function list(names: readonly string[], name: (n: string) => string = (n) => n): string {
  if (names.length === 0) return "none";
  const shown = names.slice(0, MAX_LISTED).map((n) => escapeMrkdwn(name(n)));
  return names.length > MAX_LISTED ? `${shown.join(", ")} and ${names.length - MAX_LISTED} more` : shown.join(", ");
}

/**
 * Someone's own last 28 days, for `/copilot seat` and the Home tab: only ever shown to the seat's holder and to
 * admins, never posted in a channel.
 */
export function personalUsageBlocks(login: string, summary: PersonalSummary | undefined): KnownBlock[] {
  if (!summary) {
    return [
      context(
        `No Copilot usage on record for \`${escapeMrkdwn(login)}\` in the last 28 days the weekly digest saw: GitHub lists a person only on days they used Copilot.`,
      ),
    ];
  }
  const { range, completions } = summary;
  const lines = [
    `*Your Copilot use, ${range.first} – ${range.last}*${login.toLowerCase() === summary.login.toLowerCase() ? "" : ` (\`${escapeMrkdwn(summary.login)}\`)`}`,
    `• Active on *${formatCount(summary.activeDays)}* of 28 days, last on ${summary.lastActiveDay}`,
    summary.acceptanceRate === undefined
      ? "• Code completions: no inline suggestions shown"
      : `• Code completion acceptance rate: *${formatPercent(summary.acceptanceRate)}* (${formatCount(completions.accepted)} of ${formatCount(completions.suggested)} inline suggestions)`,
    `• Features: ${list(summary.features, (f) => FEATURE_NAMES[f] ?? f.replace(/_/g, " "))}`,
    `• IDEs: ${list(summary.ides)}`,
  ];
  const tools = [
    summary.usedChat ? "chat" : "",
    summary.usedAgent ? "agent mode" : "",
    summary.usedCli ? "the CLI" : "",
  ]
    .filter(Boolean)
    .join(", ");
  if (tools) lines.push(`• Used ${tools}`);
  if (summary.aiCredits !== undefined) lines.push(`• AI credits used: *${summary.aiCredits}*`);
  return [
    section(lines.join("\n")),
    context(
      `From GitHub's usage report as of the weekly digest on ${summary.storedAt.slice(0, 10)}. Only you and Copilot admins can see this.`,
    ),
  ];
}
