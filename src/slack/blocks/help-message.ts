import { escapeMrkdwn } from "../mrkdwn.js";
import { type SlackMessage, section } from "./slack-message.js";

/** `/copilot help`, and the answer to any subcommand the bot does not know. */
export function helpMessage(unknownSubcommand?: string): SlackMessage {
  // Placeholders are escaped (`&lt;reason&gt;` shows as `<reason>`): raw angle brackets are link syntax to Slack's mrkdwn,
  // even inside backticks, so the placeholder would vanish or turn into a link.
  const lines = [
    "*GitHub Copilot seats*",
    "`/copilot request` — ask for a seat (opens a form)",
    "`/copilot request &lt;github-login&gt; @manager [for 30d] &lt;reason&gt;` — ask for a seat in one line, for good or for a time",
    "`/copilot status` — your requests and where they stand",
    "`/copilot cancel [github-login]` — withdraw your request that is waiting for a decision",
    "`/copilot release` — give your own seat back (after a confirmation)",
    "`/copilot waiting` — every request waiting on your decision, oldest first",
    "`/copilot seat [github-login|@user]` — seat details (your own; admins: anyone's)",
    "`/copilot connect` — prove which GitHub account is yours by signing in with GitHub",
    "`/copilot disconnect` — forget the GitHub account connected to you (admins: `disconnect @person`)",
    "`/copilot help` — this help",
    "",
    "*For Copilot admins*",
    "`/copilot seats` — the subscription: plan, seat management, seat breakdown, longest-inactive seats",
    "`/copilot grant &lt;github-login&gt;` — assign a seat directly (same checks, no approval step)",
    "`/copilot revoke &lt;github-login&gt;` — cancel a seat at the end of the billing cycle",
    "`/copilot grant-team &lt;team-slug&gt;` / `revoke-team &lt;team-slug&gt;` — seats for a whole team",
    "`/copilot audit [github-login|@user]` — who changed what, when; `/copilot audit export` for a CSV file",
    "`/copilot whois @person` or `whois &lt;github-login&gt;` — whose GitHub account is whose, and how the bot knows",
    "`/copilot usage [team-slug]` — the latest week the digest stored, and the 12-week trend",
    "`/copilot reclaim preview` / `reclaim start` — what a round reclaiming idle seats would do now; start one",
  ];
  if (unknownSubcommand) lines.unshift(`I don't know \`${escapeMrkdwn(unknownSubcommand)}\`. Here is what I can do:`);
  const text = lines.join("\n");
  return { text, blocks: [section(text)] };
}
