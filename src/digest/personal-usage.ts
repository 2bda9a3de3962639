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

/** The names `person` used, most used first, then by name; names never used are left out. */
function byUse(uses: readonly Uint32Array[], person: number, names: readonly string[]): string[] {
  const used: [string, number][] = [];
  uses.forEach((counts, name) => {
    const count = counts[person] ?? 0;
    if (count > 0) used.push([names[name] as string, count]);
  });
  return used.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name);
}

/** What a person used besides the counts, as bits of one byte. */
const USED_CHAT = 1;
const USED_AGENT = 2;
const USED_CLI = 4;
const REPORTED_CREDITS = 8;

/** A copy of `array` with room for index `index`, or `array` itself when it has it already. */
function withRoom<T extends Int32Array | Uint32Array | Float64Array>(array: T, index: number): T {
  if (index < array.length) return array;
  const larger = new (array.constructor as new (length: number) => T)(Math.max(index + 1, array.length * 2));
  larger.set(array);
  return larger;
}

/**
 * A person's figures, side by side in `PersonalUsageTally.figures`: eight numbers, one cache line, so that a row
 * reaches all of them with one memory access. Active days are bits of one number; the last active day is a number of
 * the tally's days.
 */
const DAY_BITS_AT = 0;
const SUGGESTED_AT = 1;
const ACCEPTED_AT = 2;
const CREDITS_AT = 3;
const USED_AT = 4;
const LAST_DAY_AT = 5;
const FIGURES_PER_PERSON = 8;

/**
 * Adds up the users report per person as it streams. Memory grows with the number of people (some two hundred bytes
 * each: about 10 MB for 50,000), never with the size of the report. People are numbered as they are first seen, and
 * their figures kept in typed arrays by that number (a person's counts side by side, a feature's or IDE's uses in
 * an array per name), so that a row touches a few places in arrays rather than a person's scattered objects: at a
 * million rows, those memory misses are most of what the tally costs.
 * Rows without a login are left out: the summary is found by GitHub login.
 */
export class PersonalUsageTally {
  /** The number of each person, by login in lower case: what finds the summary. */
  private readonly people = new Map<string, number>();
  private readonly logins: string[] = [];
  /** For each numbered user, 1 + the number of the person of their last row (0: none yet). */
  private personOfUser = new Int32Array(1024);
  /** `FIGURES_PER_PERSON` numbers per person; in the day bits, bit `i` is the tally's day number `i` (below `DAY_BITS`). */
  private figures = new Float64Array(1024 * FIGURES_PER_PERSON);
  /** Day numbers from `DAY_BITS` on, per person, for a report that spans more days than the 28 it should. */
  private readonly moreDays = new Map<number, Set<number>>();
  /** Rows naming each feature (or IDE), one array per name number, indexed by person. */
  private readonly featureUses: Uint32Array[] = [];
  private readonly ideUses: Uint32Array[] = [];
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
    const login = row.login;
    if (!login) return;
    const dayNumber = this.days.numberOf(row.day);
    // The tally's own copy of the day, so that people keep no string of the row.
    const day = this.days.names[dayNumber] as string;
    const user = this.users.numberOf(row.userId);
    this.personOfUser = withRoom(this.personOfUser, user);
    let person = (this.personOfUser[user] as number) - 1;
    // The login decides whose summary a row adds to; the user's number only remembers where the last row went.
    if (person < 0 || (this.logins[person] !== login && this.keyOf(person) !== login.toLowerCase())) {
      person = this.person(login, dayNumber);
      this.personOfUser[user] = person + 1;
    }
    const figures = this.figures;
    const at = person * FIGURES_PER_PERSON;
    // Every row is a day the person was active, prompts or not.
    if (dayNumber < DAY_BITS) figures[at + DAY_BITS_AT] = (figures[at + DAY_BITS_AT] as number) | (1 << dayNumber);
    else {
      const more = this.moreDays.get(person) ?? new Set<number>();
      more.add(dayNumber);
      this.moreDays.set(person, more);
    }
    if (day > (this.days.names[figures[at + LAST_DAY_AT] as number] as string)) figures[at + LAST_DAY_AT] = dayNumber;
    for (const feature of row.features) countUse(this.featureUses, this.features.numberOf(feature), person);
    for (const [ide] of row.ides) if (ide) countUse(this.ideUses, this.ides.numberOf(ide), person);
    figures[at + SUGGESTED_AT] = (figures[at + SUGGESTED_AT] as number) + row.completions.suggested;
    figures[at + ACCEPTED_AT] = (figures[at + ACCEPTED_AT] as number) + row.completions.accepted;
    let used = (row.usedChat ? USED_CHAT : 0) | (row.usedAgent ? USED_AGENT : 0) | (row.usedCli ? USED_CLI : 0);
    if (row.aiCredits !== undefined) {
      figures[at + CREDITS_AT] = (figures[at + CREDITS_AT] as number) + row.aiCredits;
      used |= REPORTED_CREDITS;
    }
    if (used !== 0) figures[at + USED_AT] = (figures[at + USED_AT] as number) | used;
    if (!this.first || day < this.first) this.first = day;
    if (!this.last || day > this.last) this.last = day;
  }

  get size(): number {
    return this.people.size;
  }

  private keyOf(person: number): string {
    return (this.logins[person] as string).toLowerCase();
  }

  /** The number of the person with this login, numbered now if they are new. */
  private person(login: string, dayNumber: number): number {
    const key = login.toLowerCase();
    const known = this.people.get(key);
    if (known !== undefined) return known;
    const person = this.people.size;
    this.people.set(key, person);
    this.logins.push(login);
    this.figures = withRoom(this.figures, (person + 1) * FIGURES_PER_PERSON - 1);
    this.figures[person * FIGURES_PER_PERSON + LAST_DAY_AT] = dayNumber;
    return person;
  }

  /** Everyone's summary. */
  summaries(storedAt: string): PersonalSummary[] {
    const covered = this.range ?? { first: this.first ?? "", last: this.last ?? "" };
    return this.logins.map((login, person) => {
      const figure = (at: number) => this.figures[person * FIGURES_PER_PERSON + at] as number;
      const suggested = figure(SUGGESTED_AT);
      const accepted = figure(ACCEPTED_AT);
      const used = figure(USED_AT);
      const summary: PersonalSummary = {
        login,
        range: covered,
        activeDays: bitCount(figure(DAY_BITS_AT)) + (this.moreDays.get(person)?.size ?? 0),
        lastActiveDay: this.days.names[figure(LAST_DAY_AT)] as string,
        features: byUse(this.featureUses, person, this.features.names),
        ides: byUse(this.ideUses, person, this.ides.names),
        completions: { suggested, accepted },
        usedChat: (used & USED_CHAT) !== 0,
        usedAgent: (used & USED_AGENT) !== 0,
        usedCli: (used & USED_CLI) !== 0,
        storedAt,
      };
      const rate = percent(accepted, suggested);
      if (rate !== undefined) summary.acceptanceRate = rate;
      if (used & REPORTED_CREDITS) summary.aiCredits = Math.round(figure(CREDITS_AT) * 100) / 100;
      return summary;
    });
  }
}

/** One more row naming the name number `name` for `person`, in `uses`: one array per name, indexed by person. */
function countUse(uses: Uint32Array[], name: number, person: number): void {
  const counts = withRoom(uses[name] ?? new Uint32Array(1024), person);
  uses[name] = counts;
  counts[person] = (counts[person] as number) + 1;
}
