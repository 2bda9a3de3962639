import type { View } from "@slack/types";
import { isProven } from "../../../identity/identity-link.js";
import { type RequestModalPrefill, requestModal } from "../../blocks/request-modal.js";
import type { SlackServices } from "../../slack-services.js";

/**
 * The request form for a person, from `/copilot request` and the Home tab's button. Its two reads (the login they
 * last asked for, their identity link) run side by side, since the form must open within `trigger_id`'s 3 seconds.
 * With `REQUIRE_PROVEN_LOGIN` the form shows their proven login instead of a text field, or offers to connect one;
 * otherwise the field is prefilled with what was typed, their proven login, or the one they last asked for (once
 * GitHub confirmed it: see `validateSeatRequest`).
 */
export async function requestFormFor(
  userId: string,
  prefill: RequestModalPrefill,
  services: Pick<SlackServices, "store" | "identity" | "seatTerms">,
): Promise<View> {
  const identity = services.identity;
  const [remembered, link] = await Promise.all([
    prefill.githubLogin ? Promise.resolve(undefined) : services.store.getGitHubLogin(userId),
    identity ? identity.links.linkOf(userId) : Promise.resolve(undefined),
  ]);
  const proven = link && isProven(link.source) ? link.githubLogin : undefined;
  const { githubLogin: typed, ...rest } = prefill;
  if (identity?.requireProvenLogin) {
    return requestModal(
      rest,
      services.seatTerms,
      proven ? { kind: "proven", githubLogin: proven } : { kind: "connect" },
    );
  }
  const githubLogin = typed ?? proven ?? remembered;
  return requestModal({ ...rest, ...(githubLogin ? { githubLogin } : {}) }, services.seatTerms);
}
