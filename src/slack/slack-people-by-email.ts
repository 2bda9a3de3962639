import { ErrorCode, type WebClient } from "@slack/web-api";
import { PeopleLookupThrottledError, type SlackPeopleByEmail } from "../identity/sync-identities.js";

/**
 * Slack people by email through `users.lookupByEmail` (bot scope `users:read.email`). Only full, active, human
 * members count: a guest, a bot or a deactivated account is never linked to a GitHub account.
 */
export class SlackPeopleDirectoryByEmail implements SlackPeopleByEmail {
  constructor(private readonly client: Pick<WebClient, "users">) {}

  async slackUserIdByEmail(email: string): Promise<string | undefined> {
    try {
      const { user } = await this.client.users.lookupByEmail({ email });
      if (!user?.id || user.deleted || user.is_bot || user.is_restricted || user.is_ultra_restricted) return undefined;
      return user.id;
    } catch (error) {
      // Slack answers an unknown email with an error rather than an empty result.
      if ((error as { data?: { error?: string } }).data?.error === "users_not_found") return undefined;
      if ((error as { code?: string }).code === ErrorCode.RateLimitedError) {
        throw new PeopleLookupThrottledError({ cause: error });
      }
      throw error;
    }
  }
}
