import { UserNumbers } from "./distinct-users.js";
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
  /** The login in lower case: what finds the summary. */
  key: string;
  /** Bit `i` set: the person was active on the tally's day number `i` (below `DAY_BITS`). */
  dayBits: number;
  /** Day numbers from `DAY_BITS` on, for a report that spans more days than the 28 it should. */
  moreDays?: Set<number>;
  lastActiveDay: string;
  /** Rows naming each feature (or IDE), indexed by the tally's number for the name. */
  features: number[];
  ides: number[];
  suggested: number;
  accepted: number;
  usedChat: boolean;
  usedAgent: boolean;
  usedCli: boolean;
  credits?: number;
}

/** Day bits kept in one small integer: below 31, so the number stays one V8 keeps without a box. */
const DAY_BITS = 30;

/** Names (of days, features, IDEs) numbered in the order they are first seen, each kept as one string. */
class Names {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();
  private lastName?: string;
  private lastNumber = 0;

  numberOf(name: string): number {
    // Rows in a row mostly name the same day, feature and IDE: comparing with the last name is cheaper than hashing.
    if (name === this.lastName) return this.lastNumber;
    let number = this.numbers.get(name);
    if (number === undefined) {
      number = this.names.length;
      this.numbers.set(name, number);
      this.names.push(name);
    }
    this.lastName = name;
    this.lastNumber = number;
    return number;
  }
}

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

/** Names with their counts, most counted first, then by name; names never counted are left out. */
function byUse(counts: readonly number[], names: readonly string[]): string[] {
  const used: [string, number][] = [];
  counts.forEach((count, number) => {
    if (count > 0) used.push([names[number] as string, count]);
  });
  return used.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name);
}

/**
 * Adds up the users report per person as it streams. Memory grows with the number of people (a few hundred bytes
 * each: about 15 MB for 50,000), never with the size of the report: a person's active days are bits of one number,
 * their features and IDEs counts in small arrays indexed by name numbers shared by everyone. Rows without a login
 * are left out: the summary is found by GitHub login.
 */
export class PersonalUsageTally {
  private readonly people = new Map<string, Accumulator>();
  /** The person of each numbered user's last row: a lookup by number instead of by login on most rows. */
  private readonly byUser: (Accumulator | undefined)[] = [];
  private readonly days = new Names();
  private readonly features = new Names();
  private readonly ides = new Names();
  private first?: string;
  private last?: string;

  /**
   * `range`: the report's own days, when GitHub gave them; otherwise the days seen. `users`: numbers shared with
   * another tally of the same rows, so that each row's user is looked up once.
   */
  constructor(
    private readonly range?: { first: string; last: string },
    private readonly users = new UserNumbers(),
  ) {}

  add(row: UserDayActivity): void {
    if (!row.login) return;
    const dayNumber = this.days.numberOf(row.day);
    // The tally's own copy of the day, so that people keep no string of the row.
    const day = this.days.names[dayNumber] as string;
    const user = this.users.numberOf(row.userId);
    let person = this.byUser[user];
    // The login decides whose summary a row adds to; the user's number only remembers where the last row went.
    if (person === undefined || (person.login !== row.login && person.key !== row.login.toLowerCase())) {
      person = this.person(row.login, day);
      this.byUser[user] = person;
    }
    // Every row is a day the person was active, prompts or not.
    if (dayNumber < DAY_BITS) person.dayBits |= 1 << dayNumber;
    else {
      person.moreDays ??= new Set();
      person.moreDays.add(dayNumber);
    }
    if (day > person.lastActiveDay) person.lastActiveDay = day;
    for (const feature of row.features) {
      const number = this.features.numberOf(feature);
      person.features[number] = (person.features[number] ?? 0) + 1;
    }
    for (const [ide] of row.ides) {
      if (!ide) continue;
      const number = this.ides.numberOf(ide);
      person.ides[number] = (person.ides[number] ?? 0) + 1;
    }
    person.suggested += row.completions.suggested;
    person.accepted += row.completions.accepted;
    person.usedChat ||= row.usedChat;
    person.usedAgent ||= row.usedAgent;
    person.usedCli ||= row.usedCli;
    if (row.aiCredits !== undefined) person.credits = (person.credits ?? 0) + row.aiCredits;
    if (!this.first || day < this.first) this.first = day;
    if (!this.last || day > this.last) this.last = day;
  }

  get size(): number {
    return this.people.size;
  }

  private person(login: string, day: string): Accumulator {
    const key = login.toLowerCase();
    let person = this.people.get(key);
    if (!person) {
      person = {
        login,
        key,
        dayBits: 0,
        lastActiveDay: day,
        features: [],
        ides: [],
        suggested: 0,
        accepted: 0,
        usedChat: false,
        usedAgent: false,
        usedCli: false,
      };
      this.people.set(key, person);
    }
    return person;
  }

  /** Everyone's summary. */
  summaries(storedAt: string): PersonalSummary[] {
    const covered = this.range ?? { first: this.first ?? "", last: this.last ?? "" };
    return [...this.people.values()].map((p) => {
      const summary: PersonalSummary = {
        login: p.login,
        range: covered,
        activeDays: bitCount(p.dayBits) + (p.moreDays?.size ?? 0),
        lastActiveDay: p.lastActiveDay,
        features: byUse(p.features, this.features.names),
        ides: byUse(p.ides, this.ides.names),
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
