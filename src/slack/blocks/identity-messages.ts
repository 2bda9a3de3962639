import type { KnownBlock, View } from "@slack/types";
import type { IdentityConflictError } from "../../identity/errors.js";
import type { IdentityLink, IdentitySource } from "../../identity/identity-link.js";
import { escapeMrkdwn, mention, slackDate } from "../mrkdwn.js";
import { type SlackMessage, section } from "./slack-message.js";

/**
 * "Connect your GitHub account" is a plain button wherever it is offered (messages, DMs, the Home tab, the request
 * form), not a link: those may be read long after a 10-minute sign-in link would have run out. Its click is answered
 * with a fresh link in a small modal (`connectModal`), whose link button is acknowledged and does nothing else.
 */
export const IDENTITY_ACTIONS = {
  connect: "connect_github",
  openSignIn: "open_github_sign_in",
} as const;

export const CONNECT_LABEL = "Connect your GitHub account";

export function connectButton() {
  return {
    type: "button" as const,
    action_id: IDENTITY_ACTIONS.connect,
    text: { type: "plain_text" as const, text: CONNECT_LABEL },
    style: "primary" as const,
    value: "connect",
  };
}

/** An answer that needs a proven account: the words, then the Connect button under them. */
export function connectOffer(text: string): SlackMessage {
  return { text, blocks: [section(text), { type: "actions", elements: [connectButton()] }] };
}

/** The modal a Connect click opens: one button to GitHub with a link made for this person just now. */
export function connectModal(url: string, current: IdentityLink | undefined): View {
  const already = current
    ? `You are connected to \`${escapeMrkdwn(current.githubLogin)}\` (${sourceWords(current.source)}). To connect another account, sign in with it.\n\n`
    : "";
  const blocks: KnownBlock[] = [
    section(
      `${already}Sign in with GitHub so the bot knows which GitHub account is yours. The button works for 10 minutes, once, and only for you.`,
    ),
    {
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: IDENTITY_ACTIONS.openSignIn,
          text: { type: "plain_text", text: "Sign in with GitHub" },
          style: "primary",
          url,
        },
      ],
    },
  ];
  return {
    type: "modal",
    title: { type: "plain_text", text: "Connect GitHub" },
    close: { type: "plain_text", text: "Done" },
    blocks,
  };
}

/** Said beside a seat looked up for an account the person only typed: the bot does not know it is theirs. */
export function unprovenAccountNote(login: string, canConnect: boolean): string {
  const fix = canConnect ? " Connect your GitHub account so the bot knows." : "";
  return `:grey_question: \`${escapeMrkdwn(login)}\` is the account you last asked a seat for; it is not verified as yours.${fix}`;
}

const SOURCE_WORDS: Record<IdentitySource, string> = {
  oauth: "signed in with GitHub",
  saml: "the organization's SAML single sign-on",
  "verified-email": "a verified email of the organization's domain",
  typed: "typed by the person, not verified",
};

export function sourceWords(source: IdentitySource): string {
  return SOURCE_WORDS[source];
}

/** How long ago, in the largest whole unit: "3 days", "5 hours", "less than a minute". */
export function age(fromIso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(fromIso)) / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return plural(minutes, "minute");
  if (minutes < 60 * 24) return plural(Math.floor(minutes / 60), "hour");
  return plural(Math.floor(minutes / (60 * 24)), "day");
}

/** The admins' DM when two Slack people prove the same GitHub login. */
export function identityConflictMessage(conflict: IdentityConflictError): SlackMessage {
  const login = `\`${escapeMrkdwn(conflict.githubLogin)}\``;
  const holder = conflict.heldBy
    ? `${mention(conflict.heldBy.slackUserId)} has it (${sourceWords(conflict.heldBy.source)}, since ${slackDate(conflict.heldBy.linkedAt)})`
    : "another Slack person has it";
  const text = `:warning: Two Slack people claim the GitHub account ${login}: ${holder}, and ${mention(conflict.claimedBy)} just proved it too. Nothing was changed. Check with both; if the link is wrong, \`/copilot disconnect @person\` removes it and the right person can connect again.`;
  return { text, blocks: [section(text)] };
}

/** `/copilot whois`: the link, its source and age. */
export function whoisMessage(link: IdentityLink, now: Date): SlackMessage {
  const id = link.githubId !== undefined ? ` (GitHub ID ${link.githubId})` : "";
  const confirmed =
    link.lastConfirmedAt !== link.linkedAt ? `, last confirmed ${age(link.lastConfirmedAt, now)} ago` : "";
  const text = `${mention(link.slackUserId)} is \`${escapeMrkdwn(link.githubLogin)}\`${id} on GitHub: ${sourceWords(link.source)}, linked ${age(link.linkedAt, now)} ago (${slackDate(link.linkedAt)})${confirmed}.`;
  return { text, blocks: [section(text)] };
}

/**
 * `/copilot connect`: the private answer with the link. A link in the text, not a URL button: a button would also
 * send Slack an interaction the bot must acknowledge, and the link does the same for the person.
 */
export function connectMessage(url: string, current: IdentityLink | undefined): SlackMessage {
  const already = current
    ? `You are connected to \`${escapeMrkdwn(current.githubLogin)}\` (${sourceWords(current.source)}). To connect another account, sign in with it. `
    : "";
  const text = `${already}*<${url}|Connect your GitHub account>* so the bot knows which GitHub account is yours. The link works for 10 minutes, once, and only for you: don't share it.`;
  return { text, blocks: [section(text)] };
}
