import { isProven } from "../../../identity/identity-link.js";
import { OWN_REQUESTS_READ, type OwnSeatEvidence } from "../../../request/authorization.js";
import type { SlackServices } from "../../slack-services.js";

/**
 * What makes a seat the person's own (`mayReleaseSeat`), read side by side: one round trip while Slack waits. With
 * `githubLogin`, also who else has proven that login.
 */
export async function ownSeatEvidence(
  userId: string,
  services: Pick<SlackServices, "store" | "identity">,
  githubLogin?: string,
): Promise<OwnSeatEvidence> {
  const links = services.identity?.links;
  const [link, requests, holder] = await Promise.all([
    links ? links.linkOf(userId) : Promise.resolve(undefined),
    services.store.listByRequester(userId, OWN_REQUESTS_READ),
    links && githubLogin ? links.linkOfLogin(githubLogin) : Promise.resolve(undefined),
  ]);
  return {
    ...(link && isProven(link.source) ? { provenLogin: link.githubLogin } : {}),
    requests,
    ...(holder && isProven(holder.source) && holder.slackUserId !== userId ? { provenByAnother: true } : {}),
  };
}
