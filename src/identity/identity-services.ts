import type { ConnectStateSigner } from "./connect-state.js";
import type { IdentityLinkStore } from "./ports.js";

/** What the Slack listeners need for identities: the links, and (when Sign in with GitHub is set up) connect links. */
export interface IdentityServices {
  links: IdentityLinkStore;
  /** Absent until GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET are configured. */
  signIn?: { signer: ConnectStateSigner; publicUrl: string };
  /** `REQUIRE_PROVEN_LOGIN`, for `requesterLogin`. */
  requireProvenLogin: boolean;
}
