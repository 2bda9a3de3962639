import { isProven } from "../../../identity/identity-link.js";
import type { OwnSeatEvidence } from "../../../request/authorization.js";
import type { SlackServices } from "../../slack-services.js";

/** As many of the person's own requests as `releaseOwnSeat` looks through. */
const OWN_REQUESTS_READ = 20;

/** What makes a seat the person's own (`releasableLogin`), read side by side: one round trip while Slack waits. */
export async function ownSeatEvidence(
  userId: string,
  services: Pick<SlackServices, "store" | "identity">,
): Promise<OwnSeatEvidence> {
  const [link, requests] = await Promise.all([
    services.identity ? services.identity.links.linkOf(userId) : Promise.resolve(undefined),
    services.store.listByRequester(userId, OWN_REQUESTS_READ),
  ]);
  return { ...(link && isProven(link.source) ? { provenLogin: link.githubLogin } : {}), requests };
}
