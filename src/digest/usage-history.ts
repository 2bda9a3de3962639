import { addDays } from "./digest-week.js";
import type { MetricsSourceName, UsageScope } from "./usage.js";
import { percent, type UsageFigures } from "./usage-figures.js";

/** How many weeks the trend shows, and how far back "the change" looks. */
export const TREND_WEEKS = 12;
export const CHANGE_WEEKS_BACK = 4;

/**
 * One digest week's headline figures, as stored after each run. GitHub's reports keep 28 days; these are what the
 * digest remembers beyond that, so they are the figures people compare over months, by GitHub's definitions.
 */
export interface StoredWeek {
  /** The week's last day (`YYYY-MM-DD`); the week is the 7 days ending on it. */
  weekEnding: string;
  source: MetricsSourceName;
  weeklyActiveUsers?: number;
  dailyActiveUsers: number;
  /** Inline code completions in the week: GitHub's code completion acceptance rate is accepted ÷ suggested. */
  completionsSuggested: number;
  completionsAccepted: number;
  linesAdded: number;
  aiCredits?: number;
  /** When this run stored the week (ISO instant); a later run for the same week replaces it. */
  storedAt: string;
}

export interface UsageHistory {
  /** Stores (or replaces) one scope's week. */
  recordWeek(scope: UsageScope, week: StoredWeek): Promise<void>;
  /** The scope's stored weeks ending on or before `lastWeekEnding`, at most `count`, oldest first. */
  recentWeeks(scope: UsageScope, count: number, lastWeekEnding?: string): Promise<StoredWeek[]>;
}

/** The one spelling of a scope in storage and in commands: `organization:acme`, `team:acme/web`, `enterprise:x`. */
export function scopeKey(scope: UsageScope): string {
  if (scope.kind === "team") return `team:${scope.organization.toLowerCase()}/${scope.name.toLowerCase()}`;
  return `${scope.kind}:${scope.name.toLowerCase()}`;
}

export function completionRate(week: Pick<StoredWeek, "completionsAccepted" | "completionsSuggested">) {
  return percent(week.completionsAccepted, week.completionsSuggested);
}

export function storedWeekOf(figures: UsageFigures, storedAt: string): StoredWeek {
  const week: StoredWeek = {
    weekEnding: figures.weeks.week.last,
    source: figures.source,
    dailyActiveUsers: figures.dailyActiveUsers.current,
    completionsSuggested: figures.acceptance.generated,
    completionsAccepted: figures.acceptance.accepted,
    linesAdded: figures.linesAdded.current,
    storedAt,
  };
  if (figures.weeklyActiveUsers) week.weeklyActiveUsers = figures.weeklyActiveUsers.current;
  if (figures.aiCredits) week.aiCredits = figures.aiCredits.week;
  return week;
}

/** Weekly active users and code completion acceptance rate per week, for the trend chart; null for a missing week. */
export interface TrendChart {
  weekEndings: string[];
  weeklyActiveUsers: (number | null)[];
  acceptanceRate: (number | null)[];
}

export type HistoryPart =
  /** Stored weeks including this one, and the change against the week 4 weeks before when that one is stored. */
  | {
      kind: "trend";
      current: StoredWeek;
      storedWeeks: number;
      fourWeeksAgo?: StoredWeek;
      chart: TrendChart;
    }
  /** This run stored its week, and there is nothing earlier to compare with. */
  | { kind: "first-week"; current: StoredWeek }
  | { kind: "unavailable"; reason: string };

/**
 * The trend part of a digest from the stored weeks (this one included, oldest first). The chart has a slot for each
 * of the 12 weeks ending with this one, so a week the digest did not run shows as a gap, not as a shorter axis.
 */
export function historyPart(current: StoredWeek, stored: readonly StoredWeek[]): HistoryPart {
  const earlier = stored.filter((w) => w.weekEnding < current.weekEnding);
  if (earlier.length === 0) return { kind: "first-week", current };
  const byEnding = new Map([...stored, current].map((w) => [w.weekEnding, w]));
  const weekEndings = Array.from({ length: TREND_WEEKS }, (_, i) =>
    addDays(current.weekEnding, -7 * (TREND_WEEKS - 1 - i)),
  );
  const part: HistoryPart = {
    kind: "trend",
    current,
    storedWeeks: weekEndings.filter((day) => byEnding.has(day)).length,
    chart: {
      weekEndings,
      weeklyActiveUsers: weekEndings.map((day) => byEnding.get(day)?.weeklyActiveUsers ?? null),
      acceptanceRate: weekEndings.map((day) => {
        const week = byEnding.get(day);
        return week ? (completionRate(week) ?? null) : null;
      }),
    },
  };
  const back = byEnding.get(addDays(current.weekEnding, -7 * CHANGE_WEEKS_BACK));
  if (back) part.fourWeeksAgo = back;
  return part;
}
