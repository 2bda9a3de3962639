import type { WebClient } from "@slack/web-api";
import type { SlackDirectory, SlackUser } from "../request/ports.js";

export class SlackUserDirectory implements SlackDirectory {
  constructor(private readonly client: WebClient) {}

  async getUser(userId: string): Promise<SlackUser | undefined> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user?.id) return undefined;
      return {
        id: user.id,
        name: user.real_name || user.name || user.id,
        deleted: Boolean(user.deleted),
        // Slackbot is a bot in every sense but carries is_bot: false.
        isBot: Boolean(user.is_bot) || Boolean(user.is_app_user) || user.id === "USLACKBOT",
        // Multi- and single-channel guests.
        isGuest: Boolean(user.is_restricted) || Boolean(user.is_ultra_restricted),
        ...(user.team_id ? { teamId: user.team_id } : {}),
        ...(user.enterprise_user?.enterprise_id ? { enterpriseId: user.enterprise_user.enterprise_id } : {}),
      };
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === "user_not_found") return undefined;
      throw error;
    }
  }
}
