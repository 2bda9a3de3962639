import type { WebClient } from "@slack/web-api";
import type { IdentityConflictError } from "../identity/errors.js";
import type { ConflictNotifier } from "../identity/ports.js";
import type { Counters } from "../request/ports.js";
import { identityConflictMessage } from "./blocks/identity-messages.js";

/** DMs every Copilot admin about an identity conflict; each DM is tried, the first failure rethrown after all. */
export class SlackIdentityConflictNotifier implements ConflictNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly adminIds: readonly string[],
    private readonly counters: Counters,
  ) {}

  async tellAdmins(conflict: IdentityConflictError): Promise<void> {
    this.counters.count("IdentityConflicts");
    const message = identityConflictMessage(conflict);
    const results = await Promise.allSettled(
      this.adminIds.map((adminId) =>
        this.client.chat.postMessage({ channel: adminId, ...message, unfurl_links: false }),
      ),
    );
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  }
}
