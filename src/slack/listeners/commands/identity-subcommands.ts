import type { IdentityServices } from "../../../identity/identity-services.js";
import { disconnectIdentity } from "../../../identity/record-link.js";
import { connectUrl } from "../../../identity/sign-in-routes.js";
import { assertAdmin } from "../../../request/authorization.js";
import { parseGitHubLogin } from "../../../request/github-login.js";
import { connectMessage, sourceWords, whoisMessage } from "../../blocks/identity-messages.js";
import { parseMention } from "../../command-text.js";
import { SlackAnswerError } from "../../error-messages.js";
import { escapeMrkdwn, mention } from "../../mrkdwn.js";
import type { CommandContext } from "./command-context.js";

/** `/copilot connect`, `/copilot disconnect [@person]`, `/copilot whois <@person|github-login>`. */
export const IDENTITY_SUBCOMMANDS = new Set(["connect", "disconnect", "whois"]);

export async function runIdentitySubcommand(ctx: CommandContext, subcommand: string, rest: string): Promise<void> {
  const identity = ctx.services.identity;
  if (!identity) throw new SlackAnswerError("IDENTITY_OFF", "This bot keeps no GitHub accounts here.");
  switch (subcommand) {
    case "connect":
      return connect(ctx, identity);
    case "disconnect":
      return disconnect(ctx, identity, rest);
    case "whois":
      return whois(ctx, identity, rest);
  }
}

async function connect({ command, services, answer }: CommandContext, identity: IdentityServices): Promise<void> {
  if (!identity.signIn) {
    throw new SlackAnswerError(
      "SIGN_IN_OFF",
      "Sign in with GitHub is not set up here yet: a Copilot admin must add the GitHub App's client ID and secret (GITHUB_APP_CLIENT_ID, GITHUB_APP_CLIENT_SECRET).",
    );
  }
  const state = identity.signIn.signer.issue(command.user_id, services.clock.now());
  const current = await identity.links.linkOf(command.user_id);
  await answer(connectMessage(connectUrl(identity.signIn.publicUrl, state), current));
}

/** A person removes their own link; an admin may remove anyone's (to settle a conflict). */
async function disconnect(
  { command, services, answer }: CommandContext,
  identity: IdentityServices,
  rest: string,
): Promise<void> {
  const argument = rest.trim().split(/\s+/)[0] ?? "";
  const target = argument ? parseMention(argument) : command.user_id;
  if (!target)
    throw new SlackAnswerError("USAGE", "Usage: `/copilot disconnect` (admins: `/copilot disconnect @person`)");
  if (target !== command.user_id) assertAdmin(command.user_id, services.admins, "disconnect-others");
  const removed = await disconnectIdentity(target, command.user_id, {
    links: identity.links,
    clock: services.clock,
    log: services.log,
  });
  const whose = target === command.user_id ? "You are" : `${mention(target)} is`;
  if (!removed) {
    return answer(`${target === command.user_id ? "You have" : `${mention(target)} has`} no GitHub account connected.`);
  }
  await answer(
    `:link: ${whose} no longer connected to the GitHub account \`${escapeMrkdwn(removed.githubLogin)}\` (${sourceWords(removed.source)}). This is recorded in the audit trail.`,
  );
}

async function whois(
  { command, services, answer }: CommandContext,
  identity: IdentityServices,
  rest: string,
): Promise<void> {
  assertAdmin(command.user_id, services.admins, "look-up-people");
  const argument = rest.trim().split(/\s+/)[0] ?? "";
  if (!argument)
    throw new SlackAnswerError("USAGE", "Usage: `/copilot whois @person` or `/copilot whois &lt;github-login&gt;`");
  const mentioned = parseMention(argument);
  if (mentioned) {
    const link = await identity.links.linkOf(mentioned);
    if (!link) return answer(`No GitHub account is connected to ${mention(mentioned)}.`);
    return answer(whoisMessage(link, services.clock.now()));
  }
  const login = parseGitHubLogin(argument);
  const link = await identity.links.linkOfLogin(login);
  if (!link) return answer(`No Slack person has proven the GitHub account \`${escapeMrkdwn(login)}\`.`);
  await answer(whoisMessage(link, services.clock.now()));
}
