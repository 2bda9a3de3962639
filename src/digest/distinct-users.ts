/**
 * How a users-report row names its user: GitHub's numeric user ID, or the login when the row has none. A key that
 * reads as a number is that number, so the ID 130 and the text "130" are one user, as they are in the report.
 */
export type UserKey = string | number;

/**
 * Numbers the users of a report densely (0, 1, 2, … in the order they are first seen), so that what is known about
 * each user fits in a typed array indexed by that number instead of sets of strings: 50,000 users are 50,000 bytes
 * per week, however many rows name them.
 */
export class UserNumbers {
  private readonly numbers = new Map<UserKey, number>();
  private lastKey: UserKey | undefined;
  private lastNumber = 0;

  numberOf(key: UserKey): number {
    // Tallies that share the numbers ask for the same row's user one after the other: one lookup serves them all.
    if (key === this.lastKey) return this.lastNumber;
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.numbers.size;
      this.numbers.set(key, number);
    }
    this.lastKey = key;
    this.lastNumber = number;
    return number;
  }

  get size(): number {
    return this.numbers.size;
  }
}

/** What a user did in a week, as bits: any activity at all, chat, agent mode, the CLI. */
export const ACTIVE = 1;
export const CHAT = 2;
export const AGENT = 4;
export const CLI = 8;

/**
 * The distinct users of a week and of each feature, kept as one byte of feature bits per numbered user with a
 * running count per bit, so that counting is a lookup and a row adds at most one byte of memory.
 */
export class DistinctUsers {
  private bits = new Uint8Array(256);
  private active = 0;
  private chat = 0;
  private agent = 0;
  private cli = 0;

  /** Records that user `user` (from `UserNumbers`) did what `features` says (ACTIVE | CHAT | AGENT | CLI bits). */
  add(user: number, features: number): void {
    if (user >= this.bits.length) {
      const grown = new Uint8Array(Math.max(user + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const before = this.bits[user] as number;
    const added = features & ~before;
    if (added === 0) return;
    this.bits[user] = before | added;
    if (added & ACTIVE) this.active += 1;
    if (added & CHAT) this.chat += 1;
    if (added & AGENT) this.agent += 1;
    if (added & CLI) this.cli += 1;
  }

  /** How many distinct users have the bit `feature`. */
  count(feature: typeof ACTIVE | typeof CHAT | typeof AGENT | typeof CLI): number {
    if (feature === ACTIVE) return this.active;
    if (feature === CHAT) return this.chat;
    if (feature === AGENT) return this.agent;
    return this.cli;
  }
}
