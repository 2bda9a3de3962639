/** A run of whole UTC calendar days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  first: string;
  last: string;
}

/** The digest week and the week it is compared with. */
export interface DigestWeeks {
  week: DayRange;
  previous: DayRange;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

export function isDay(value: unknown): value is string {
  return typeof value === "string" && DAY_PATTERN.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC calendar day an instant falls on. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Every day of a range, in order. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.first; day <= range.last; day = addDays(day, 1)) days.push(day);
  return days;
}

export function contains(range: DayRange, day: string): boolean {
  return day >= range.first && day <= range.last;
}

/**
 * The digest week is the 7 calendar days ending on the report's last day; the week before it is the comparison.
 * Calendar days rather than "the last 7 entries", because the older APIs leave out days without activity.
 */
export function digestWeeks(lastDay: string): DigestWeeks {
  return {
    week: { first: addDays(lastDay, -6), last: lastDay },
    previous: { first: addDays(lastDay, -13), last: addDays(lastDay, -7) },
  };
}

/** The 7 full UTC days before the one `now` falls in: the window for the bot's own request figures. */
export function weekBefore(now: Date): DayRange {
  const today = dayOf(now);
  return { first: addDays(today, -7), last: addDays(today, -1) };
}

/** Instants bounding a day range: from the first day's midnight to the midnight after the last day (exclusive). */
export function instantsOf(range: DayRange): { from: string; until: string } {
  return { from: `${range.first}T00:00:00.000Z`, until: `${addDays(range.last, 1)}T00:00:00.000Z` };
}
