import { addDays } from "./digest-week.js";
import type { MetricsSourceName, UsageScope } from "./usage.js";
import { percent, type UsageFigures } from "./usage-figures.js";

/** How many weeks the trend shows, and how far back "the change" looks. */
export const TREND_WEEKS = 12;
export const CHANGE_WEEKS_BACK = 4;
/** Stored weeks read for the trend: room for the extra weeks of digests run by hand between the scheduled ones. */
export const TREND_WEEKS_READ = 2 * TREND_WEEKS;

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
 * How far a stored week's last day may be from a slot's and still fill it. The last day a report covers moves a
 * little from week to week (GitHub's reports come a day or two later some weeks; an admin may run the digest by hand
 * mid-week), and the slots are a week apart, so each stored week fills at most one.
 */
const WEEK_SLOT_DAYS = 3;

/** Of the stored weeks, the one whose last day is nearest `day`, within `WEEK_SLOT_DAYS`; the later one on a tie. */
function weekNear(day: string, weeks: readonly StoredWeek[]): StoredWeek | undefined {
  let nearest: { week: StoredWeek; gap: number } | undefined;
  for (const week of weeks) {
    const gap = Math.abs(Date.parse(week.weekEnding) - Date.parse(day)) / 86_400_000;
    if (gap <= WEEK_SLOT_DAYS && (!nearest || gap <= nearest.gap)) nearest = { week, gap };
  }
  return nearest?.week;
}

/**
 * The trend part of a digest from the stored weeks (this one included, oldest first). The chart has a slot for each
 * of the 12 weeks ending with this one, so a week the digest did not run shows as a gap, not as a shorter axis.
 */
export function historyPart(current: StoredWeek, stored: readonly StoredWeek[]): HistoryPart {
  const earlier = stored.filter((w) => w.weekEnding < current.weekEnding);
  if (earlier.length === 0) return { kind: "first-week", current };
  const weekEndings = Array.from({ length: TREND_WEEKS }, (_, i) =>
    addDays(current.weekEnding, -7 * (TREND_WEEKS - 1 - i)),
  );
  const slots = weekEndings.map((day) => (day === current.weekEnding ? current : weekNear(day, earlier)));
  const part: HistoryPart = {
    kind: "trend",
    current,
    storedWeeks: slots.filter(Boolean).length,
    chart: {
      weekEndings,
      weeklyActiveUsers: slots.map((week) => week?.weeklyActiveUsers ?? null),
      acceptanceRate: slots.map((week) => (week ? (completionRate(week) ?? null) : null)),
    },
  };
  const back = slots[TREND_WEEKS - 1 - CHANGE_WEEKS_BACK];
  if (back) part.fourWeeksAgo = back;
  return part;
}
