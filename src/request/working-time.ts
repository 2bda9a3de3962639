/** The days of the week as configuration names them, in JavaScript's order (`Date#getDay`). */
export const WEEK_DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type WeekDayName = (typeof WEEK_DAY_NAMES)[number];

/** When people are expected to answer: whole days of the week, in one time zone. */
export interface WorkingWeek {
  /** Working days, as `Date#getDay` numbers (0 = Sunday). */
  days: ReadonlySet<number>;
  /** IANA time zone name, e.g. `Europe/Berlin`. */
  timeZone: string;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Reads `MON-FRI`, `SUN-THU` or a list such as `MON,TUE,THU` (ranges may wrap: `FRI-MON`). Returns undefined for
 * anything else, so the configuration can say what it expected.
 */
export function parseWorkingDays(text: string): Set<number> | undefined {
  const days = new Set<number>();
  for (const part of text.toUpperCase().split(",")) {
    const [first, last, ...extra] = part.trim().split("-");
    const from = WEEK_DAY_NAMES.indexOf(first?.trim() as WeekDayName);
    const to = last === undefined ? from : WEEK_DAY_NAMES.indexOf(last.trim() as WeekDayName);
    if (from < 0 || to < 0 || extra.length > 0) return undefined;
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return days.size > 0 ? days : undefined;
}

/** The weekday and time of day of an instant in a time zone, read with Intl so daylight saving needs no rules here. */
function localParts(formatter: Intl.DateTimeFormat, at: number): { day: number; msIntoDay: number } {
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  const day = WEEK_DAY_NAMES.indexOf(String(parts.weekday).toUpperCase() as WeekDayName);
  const msIntoDay = ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + (at % 1000);
  return { day, msIntoDay };
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    hourCycle: "h23",
  });
}

/**
 * How much working time passed between two instants: the parts of them that fall on working days in the working
 * week's time zone. It walks local day by local day (a handful of steps for the two weeks a request can wait), and
 * reads each day's start from the local clock, so a day on which daylight saving time changes is at most an hour off.
 */
export function workingTimeBetween(from: Date, to: Date, week: WorkingWeek): number {
  const formatter = formatterFor(week.timeZone);
  let total = 0;
  let at = from.getTime();
  const end = to.getTime();
  while (at < end) {
    const { day, msIntoDay } = localParts(formatter, at);
    const dayEnds = Math.min(end, at + (DAY_MS - msIntoDay));
    if (week.days.has(day)) total += dayEnds - at;
    // Always move forward, even if the local clock jumped back across midnight.
    at = Math.max(dayEnds, at + 1);
  }
  return total;
}
