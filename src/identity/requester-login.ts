import { RequestCheckError } from "../request/errors.js";
import { escapeMrkdwn, mention } from "../slack/mrkdwn.js";
import { isProven, sameLogin } from "./identity-link.js";
import type { IdentityLinkStore } from "./ports.js";

export interface RequesterLogin {
  githubLogin: string;
  /** Whether the requester proved this account; an approver's message should say so when it is not. */
  proven: boolean;
}

export interface RequesterLoginPolicy {
  links: Pick<IdentityLinkStore, "linkOf" | "linkOfLogin">;
  /** `REQUIRE_PROVEN_LOGIN`: a request is only for the requester's own proven account. */
  requireProven: boolean;
}

/**
 * Which GitHub account a request is for, and whether the bot knows it is the requester's. A login another Slack
 * person proved is never theirs to ask for, whatever the setting: that is the squatting this closes. With
 * `requireProven`, only the requester's own proven login is accepted (and it is used when none was typed).
 */
export async function requesterLogin(
  requesterId: string,
  typed: string | undefined,
  policy: RequesterLoginPolicy,
): Promise<RequesterLogin> {
  const own = await policy.links.linkOf(requesterId);
  const ownProven = own && isProven(own.source) ? own : undefined;
  const githubLogin = typed ?? ownProven?.githubLogin;
  if (!githubLogin) {
    throw new RequestCheckError(
      "LOGIN_NOT_PROVEN",
      "Connect your GitHub account first (`/copilot connect`), so the bot knows which account is yours.",
    );
  }
  if (ownProven && sameLogin(ownProven.githubLogin, githubLogin))
    return { githubLogin: ownProven.githubLogin, proven: true };
  const holder = await policy.links.linkOfLogin(githubLogin);
  if (holder && holder.slackUserId !== requesterId) {
    throw new RequestCheckError(
      "LOGIN_NOT_YOURS",
      `\`${escapeMrkdwn(githubLogin)}\` is ${mention(holder.slackUserId)}'s GitHub account. Ask for a seat for your own account.`,
    );
  }
  if (policy.requireProven) {
    throw new RequestCheckError(
      "LOGIN_NOT_PROVEN",
      ownProven
        ? `Requests here are only for your own GitHub account, \`${ownProven.githubLogin}\`. To use \`${escapeMrkdwn(githubLogin)}\`, connect it with \`/copilot connect\`.`
        : `Requests here are only for a GitHub account you have proven is yours: connect \`${escapeMrkdwn(githubLogin)}\` with \`/copilot connect\`, then ask again.`,
    );
  }
  return { githubLogin, proven: false };
}
