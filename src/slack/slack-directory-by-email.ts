import { ErrorCode, type WebClient } from "@slack/web-api";
import {
  DirectoryCursorExpiredError,
  type DirectoryPage,
  type DirectoryPerson,
  DirectoryThrottledError,
  type PeopleDirectory,
} from "../identity/sync-pass.js";

export interface SlackDirectoryOptions {
  /** Members a page; Slack recommends no more than 200. */
  pageSize?: number;
  /** Calls made at once before the rest are spaced (default 5). */
  burst?: number;
  /** The time between two calls after the burst (default 4 s): with the burst, never more than 20 in any minute. */
  minIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type Member = NonNullable<Awaited<ReturnType<WebClient["users"]["list"]>>["members"]>[number];

/**
 * The workspace's people a page at a time through `users.list` (Tier 2; emails need the bot scope
 * `users:read.email`). Only full members count: a guest, a bot, a deactivated account or someone from another
 * workspace (Slack Connect) is never linked to a GitHub account. Calls are paced so a run stays within Tier 2
 * (about 20 a minute) without meeting its limit; a wait is never longer than one interval.
 */
export class SlackDirectoryByEmail implements PeopleDirectory {
  private readonly pageSize: number;
  private readonly burst: number;
  private readonly minIntervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private firstCallAt: number | undefined;
  private calls = 0;
  private ownTeam: Promise<{ teamId?: string; enterpriseId?: string }> | undefined;

  constructor(
    private readonly client: Pick<WebClient, "users" | "auth">,
    options: SlackDirectoryOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 200;
    this.burst = Math.max(1, options.burst ?? 5);
    this.minIntervalMs = options.minIntervalMs ?? 4_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  async page(cursor: string | undefined): Promise<DirectoryPage> {
    const team = await this.team();
    await this.pace();
    try {
      const answer = await this.client.users.list({ limit: this.pageSize, ...(cursor ? { cursor } : {}) });
      const people = (answer.members ?? []).flatMap((member): DirectoryPerson[] => {
        const email = member.profile?.email?.trim();
        return email && member.id && isFullMember(member, team) ? [{ slackUserId: member.id, email }] : [];
      });
      const next = answer.response_metadata?.next_cursor;
      return { people, ...(next ? { nextCursor: next } : {}) };
    } catch (error) {
      if ((error as { code?: string }).code === ErrorCode.RateLimitedError) {
        throw new DirectoryThrottledError({ cause: error });
      }
      if ((error as { data?: { error?: string } }).data?.error === "invalid_cursor") {
        throw new DirectoryCursorExpiredError({ cause: error });
      }
      throw error;
    }
  }

  /**
   * Call n goes no earlier than (n - burst + 1) intervals after the first: 5 at once, then one every 4 s, which is
   * at most 20 in any minute (Tier 2) and never a wait longer than one interval, well inside the sync's reserve.
   */
  private async pace(): Promise<void> {
    this.firstCallAt ??= this.now();
    const due = this.firstCallAt + Math.max(0, this.calls - this.burst + 1) * this.minIntervalMs;
    this.calls += 1;
    const wait = due - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  /** The bot's own workspace (and Enterprise Grid organization), asked once per run. */
  private team(): Promise<{ teamId?: string; enterpriseId?: string }> {
    this.ownTeam ??= this.client.auth.test().then(
      (answer) => ({
        ...(answer.team_id ? { teamId: answer.team_id } : {}),
        ...(answer.enterprise_id ? { enterpriseId: answer.enterprise_id } : {}),
      }),
      (error: unknown) => {
        this.ownTeam = undefined;
        throw error;
      },
    );
    return this.ownTeam;
  }
}

function isFullMember(member: Member, team: { teamId?: string; enterpriseId?: string }): boolean {
  if (member.deleted || member.is_bot || member.is_app_user || member.id === "USLACKBOT") return false;
  if (member.is_restricted || member.is_ultra_restricted) return false;
  const sameTeam = !team.teamId || !member.team_id || member.team_id === team.teamId;
  const sameEnterprise = Boolean(team.enterpriseId) && member.enterprise_user?.enterprise_id === team.enterpriseId;
  return sameTeam || sameEnterprise;
}
