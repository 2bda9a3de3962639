import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { every, nextDaily, nextWeekly, type ScheduledJob, startSchedule } from "../../src/local/scheduled-jobs.js";

describe("nextWeekly", () => {
  const mondayNine = (timeZone: string) => nextWeekly({ weekDay: "MON", hour: 9, timeZone });

  it("finds the coming Monday 09:00 in UTC", () => {
    // Wednesday 2026-11-18 12:34 UTC.
    expect(mondayNine("UTC")(new Date("2026-11-18T12:34:00Z")).toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });

  it("gives the following week when it is exactly Monday 09:00", () => {
    expect(mondayNine("UTC")(new Date("2026-11-23T09:00:00Z")).toISOString()).toBe("2026-11-30T09:00:00.000Z");
  });

  it("reads 09:00 in the time zone, through daylight saving time", () => {
    // Berlin is UTC+2 in summer and UTC+1 in winter; clocks go back on Sunday 2026-10-25.
    expect(mondayNine("Europe/Berlin")(new Date("2026-10-20T00:00:00Z")).toISOString()).toBe(
      "2026-10-26T08:00:00.000Z",
    );
    expect(mondayNine("Europe/Berlin")(new Date("2026-10-01T00:00:00Z")).toISOString()).toBe(
      "2026-10-05T07:00:00.000Z",
    );
  });

  it("handles a zone whose offset is not whole hours", () => {
    // India is UTC+5:30.
    expect(mondayNine("Asia/Kolkata")(new Date("2026-11-18T00:00:00Z")).toISOString()).toBe("2026-11-23T03:30:00.000Z");
  });
});

describe("startSchedule", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-11-18T12:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs a job at each of its times, passing the time it was due", async () => {
    const due: string[] = [];
    const job: ScheduledJob = {
      name: "sweep",
      next: every(60_000),
      run: async (at) => void due.push(at.toISOString()),
    };
    const schedule = startSchedule([job], { log: { error: vi.fn() } });

    await vi.advanceTimersByTimeAsync(3 * 60_000);

    expect(due).toEqual(["2026-11-18T12:01:00.000Z", "2026-11-18T12:02:00.000Z", "2026-11-18T12:03:00.000Z"]);
    await schedule.stop();
  });

  it("logs a failed run and runs the job again at its next time", async () => {
    const error = vi.fn();
    const run = vi.fn().mockRejectedValueOnce(new Error("DynamoDB unreachable")).mockResolvedValue(undefined);
    const schedule = startSchedule([{ name: "sweep", next: every(60_000), run }], { log: { error } });

    await vi.advanceTimersByTimeAsync(2 * 60_000);

    expect(run).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("Scheduled sweep failed"), expect.any(Error));
    await schedule.stop();
  });

  it("runs nothing more once stopped", async () => {
    const run = vi.fn().mockResolvedValue(undefined);
    const schedule = startSchedule([{ name: "sweep", next: every(60_000), run }], { log: { error: vi.fn() } });

    await schedule.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);

    expect(run).not.toHaveBeenCalled();
  });

  it("waits longer than setTimeout can in one step without firing early", async () => {
    const run = vi.fn().mockResolvedValue(undefined);
    const thirtyDays = 30 * 24 * 60 * 60_000;
    const schedule = startSchedule([{ name: "sweep", next: every(thirtyDays), run }], { log: { error: vi.fn() } });

    await vi.advanceTimersByTimeAsync(thirtyDays - 60_000);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(1);
    await schedule.stop();
  });
});

describe("nextDaily", () => {
  it("is the next 03:00 in the time zone, today if it has not passed, else tomorrow", () => {
    const threeInBerlin = nextDaily({ hour: 3, timeZone: "Europe/Berlin" });

    expect(threeInBerlin(new Date("2026-11-21T01:00:00Z")).toISOString()).toBe("2026-11-21T02:00:00.000Z");
    expect(threeInBerlin(new Date("2026-11-21T02:00:00Z")).toISOString()).toBe("2026-11-22T02:00:00.000Z");
  });

  it("follows daylight saving time", () => {
    const threeInBerlin = nextDaily({ hour: 3, timeZone: "Europe/Berlin" });

    // Summer time: 03:00 in Berlin is 01:00 UTC.
    expect(threeInBerlin(new Date("2026-07-01T12:00:00Z")).toISOString()).toBe("2026-07-02T01:00:00.000Z");
  });
});
