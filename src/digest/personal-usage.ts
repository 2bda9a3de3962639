import { percent } from "./usage-figures.js";
import type { UserDayActivity } from "./user-activity-tally.js";

/** How long a summary is kept: a little longer than a week between digests, so the latest run's is always there. */
export const PERSONAL_SUMMARY_DAYS = 35;

/**
 * One person's last 28 days of Copilot use, from the users report, for the holder of the seat ("am I using it
 * well?") and for admins. Never posted in a channel.
 */
export interface PersonalSummary {
  login: string;
  /** The report's range: the 28 days the summary covers. */
  range: { first: string; last: string };
  activeDays: number;
  lastActiveDay: string;
  /** `totals_by_feature` names used, most used first (code_completion, chat_panel_agent_mode, …). */
  features: string[];
  ides: string[];
  completions: { suggested: number; accepted: number };
  /** GitHub's code completion acceptance rate for this person; absent without inline suggestions. */
  acceptanceRate?: number;
  usedChat: boolean;
  usedAgent: boolean;
  usedCli: boolean;
  /** Absent when the report carried no `ai_credits_used` for this person. */
  aiCredits?: number;
  /** When the digest computed it (ISO instant). */
  storedAt: string;
}

export interface PersonalUsageStore {
  /** Replaces everyone's summary; each expires `PERSONAL_SUMMARY_DAYS` after `storedAt`. */
  saveSummaries(summaries: readonly PersonalSummary[]): Promise<void>;
}

export interface PersonalUsageReader {
  summaryOf(login: string): Promise<PersonalSummary | undefined>;
}

interface Accumulator {
  login: string;
  days: Set<string>;
  lastActiveDay: string;
  features: Map<string, number>;
  ides: Map<string, number>;
  suggested: number;
  accepted: number;
  usedChat: boolean;
  usedAgent: boolean;
  usedCli: boolean;
  credits?: number;
}

const byUse = (counts: ReadonlyMap<string, number>) =>
  [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name);

/**
 * Adds up the users report per person as it streams. Memory grows with the number of people (a few hundred bytes
 * each: about 15 MB for 50,000), never with the size of the report. Rows without a login are left out: the summary
 * is found by GitHub login.
 */
export class PersonalUsageTally {
  private readonly people = new Map<string, Accumulator>();
  private first?: string;
  private last?: string;

  /** `range`: the report's own days, when GitHub gave them; otherwise the days seen. */
  constructor(private readonly range?: { first: string; last: string }) {}

  add(row: UserDayActivity): void {
    if (!row.login) return;
    const key = row.login.toLowerCase();
    let person = this.people.get(key);
    if (!person) {
      person = {
        login: row.login,
        days: new Set(),
        lastActiveDay: row.day,
        features: new Map(),
        ides: new Map(),
        suggested: 0,
        accepted: 0,
        usedChat: false,
        usedAgent: false,
        usedCli: false,
      };
      this.people.set(key, person);
    }
    // Every row is a day the person was active, prompts or not.
    person.days.add(row.day);
    if (row.day > person.lastActiveDay) person.lastActiveDay = row.day;
    for (const feature of row.features) person.features.set(feature, (person.features.get(feature) ?? 0) + 1);
    for (const [ide] of row.ides) if (ide) person.ides.set(ide, (person.ides.get(ide) ?? 0) + 1);
    person.suggested += row.completions.suggested;
    person.accepted += row.completions.accepted;
    person.usedChat ||= row.usedChat;
    person.usedAgent ||= row.usedAgent;
    person.usedCli ||= row.usedCli;
    if (row.aiCredits !== undefined) person.credits = (person.credits ?? 0) + row.aiCredits;
    if (!this.first || row.day < this.first) this.first = row.day;
    if (!this.last || row.day > this.last) this.last = row.day;
  }

  get size(): number {
    return this.people.size;
  }

  /** Everyone's summary. */
  summaries(storedAt: string): PersonalSummary[] {
    const covered = this.range ?? { first: this.first ?? "", last: this.last ?? "" };
    return [...this.people.values()].map((p) => {
      const summary: PersonalSummary = {
        login: p.login,
        range: covered,
        activeDays: p.days.size,
        lastActiveDay: p.lastActiveDay,
        features: byUse(p.features),
        ides: byUse(p.ides),
        completions: { suggested: p.suggested, accepted: p.accepted },
        usedChat: p.usedChat,
        usedAgent: p.usedAgent,
        usedCli: p.usedCli,
        storedAt,
      };
      const rate = percent(p.accepted, p.suggested);
      if (rate !== undefined) summary.acceptanceRate = rate;
      if (p.credits !== undefined) summary.aiCredits = Math.round(p.credits * 100) / 100;
      return summary;
    });
  }
}
