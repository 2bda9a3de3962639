import { contains, type DigestWeeks } from "./digest-week.js";
import { ACTIVE, AGENT, CHAT, CLI, DistinctUsers, type UserKey, UserNumbers } from "./distinct-users.js";
import { type AiCredits, addActivity, type FeatureUsers, type UsageDay, type UsageReport } from "./usage.js";

/** One row of the reports API's users reports (one user, one day), reduced to what the digest counts. */
export interface UserDayActivity {
  day: string;
  /** The user ID, or the login in a row without one: what counts a user once however many rows name them. */
  userId: UserKey;
  /** The GitHub login, for the per-person summary; may be empty in a row that has only the ID. */
  login: string;
  /** Explicit prompts sent to the model: not the activity test (a completions-only or CLI-only user has 0). */
  interactions: number;
  generations: number;
  acceptances: number;
  /** The `totals_by_feature` entry `code_completion`: inline suggestions shown and accepted. */
  completions: { suggested: number; accepted: number };
  linesAdded: number;
  /** Absent in rows from before AI credits were reported (2026-06). */
  aiCredits?: number;
  languages: Iterable<readonly [string, number]>;
  ides: Iterable<readonly [string, number]>;
  /** `totals_by_feature[].feature` names present in the row. */
  features: readonly string[];
  usedChat: boolean;
  usedAgent: boolean;
  usedCli: boolean;
}

interface DayCounters {
  activeUsers: number;
  generations: number;
  acceptances: number;
  suggestedCompletions: number;
  acceptedCompletions: number;
  linesAdded: number;
  languages: Map<string, number>;
  ides: Map<string, number>;
}

interface GroupTally {
  days: Map<string, DayCounters>;
  week: DistinctUsers;
  previous: DistinctUsers;
  /** Whether a row of each week reported AI credits at all: a week without the field has no figure, not zero. */
  credits: { week: number; previous: number; reportedWeek: boolean; reportedPrevious: boolean };
}

/**
 * Adds up users-report rows, one at a time as they stream in, into the digest weeks' figures per group (the whole
 * organization, or each team). It keeps counters per day and, for distinct counts, a number per user and a byte per
 * numbered user and week, so its memory grows with the number of users, never with the size of the report.
 *
 * Every row is a user who was active that day, whatever its counters say: GitHub writes a row only for a user it saw
 * (a CLI-only or completions-only user, or one seen only through server-side telemetry, has no prompts), and its
 * daily and weekly active users are the distinct rows.
 */
export class UserActivityTally {
  private readonly groups = new Map<string, GroupTally>();
  private readonly coveredDays = new Set<string>();
  /** The day of the last row added, already in `coveredDays`, and which week it is in: rows come day after day. */
  private lastDay?: string;
  private lastDayWeek: "week" | "previous" | undefined;

  /** `users`: numbers shared with another tally of the same rows, so that each row's user is looked up once. */
  constructor(
    private readonly weeks: DigestWeeks,
    private readonly users = new UserNumbers(),
  ) {}

  /** Records that the report had data for this day, so a group without rows that day counts zero, not "unknown". */
  coverDay(day: string): void {
    if (contains(this.weeks.week, day) || contains(this.weeks.previous, day)) this.coveredDays.add(day);
  }

  add(row: UserDayActivity, groups: Iterable<string>): void {
    if (row.day !== this.lastDay) {
      this.lastDay = row.day;
      this.lastDayWeek = contains(this.weeks.week, row.day)
        ? "week"
        : contains(this.weeks.previous, row.day)
          ? "previous"
          : undefined;
      if (this.lastDayWeek) this.coveredDays.add(row.day);
    }
    if (!this.lastDayWeek) return;
    const inWeek = this.lastDayWeek === "week";
    const user = this.users.numberOf(row.userId);
    const features = ACTIVE | (row.usedChat ? CHAT : 0) | (row.usedAgent ? AGENT : 0) | (row.usedCli ? CLI : 0);
    for (const group of groups) this.addTo(this.group(group), row, inWeek, user, features);
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  /** Distinct users of each feature in the digest week and in the week before. */
  adoption(group: string): { week: FeatureUsers; previous: FeatureUsers } {
    const tally = this.groups.get(group);
    const count = (users: DistinctUsers | undefined): FeatureUsers => ({
      activeUsers: users?.count(ACTIVE) ?? 0,
      chatUsers: users?.count(CHAT) ?? 0,
      agentUsers: users?.count(AGENT) ?? 0,
      cliUsers: users?.count(CLI) ?? 0,
    });
    return { week: count(tally?.week), previous: count(tally?.previous) };
  }

  /** AI credits used in the digest week and, when reported, the week before; undefined when the week reported none. */
  aiCredits(group: string): AiCredits | undefined {
    const credits = this.groups.get(group)?.credits;
    if (!credits?.reportedWeek) return undefined;
    return {
      week: roundCredits(credits.week),
      ...(credits.reportedPrevious ? { previous: roundCredits(credits.previous) } : {}),
    };
  }

  /** The group's days over both weeks, with weekly active users on the last day of each week. */
  days(group: string): UsageDay[] {
    const tally = this.groups.get(group);
    return [...this.coveredDays].sort().map((day) => {
      const counters = tally?.days.get(day);
      const usageDay: UsageDay = {
        day,
        dailyActiveUsers: counters?.activeUsers ?? 0,
        generations: counters?.generations ?? 0,
        acceptances: counters?.acceptances ?? 0,
        completions: { suggested: counters?.suggestedCompletions ?? 0, accepted: counters?.acceptedCompletions ?? 0 },
        linesAdded: counters?.linesAdded ?? 0,
        languages: counters?.languages ?? new Map(),
        ides: counters?.ides ?? new Map(),
      };
      if (day === this.weeks.week.last) usageDay.weeklyActiveUsers = tally?.week.count(ACTIVE) ?? 0;
      if (day === this.weeks.previous.last) usageDay.weeklyActiveUsers = tally?.previous.count(ACTIVE) ?? 0;
      return usageDay;
    });
  }

  /** Everything about one group as a usage report of the reports API. */
  report(group: string, scope: UsageReport["scope"]): UsageReport {
    const report: UsageReport = {
      scope,
      source: "reports",
      days: this.days(group),
      adoption: { basis: "week", ...this.adoption(group) },
      notes: [],
    };
    const credits = this.aiCredits(group);
    if (credits) report.aiCredits = credits;
    return report;
  }

  private group(name: string): GroupTally {
    let tally = this.groups.get(name);
    if (!tally) {
      tally = {
        days: new Map(),
        week: new DistinctUsers(),
        previous: new DistinctUsers(),
        credits: { week: 0, previous: 0, reportedWeek: false, reportedPrevious: false },
      };
      this.groups.set(name, tally);
    }
    return tally;
  }

  private addTo(tally: GroupTally, row: UserDayActivity, inWeek: boolean, user: number, features: number): void {
    let counters = tally.days.get(row.day);
    if (!counters) {
      counters = {
        activeUsers: 0,
        generations: 0,
        acceptances: 0,
        suggestedCompletions: 0,
        acceptedCompletions: 0,
        linesAdded: 0,
        languages: new Map(),
        ides: new Map(),
      };
      tally.days.set(row.day, counters);
    }
    counters.activeUsers += 1;
    counters.generations += row.generations;
    counters.acceptances += row.acceptances;
    counters.suggestedCompletions += row.completions.suggested;
    counters.acceptedCompletions += row.completions.accepted;
    counters.linesAdded += row.linesAdded;
    for (const [language, count] of row.languages) addActivity(counters.languages, language, count);
    for (const [ide, count] of row.ides) addActivity(counters.ides, ide, count);

    (inWeek ? tally.week : tally.previous).add(user, features);
    if (row.aiCredits !== undefined) {
      if (inWeek) {
        tally.credits.reportedWeek = true;
        tally.credits.week += row.aiCredits;
      } else {
        tally.credits.reportedPrevious = true;
        tally.credits.previous += row.aiCredits;
      }
    }
  }
}

/** Credits are fractional; sums of many rows drift in binary, so they are kept to two decimals. */
function roundCredits(value: number): number {
  return Math.round(value * 100) / 100;
}
