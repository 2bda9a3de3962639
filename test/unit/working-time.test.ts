import { describe, expect, it } from "vitest";
import { parseWorkingDays, workingTimeBetween } from "../../src/request/working-time.js";

const HOUR = 60 * 60_000;
const MON_FRI = { days: new Set([1, 2, 3, 4, 5]), timeZone: "UTC" };

describe("working days", () => {
  it("reads ranges, wrapping ranges and lists", () => {
    expect([...(parseWorkingDays("MON-FRI") ?? [])]).toEqual([1, 2, 3, 4, 5]);
    expect([...(parseWorkingDays("sun-thu") ?? [])]).toEqual([0, 1, 2, 3, 4]);
    expect([...(parseWorkingDays("FRI-MON") ?? [])].sort()).toEqual([0, 1, 5, 6]);
    expect([...(parseWorkingDays("MON,TUE,THU") ?? [])]).toEqual([1, 2, 4]);
  });

  it("refuses anything that is not days of the week", () => {
    for (const text of ["", "MONDAY-FRIDAY", "MON-FRI-SAT", "1-5", "MON;TUE"]) {
      expect(parseWorkingDays(text)).toBeUndefined();
    }
  });
});

describe("working time", () => {
  it("counts a weekday in full", () => {
    const from = new Date("2026-11-16T10:00:00Z"); // Monday
    expect(workingTimeBetween(from, new Date("2026-11-17T10:00:00Z"), MON_FRI)).toBe(24 * HOUR);
  });

  it("skips the weekend: Friday 10:00 to Monday 10:00 is one working day", () => {
    const from = new Date("2026-11-20T10:00:00Z"); // Friday
    expect(workingTimeBetween(from, new Date("2026-11-23T10:00:00Z"), MON_FRI)).toBe(24 * HOUR);
  });

  it("counts days in the configured time zone, not UTC", () => {
    // Friday 23:00 UTC is already Saturday 08:00 in Tokyo: nothing of it is working time there.
    const tokyo = { days: new Set([1, 2, 3, 4, 5]), timeZone: "Asia/Tokyo" };
    expect(workingTimeBetween(new Date("2026-11-20T23:00:00Z"), new Date("2026-11-21T12:00:00Z"), tokyo)).toBe(0);
  });

  it("follows a Sunday-to-Thursday week", () => {
    const sunThu = { days: parseWorkingDays("SUN-THU") ?? new Set<number>(), timeZone: "UTC" };
    // Thursday 12:00 to Sunday 12:00: the rest of Thursday and half of Sunday.
    expect(workingTimeBetween(new Date("2026-11-19T12:00:00Z"), new Date("2026-11-22T12:00:00Z"), sunThu)).toBe(
      24 * HOUR,
    );
  });
});
