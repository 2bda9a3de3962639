import type { DigestWeeks } from "./digest-week.js";
import type { PersonalUsageTally } from "./personal-usage.js";

/** Where usage figures came from: GitHub's current reports API, or one of the two older metrics APIs. */
export const METRICS_SOURCES = ["reports", "metrics", "usage"] as const;
export type MetricsSourceName = (typeof METRICS_SOURCES)[number];

export const SOURCE_LABELS: Record<MetricsSourceName, string> = {
  reports: "Copilot usage metrics reports",
  metrics: "Copilot metrics API (/copilot/metrics)",
  usage: "Copilot usage API (/copilot/usage)",
};

export type UsageScope =
  | { kind: "organization"; name: string }
  | { kind: "enterprise"; name: string }
  | { kind: "team"; name: string; organization: string };

/**
 * One day of Copilot usage, the same whichever API it came from. "Activity" is code generation activity: the
 * reports API's `code_generation_activity_count`, the older APIs' suggestions shown.
 */
export interface UsageDay {
  day: string;
  dailyActiveUsers: number;
  /** Distinct active users in the 7 days ending on this day. Only the reports API (or a tally of its users) has it. */
  weeklyActiveUsers?: number;
  /** Every code generation and acceptance, chat code blocks and insert/copy actions included. */
  generations: number;
  acceptances: number;
  /**
   * Inline code completions only: suggestions shown and accepted. GitHub's dashboard computes its "code completion
   * acceptance rate" from these (the reports' `totals_by_feature` entry `code_completion`); the older APIs counted
   * nothing else, so for them these equal `generations` and `acceptances`.
   */
  completions: { suggested: number; accepted: number };
  /** Lines of code added with Copilot (reports: `loc_added_sum`; older APIs: lines accepted). */
  linesAdded: number;
  /** Activity by language and by IDE. */
  languages: ReadonlyMap<string, number>;
  ides: ReadonlyMap<string, number>;
  /** Distinct users of chat and of agent mode in the 28 days ending on this day (reports API only). */
  monthlyChatUsers?: number;
  monthlyAgentUsers?: number;
  /** Copilot code review users in the 7 days ending on this day (reports, since 2026-04). */
  codeReview?: { activeUsers: number; passiveUsers: number };
  /** Pull request figures of the day (reports API only). */
  pullRequests?: PullRequestDay;
}

export interface PullRequestDay {
  created: number;
  merged: number;
  reviewed: number;
  createdByCopilot?: number;
  reviewedByCopilot?: number;
  medianMinutesToMerge?: number;
}

/** How many of the active users used chat, agent mode and the CLI; a figure is absent when the source lacks it. */
export interface FeatureUsers {
  activeUsers: number;
  chatUsers?: number;
  agentUsers?: number;
  cliUsers?: number;
}

export type Adoption =
  /** Distinct users over each week, from the users report. */
  | { basis: "week"; week: FeatureUsers; previous: FeatureUsers }
  /** The older APIs count per day only: the last day of the report. */
  | { basis: "day"; day: string; users: FeatureUsers };

export interface UsageReport {
  scope: UsageScope;
  source: MetricsSourceName;
  /** Ascending by day, one entry per day. */
  days: UsageDay[];
  adoption?: Adoption;
  /** AI credits used by the scope's users in the digest week and the week before (users report, since 2026-06). */
  aiCredits?: AiCredits;
  /** Each person's last 28 days, from the organization's users report; kept privately, never posted. */
  people?: PersonalUsageTally;
  /** Why a part of the digest is missing (e.g. "the users report has no data yet"), in plain words. */
  notes: string[];
}

export interface AiCredits {
  week: number;
  /** Absent when no row of the week before reported AI credits: there is nothing to compare with, not zero. */
  previous?: number;
}

export type UsageResult =
  | { kind: "usage"; report: UsageReport }
  | { kind: "no-data"; scope: UsageScope; source: MetricsSourceName; detail: string };

/** A team's figures, or why the team was left out of the team digests. */
export type TeamUsageResult = { kind: "usage"; report: UsageReport } | { kind: "left-out"; reason: string };

export interface UsageSource {
  /** Usage of the organization (or the enterprise); throws `DigestAccessError` when GitHub refuses. */
  usage(scope: "organization" | "enterprise"): Promise<UsageResult>;
  /** Usage per team slug, for the digest weeks, from the same source the organization's usage came from. */
  teamUsage(
    slugs: readonly string[],
    weeks: DigestWeeks,
    source: MetricsSourceName,
  ): Promise<Map<string, TeamUsageResult>>;
}

/** Sums counts by name into `into`. */
export function addActivity(into: Map<string, number>, name: string, count: number): void {
  if (!name || !(count > 0)) return;
  into.set(name, (into.get(name) ?? 0) + count);
}

/** Orders days and keeps one entry per day (the last one seen), so repeated pages cannot count a day twice. */
export function normalizeDays(days: Iterable<UsageDay>): UsageDay[] {
  const byDay = new Map<string, UsageDay>();
  for (const day of days) byDay.set(day.day, day);
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
