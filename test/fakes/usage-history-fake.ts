import type { UsageScope } from "../../src/digest/usage.js";
import { type StoredWeek, scopeKey, type UsageHistory } from "../../src/digest/usage-history.js";

/** The usage history in memory, for tests of the digest's logic without DynamoDB. */
export class InMemoryUsageHistory implements UsageHistory {
  readonly weeks = new Map<string, Map<string, StoredWeek>>();

  async recordWeek(scope: UsageScope, week: StoredWeek): Promise<void> {
    const key = scopeKey(scope);
    const weeks = this.weeks.get(key) ?? new Map<string, StoredWeek>();
    weeks.set(week.weekEnding, { ...week });
    this.weeks.set(key, weeks);
  }

  async recentWeeks(scope: UsageScope, count: number, lastWeekEnding?: string): Promise<StoredWeek[]> {
    const weeks = [...(this.weeks.get(scopeKey(scope))?.values() ?? [])]
      .filter((week) => lastWeekEnding === undefined || week.weekEnding <= lastWeekEnding)
      .sort((a, b) => (a.weekEnding < b.weekEnding ? -1 : 1));
    return weeks.slice(-count);
  }
}
