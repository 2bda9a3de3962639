import { mapWithConcurrency } from "../bounded-concurrency.js";
import { type DigestWeeks, daysOf, digestWeeks, isDay } from "../digest/digest-week.js";
import { type UserKey, UserNumbers } from "../digest/distinct-users.js";
import { PersonalUsageTally } from "../digest/personal-usage.js";
import {
  addActivity,
  normalizeDays,
  type PullRequestDay,
  type TeamUsageResult,
  type UsageDay,
  type UsageReport,
  type UsageResult,
  type UsageScope,
} from "../digest/usage.js";
import { UserActivityTally, type UserDayActivity } from "../digest/user-activity-tally.js";
import { count, entries, isObject, type Json } from "./lenient-json.js";
import type { GitHubClient } from "./octokit.js";
import { type ReportDownloader, ReportLinkExpiredError } from "./report-download.js";

export type ReportOwner = { kind: "organization"; organization: string } | { kind: "enterprise"; enterprise: string };

export type ReportName =
  | "organization-28-day"
  | "enterprise-28-day"
  | "users-28-day"
  | "users-1-day"
  | "user-teams-1-day";

export interface ReportLinks {
  downloadLinks: string[];
  startDay?: string;
  endDay?: string;
  day?: string;
}

/** GitHub leaves teams with fewer than five seated members out of its own team figures; so does the digest. */
export const MIN_TEAM_MEMBERS = 5;

const DAYS_AT_ONCE = 4;

const text = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";

/** The `totals_by_feature` entry `code_completion`: what GitHub's dashboard counts as code completions. */
function completionsOf(raw: Json): { suggested: number; accepted: number } {
  const totals = { suggested: 0, accepted: 0 };
  for (const entry of entries(raw.totals_by_feature)) {
    if (entry.feature !== "code_completion") continue;
    totals.suggested += count(entry.code_generation_activity_count);
    totals.accepted += count(entry.code_acceptance_activity_count);
  }
  return totals;
}

const optionalCount = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? count(value) : undefined;

function pullRequestsOf(raw: unknown): PullRequestDay | undefined {
  if (!isObject(raw)) return undefined;
  const day: PullRequestDay = {
    created: count(raw.total_created),
    merged: count(raw.total_merged),
    reviewed: count(raw.total_reviewed),
  };
  const createdByCopilot = optionalCount(raw.total_created_by_copilot);
  if (createdByCopilot !== undefined) day.createdByCopilot = createdByCopilot;
  const reviewedByCopilot = optionalCount(raw.total_reviewed_by_copilot);
  if (reviewedByCopilot !== undefined) day.reviewedByCopilot = reviewedByCopilot;
  const median = optionalCount(raw.median_minutes_to_merge);
  if (median !== undefined) day.medianMinutesToMerge = median;
  return day;
}

/**
 * One `day_totals[]` entry of an organization or enterprise report. Parsed leniently: GitHub adds fields over time,
 * and an unknown or malformed field must never fail the digest, so what is not understood is left out.
 */
export function usageDayFromReport(raw: unknown): UsageDay | undefined {
  if (!isObject(raw) || !isDay(raw.day)) return undefined;
  const languages = new Map<string, number>();
  for (const entry of entries(raw.totals_by_language_feature)) {
    addActivity(languages, text(entry.language), count(entry.code_generation_activity_count));
  }
  const ides = new Map<string, number>();
  for (const entry of entries(raw.totals_by_ide))
    addActivity(ides, text(entry.ide), count(entry.code_generation_activity_count));
  const day: UsageDay = {
    day: raw.day,
    dailyActiveUsers: count(raw.daily_active_users),
    generations: count(raw.code_generation_activity_count),
    acceptances: count(raw.code_acceptance_activity_count),
    completions: completionsOf(raw),
    linesAdded: count(raw.loc_added_sum),
    languages,
    ides,
  };
  const weekly = optionalCount(raw.weekly_active_users);
  if (weekly !== undefined) day.weeklyActiveUsers = weekly;
  const monthlyChat = optionalCount(raw.monthly_active_chat_users);
  if (monthlyChat !== undefined) day.monthlyChatUsers = monthlyChat;
  const monthlyAgent = optionalCount(raw.monthly_active_agent_users);
  if (monthlyAgent !== undefined) day.monthlyAgentUsers = monthlyAgent;
  // Code review users were added in 2026-04; a day without them says nothing, rather than zero.
  const reviewActive = optionalCount(raw.weekly_active_copilot_code_review_users);
  const reviewPassive = optionalCount(raw.weekly_passive_copilot_code_review_users);
  if (reviewActive !== undefined || reviewPassive !== undefined) {
    day.codeReview = { activeUsers: reviewActive ?? 0, passiveUsers: reviewPassive ?? 0 };
  }
  const pullRequests = pullRequestsOf(raw.pull_requests);
  if (pullRequests) day.pullRequests = pullRequests;
  return day;
}

/**
 * Days already checked with `isDay`, each kept as one string: a users report repeats the same 28 days a million
 * times. One lookup is cheaper than the pattern and the date parse, and the tallies' own lookups by the kept string
 * then find it at once instead of comparing a fresh copy. Bounded, so that made-up days cannot grow it for ever.
 */
const checkedDays = new Map<string, string>();
const CHECKED_DAYS_KEPT = 4096;

function reportDayOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const known = checkedDays.get(value);
  if (known !== undefined) return known;
  if (!isDay(value)) return undefined;
  if (checkedDays.size < CHECKED_DAYS_KEPT) checkedDays.set(value, value);
  return value;
}

/**
 * The user a row (or a user-teams entry) names: its `user_id`, or its `user_login` when it has none; undefined when
 * it has neither. A text that reads as a number becomes that number, so that the ID 130 and "130" stay one user.
 */
export function userKeyOf(userId: unknown, login: unknown): UserKey | undefined {
  const key = keyOf(userId);
  return key !== undefined ? key : keyOf(login);
}

function keyOf(value: unknown): UserKey | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value === "") return undefined;
  const number = Number(value);
  return String(number) === value ? number : value;
}

/** One row of a users report (one user, one day), leniently, like `usageDayFromReport`. */
export function userDayFromReport(raw: unknown): UserDayActivity | undefined {
  if (!isObject(raw)) return undefined;
  const day = reportDayOf(raw.day);
  if (day === undefined) return undefined;
  const userId = userKeyOf(raw.user_id, raw.user_login);
  if (userId === undefined) return undefined;
  // Plain loops over the breakdowns: a row is read once, and a report has a million of them.
  const languages: [string, number][] = [];
  const byLanguage = raw.totals_by_language_feature;
  if (Array.isArray(byLanguage)) {
    for (const entry of byLanguage) {
      if (isObject(entry)) languages.push([text(entry.language), count(entry.code_generation_activity_count)]);
    }
  }
  const ides: [string, number][] = [];
  const byIde = raw.totals_by_ide;
  if (Array.isArray(byIde)) {
    for (const entry of byIde) {
      if (isObject(entry)) ides.push([text(entry.ide), count(entry.code_generation_activity_count)]);
    }
  }
  const features: string[] = [];
  const completions = { suggested: 0, accepted: 0 };
  const byFeature = raw.totals_by_feature;
  if (Array.isArray(byFeature)) {
    for (const entry of byFeature) {
      if (!isObject(entry)) continue;
      const feature = text(entry.feature);
      if (feature) features.push(feature);
      if (entry.feature !== "code_completion") continue;
      completions.suggested += count(entry.code_generation_activity_count);
      completions.accepted += count(entry.code_acceptance_activity_count);
    }
  }
  const row: UserDayActivity = {
    day,
    userId,
    login: text(raw.user_login),
    interactions: count(raw.user_initiated_interaction_count),
    generations: count(raw.code_generation_activity_count),
    acceptances: count(raw.code_acceptance_activity_count),
    completions,
    linesAdded: count(raw.loc_added_sum),
    languages,
    ides,
    features,
    usedChat: raw.used_chat === true,
    usedAgent: raw.used_agent === true,
    usedCli: raw.used_cli === true,
  };
  if (typeof raw.ai_credits_used === "number" && Number.isFinite(raw.ai_credits_used)) {
    row.aiCredits = Math.max(0, raw.ai_credits_used);
  }
  return row;
}

/**
 * GitHub's Copilot usage metrics reports API: each endpoint answers with pre-signed links to NDJSON files, which
 * the downloader streams. A link that has expired by the time it is fetched is replaced by a fresh one, once.
 */
export class CopilotMetricsReports {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly downloader: ReportDownloader,
    private readonly owner: ReportOwner,
  ) {}

  /** The links to a report; undefined when GitHub has none (204). */
  async links(report: ReportName, day?: string): Promise<ReportLinks | undefined> {
    const latest = report.endsWith("-28-day") ? "/latest" : "";
    const response =
      this.owner.kind === "organization"
        ? await this.octokit.request(`GET /orgs/{org}/copilot/metrics/reports/${report}${latest}`, {
            org: this.owner.organization,
            ...(day ? { day } : {}),
          })
        : await this.octokit.request(`GET /enterprises/{enterprise}/copilot/metrics/reports/${report}${latest}`, {
            enterprise: this.owner.enterprise,
            ...(day ? { day } : {}),
          });
    if (response.status === 204 || !isObject(response.data)) return undefined;
    const data = response.data;
    const links: ReportLinks = {
      downloadLinks: Array.isArray(data.download_links) ? data.download_links.filter((l) => typeof l === "string") : [],
    };
    if (isDay(data.report_start_day)) links.startDay = data.report_start_day;
    if (isDay(data.report_end_day)) links.endDay = data.report_end_day;
    if (isDay(data.report_day)) links.day = data.report_day;
    return links;
  }

  /**
   * Every record of a report, file after file. The links are fetched first; if the storage host refuses one as
   * expired, fresh links are asked for once and the download goes on from the same file. `known` saves asking for
   * links the caller already has.
   */
  async *records(report: ReportName, day?: string, known?: ReportLinks): AsyncGenerator<unknown> {
    for await (const batch of this.recordBatches(report, day, known)) yield* batch;
  }

  /**
   * The records of `records`, in the downloader's batches, for reading a report of a million rows at full speed.
   * Read each batch before asking for the next.
   */
  async *recordBatches(report: ReportName, day?: string, known?: ReportLinks): AsyncGenerator<Iterable<unknown>> {
    let links = known ?? (await this.links(report, day));
    if (!links) return;
    let refreshed = false;
    for (let index = 0; index < links.downloadLinks.length; index++) {
      const link = links.downloadLinks[index] as string;
      let started = false;
      try {
        for await (const batch of this.downloader.recordBatches(link)) {
          started = true;
          yield batch;
        }
      } catch (error) {
        // An expired link is refused before the first byte, so nothing of this file has been counted yet.
        if (!(error instanceof ReportLinkExpiredError) || refreshed || started) throw error;
        refreshed = true;
        const fresh = await this.links(report, day);
        if (!fresh || fresh.downloadLinks.length !== links.downloadLinks.length) {
          throw new Error(`The ${report} report changed while it was being downloaded; the next run will try again.`);
        }
        links = fresh;
        index -= 1;
      }
    }
  }

  /**
   * The organization's (or enterprise's) 28-day usage: the days from its report, and chat, agent and CLI adoption
   * over the digest weeks from the users report.
   */
  async usage(scope: UsageScope): Promise<UsageResult> {
    const report = this.owner.kind === "organization" ? "organization-28-day" : "enterprise-28-day";
    const links = await this.links(report);
    if (!links) return { kind: "no-data", scope, source: "reports", detail: `GitHub has no ${report} report yet` };
    const days: UsageDay[] = [];
    for await (const record of this.records(report, undefined, links)) {
      if (!isObject(record)) continue;
      for (const entry of entries(record.day_totals)) {
        const day = usageDayFromReport(entry);
        if (day) days.push(day);
      }
    }
    const ordered = normalizeDays(days);
    const last = ordered.at(-1);
    if (!last) return { kind: "no-data", scope, source: "reports", detail: `the ${report} report has no days yet` };

    const usage: UsageReport = { scope, source: "reports", days: ordered, notes: [] };
    const users = new UserNumbers();
    const tally = new UserActivityTally(digestWeeks(last.day), users);
    // Per-person summaries are kept for the organization only: an enterprise's people are its organizations' too.
    const people =
      this.owner.kind === "organization"
        ? new PersonalUsageTally(
            links.startDay && links.endDay ? { first: links.startDay, last: links.endDay } : undefined,
            users,
          )
        : undefined;
    let rows = 0;
    try {
      const all = ["all"];
      for await (const batch of this.recordBatches("users-28-day")) {
        for (const record of batch) {
          const row = userDayFromReport(record);
          if (!row) continue;
          rows += 1;
          tally.add(row, all);
          people?.add(row);
        }
      }
    } catch (error) {
      // The users report only adds adoption; GitHub refusing it must neither sink the digest nor, as a 404, pass
      // for the whole reports API being gone.
      const status = (error as { status?: unknown }).status;
      if (status !== 403 && status !== 404) throw error;
      usage.notes.push(`Chat, agent and CLI adoption: GitHub did not give the users report (HTTP ${status}).`);
      return { kind: "usage", report: usage };
    }
    if (rows > 0) {
      usage.adoption = { basis: "week", ...tally.adoption("all") };
      const credits = tally.aiCredits("all");
      if (credits) usage.aiCredits = credits;
      if (people) usage.people = people;
    } else usage.notes.push("Chat, agent and CLI adoption: the users report has no data yet.");
    return { kind: "usage", report: usage };
  }

  /**
   * Team figures for the digest weeks: each day's users report joined with that day's user-teams report on the
   * user ID. Only the configured teams' memberships are kept.
   */
  async teamUsage(slugs: readonly string[], weeks: DigestWeeks): Promise<Map<string, TeamUsageResult>> {
    if (this.owner.kind !== "organization") throw new Error("Team digests exist for organizations only.");
    const organization = this.owner.organization;
    const wanted = new Set(slugs.map((slug) => slug.toLowerCase()));
    const tally = new UserActivityTally(weeks);
    const members = new Map<string, Set<UserKey>>([...wanted].map((slug) => [slug, new Set<UserKey>()]));

    const tallyDay = async (day: string) => {
      // A day without its memberships is a day without team figures, not a day on which the teams did nothing.
      const teamLinks = await this.links("user-teams-1-day", day);
      if (!teamLinks) return;
      const teamsOf = new Map<UserKey, string[]>();
      for await (const record of this.records("user-teams-1-day", day, teamLinks)) {
        if (!isObject(record)) continue;
        const slug = text(record.slug).toLowerCase();
        const userId = userKeyOf(record.user_id, record.user_login);
        if (!wanted.has(slug) || userId === undefined) continue;
        teamsOf.set(userId, [...(teamsOf.get(userId) ?? []), slug]);
        if (day >= weeks.week.first) members.get(slug)?.add(userId);
      }
      const links = await this.links("users-1-day", day);
      if (!links) return;
      tally.coverDay(day);
      for await (const batch of this.recordBatches("users-1-day", day, links)) {
        for (const record of batch) {
          const row = userDayFromReport(record);
          const teams = row ? teamsOf.get(row.userId) : undefined;
          if (row && teams) tally.add(row, teams);
        }
      }
    };
    // A few days at a time: faster than one by one, and far below GitHub's limit on concurrent requests. Each day's
    // memberships stay with that day's rows; the tally itself is only ever touched between awaits.
    await mapWithConcurrency(daysOf({ first: weeks.previous.first, last: weeks.week.last }), DAYS_AT_ONCE, tallyDay);

    const results = new Map<string, TeamUsageResult>();
    for (const slug of wanted) {
      const size = members.get(slug)?.size ?? 0;
      results.set(
        slug,
        size < MIN_TEAM_MEMBERS
          ? {
              kind: "left-out",
              reason: `${size} member(s) in the user-teams reports of the digest week, fewer than ${MIN_TEAM_MEMBERS}`,
            }
          : { kind: "usage", report: tally.report(slug, { kind: "team", name: slug, organization }) },
      );
    }
    return results;
  }
}
