import { addDays, contains, type DayRange, type DigestWeeks, daysOf, digestWeeks } from "./digest-week.js";
import type { Adoption, AiCredits, MetricsSourceName, UsageDay, UsageReport, UsageScope } from "./usage.js";

/** A figure now and at the point it is compared with; `delta` only when both are known. */
export interface Change {
  current: number;
  previous?: number;
  delta?: number;
}

export interface RankedActivity {
  name: string;
  activity: number;
  /** Percent of the week's activity across every language (or IDE), one decimal. */
  share: number;
}

/**
 * GitHub's "code completion acceptance rate": inline suggestions accepted ÷ shown, as its dashboard computes it, with
 * the broader ratio of all code acceptance to all code generation activity beside it (chat code blocks and
 * insert/copy actions included), which is a different figure and is labelled as such.
 */
export interface AcceptanceFigures {
  accepted: number;
  generated: number;
  /** Percent, one decimal; absent when nothing was generated. */
  rate?: number;
  previousAccepted?: number;
  previousGenerated?: number;
  previousRate?: number;
  /** Percentage points between the two rates as shown. */
  changePoints?: number;
  overall: { accepted: number; generated: number; rate?: number };
}

export interface PullRequestFigures {
  created: number;
  merged: number;
  reviewed: number;
  createdByCopilot?: number;
  reviewedByCopilot?: number;
  /** GitHub reports a median per day, which cannot be combined into a weekly median: the last day's. */
  medianMinutesToMerge?: { day: string; minutes: number };
}

/** Daily active users and acceptance rate per day, for the chart; null where the report has no figure. */
export interface UsageChart {
  range: DayRange;
  days: string[];
  dailyActiveUsers: (number | null)[];
  acceptanceRate: (number | null)[];
}

export interface UsageFigures {
  scope: UsageScope;
  source: MetricsSourceName;
  weeks: DigestWeeks;
  /** The report's last day and the day 7 days earlier, which point figures are compared with. */
  lastDay: string;
  comparisonDay: string;
  dailyActiveUsers: Change;
  weeklyActiveUsers?: Change;
  acceptance: AcceptanceFigures;
  linesAdded: Change;
  adoption?: Adoption;
  /** Distinct chat and agent users in the 28 days ending on the last day. */
  monthlyUsers?: { chat?: number; agent?: number };
  /** Copilot code review users in the 7 days ending on the last day, against the comparison day. */
  codeReview?: { active: Change; passive: Change };
  pullRequests?: Change & { figures: PullRequestFigures; previous?: number };
  /** `delta` with `previous`, when the week before reported AI credits too. */
  aiCredits?: AiCredits & { delta?: number };
  topLanguages: RankedActivity[];
  topIdes: RankedActivity[];
  chart: UsageChart;
  notes: string[];
}

export const TOP_COUNT = 5;
export const CHART_DAYS = 28;

/** `numerator` ÷ `denominator` as a percentage with one decimal (half up); undefined when there is no denominator. */
export function percent(numerator: number, denominator: number): number | undefined {
  if (!(denominator > 0)) return undefined;
  return Math.round((numerator * 1000) / denominator) / 10;
}

function change(current: number, previous: number | undefined): Change {
  return previous === undefined ? { current } : { current, previous, delta: current - previous };
}

function sum(days: readonly UsageDay[], pick: (day: UsageDay) => number): number {
  return days.reduce((total, day) => total + pick(day), 0);
}

function rank(days: readonly UsageDay[], pick: (day: UsageDay) => ReadonlyMap<string, number>): RankedActivity[] {
  const totals = new Map<string, number>();
  for (const day of days) for (const [name, count] of pick(day)) totals.set(name, (totals.get(name) ?? 0) + count);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()]
    .sort(([nameA, a], [nameB, b]) => b - a || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0))
    .slice(0, TOP_COUNT)
    .map(([name, activity]) => ({ name, activity, share: percent(activity, all) ?? 0 }));
}

/**
 * Everything the digest says about usage, computed from a report with at least one day. The week is the 7 days
 * ending on the report's last day; the comparison is the 7 days before.
 */
export function usageFigures(report: UsageReport): UsageFigures {
  const last = report.days.at(-1);
  if (!last) throw new Error("usageFigures needs a report with at least one day.");
  const weeks = digestWeeks(last.day);
  const comparisonDay = addDays(last.day, -7);
  const byDay = new Map(report.days.map((day) => [day.day, day]));
  const week = report.days.filter((day) => contains(weeks.week, day.day));
  const previous = report.days.filter((day) => contains(weeks.previous, day.day));
  const compared = byDay.get(comparisonDay);

  const accepted = sum(week, (d) => d.completions.accepted);
  const generated = sum(week, (d) => d.completions.suggested);
  const overall = { accepted: sum(week, (d) => d.acceptances), generated: sum(week, (d) => d.generations) };
  const overallRate = percent(overall.accepted, overall.generated);
  const acceptance: AcceptanceFigures = {
    accepted,
    generated,
    overall: overallRate === undefined ? overall : { ...overall, rate: overallRate },
  };
  const rate = percent(accepted, generated);
  if (rate !== undefined) acceptance.rate = rate;
  if (previous.length > 0) {
    acceptance.previousAccepted = sum(previous, (d) => d.completions.accepted);
    acceptance.previousGenerated = sum(previous, (d) => d.completions.suggested);
    const previousRate = percent(acceptance.previousAccepted, acceptance.previousGenerated);
    if (previousRate !== undefined) acceptance.previousRate = previousRate;
    // From the rates as shown, so that the reader can check the change against the two figures in the message.
    if (rate !== undefined && previousRate !== undefined) {
      acceptance.changePoints = Math.round((rate - previousRate) * 10) / 10;
    }
  }

  const chartRange = { first: addDays(last.day, -(CHART_DAYS - 1)), last: last.day };
  const chartDays = daysOf(chartRange);
  const figures: UsageFigures = {
    scope: report.scope,
    source: report.source,
    weeks,
    lastDay: last.day,
    comparisonDay,
    dailyActiveUsers: change(last.dailyActiveUsers, compared?.dailyActiveUsers),
    acceptance,
    linesAdded: change(
      sum(week, (d) => d.linesAdded),
      previous.length > 0 ? sum(previous, (d) => d.linesAdded) : undefined,
    ),
    topLanguages: rank(week, (d) => d.languages),
    topIdes: rank(week, (d) => d.ides),
    chart: {
      range: chartRange,
      days: chartDays,
      dailyActiveUsers: chartDays.map((day) => byDay.get(day)?.dailyActiveUsers ?? null),
      acceptanceRate: chartDays.map((day) => {
        const entry = byDay.get(day);
        return entry ? (percent(entry.completions.accepted, entry.completions.suggested) ?? null) : null;
      }),
    },
    notes: report.notes,
  };
  if (last.weeklyActiveUsers !== undefined) {
    figures.weeklyActiveUsers = change(last.weeklyActiveUsers, compared?.weeklyActiveUsers);
  }
  if (report.adoption) figures.adoption = report.adoption;
  if (last.monthlyChatUsers !== undefined || last.monthlyAgentUsers !== undefined) {
    figures.monthlyUsers = {
      ...(last.monthlyChatUsers !== undefined ? { chat: last.monthlyChatUsers } : {}),
      ...(last.monthlyAgentUsers !== undefined ? { agent: last.monthlyAgentUsers } : {}),
    };
  }
  if (last.codeReview) {
    figures.codeReview = {
      active: change(last.codeReview.activeUsers, compared?.codeReview?.activeUsers),
      passive: change(last.codeReview.passiveUsers, compared?.codeReview?.passiveUsers),
    };
  }
  const pullRequests = pullRequestFigures(week, last);
  if (pullRequests) {
    const before = pullRequestFigures(previous, undefined);
    figures.pullRequests = { ...change(pullRequests.created, before?.created), figures: pullRequests };
  }
  if (report.aiCredits) {
    const { week: used, previous: before } = report.aiCredits;
    figures.aiCredits =
      before === undefined
        ? { week: used }
        : { week: used, previous: before, delta: Math.round((used - before) * 100) / 100 };
  }
  return figures;
}

function pullRequestFigures(days: readonly UsageDay[], last: UsageDay | undefined): PullRequestFigures | undefined {
  const reported = days.filter((d) => d.pullRequests);
  if (reported.length === 0) return undefined;
  const total = (pick: (pr: NonNullable<UsageDay["pullRequests"]>) => number | undefined) =>
    reported.reduce((sum, d) => sum + (d.pullRequests ? (pick(d.pullRequests) ?? 0) : 0), 0);
  const figures: PullRequestFigures = {
    created: total((pr) => pr.created),
    merged: total((pr) => pr.merged),
    reviewed: total((pr) => pr.reviewed),
  };
  if (reported.some((d) => d.pullRequests?.createdByCopilot !== undefined)) {
    figures.createdByCopilot = total((pr) => pr.createdByCopilot);
  }
  if (reported.some((d) => d.pullRequests?.reviewedByCopilot !== undefined)) {
    figures.reviewedByCopilot = total((pr) => pr.reviewedByCopilot);
  }
  const median = last?.pullRequests?.medianMinutesToMerge;
  if (last && median !== undefined) figures.medianMinutesToMerge = { day: last.day, minutes: median };
  return figures;
}
