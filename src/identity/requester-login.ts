import { RequestCheckError } from "../request/errors.js";
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
    throw new RequestCheckError({ code: "LOGIN_NOT_PROVEN", params: {} });
  }
  if (ownProven && sameLogin(ownProven.githubLogin, githubLogin))
    return { githubLogin: ownProven.githubLogin, proven: true };
  const holder = await policy.links.linkOfLogin(githubLogin);
  if (holder && holder.slackUserId !== requesterId) {
    throw new RequestCheckError({ code: "LOGIN_NOT_YOURS", params: { githubLogin, holderId: holder.slackUserId } });
  }
  if (policy.requireProven) {
    throw new RequestCheckError({
      code: "LOGIN_NOT_PROVEN",
      params: { typedLogin: githubLogin, ...(ownProven ? { ownLogin: ownProven.githubLogin } : {}) },
    });
  }
  return { githubLogin, proven: false };
}
