/** A job `npm start` runs in-process, as EventBridge Scheduler runs its function in AWS. */
export interface ScheduledJob {
  name: string;
  /** When the job runs next, strictly after `after`. */
  next(after: Date): Date;
  /** Runs the job once; `scheduledTime` is the moment it was due, as Scheduler passes it to the function. */
  run(scheduledTime: Date): Promise<void>;
}

export interface RunningSchedule {
  /** Cancels every timer and waits for a run in progress to end. */
  stop(): Promise<void>;
}

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days); longer waits are taken in steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs each job at its times until stopped. The timers are unref'd, so they never keep the process alive on their
 * own. A run that fails is logged and the job runs again at its next time; a run still going when the next time
 * comes delays that run rather than overlapping it, as the next time is taken once the previous run has ended.
 */
export function startSchedule(
  jobs: readonly ScheduledJob[],
  options: { now?: () => Date; log: Pick<Console, "error"> },
): RunningSchedule {
  const now = options.now ?? (() => new Date());
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const waitUntil = (job: ScheduledJob, due: Date) => {
    if (stopped) return;
    const delay = Math.min(Math.max(0, due.getTime() - now().getTime()), LONGEST_TIMER_MS);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      if (now() < due) return waitUntil(job, due);
      const run = job
        .run(due)
        .catch((error) => options.log.error(`Scheduled ${job.name} failed; it runs again at its next time:`, error))
        .finally(() => {
          running.delete(run);
          waitUntil(job, job.next(now()));
        });
      running.add(run);
    }, delay);
    timer.unref();
    timers.add(timer);
  };

  for (const job of jobs) waitUntil(job, job.next(now()));

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}

/** Every `intervalMs`, counted from `after`, like an EventBridge `rate(…)` schedule. */
export function every(intervalMs: number): (after: Date) => Date {
  return (after) => new Date(after.getTime() + intervalMs);
}

export const WEEK_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface WeeklyTime {
  weekDay: WeekDay;
  /** 0–23, in `timeZone`. */
  hour: number;
  /** IANA time zone name. */
  timeZone: string;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/** The first `hour`:00 in `timeZone` after `after`, like the CDK stack's daily cron schedule (the identity sync). */
export function nextDaily(time: Omit<WeeklyTime, "weekDay">): (after: Date) => Date {
  const local = new Intl.DateTimeFormat("en-US", {
    timeZone: time.timeZone,
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  });
  return (after) => {
    let candidate = Math.floor(after.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS + QUARTER_HOUR_MS;
    // A day and a bit: a daylight saving change may skip the hour once, and then it comes the next day.
    for (let step = 0; step < 2 * 24 * 4 + 8; step++, candidate += QUARTER_HOUR_MS) {
      const parts = Object.fromEntries(local.formatToParts(candidate).map((part) => [part.type, part.value]));
      if (Number(parts.hour) === time.hour && Number(parts.minute) === 0) return new Date(candidate);
    }
    throw new Error(`No ${time.hour}:00 in ${time.timeZone} in the two days after ${after.toISOString()}`);
  };
}

/**
 * The first `weekDay` at `hour`:00 in `timeZone` after `after`, like the CDK stack's weekly cron schedule.
 * It steps through the coming week a quarter of an hour at a time (every zone's offset is a multiple of 15 minutes)
 * and reads each step's local time with Intl, so daylight saving time needs no rules of its own.
 */
export function nextWeekly(time: WeeklyTime): (after: Date) => Date {
  const local = new Intl.DateTimeFormat("en-US", {
    timeZone: time.timeZone,
    weekday: "short",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  });
  return (after) => {
    let candidate = Math.floor(after.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS + QUARTER_HOUR_MS;
    // Eight days and a bit: a week, plus a day of daylight saving changes and a skipped hour.
    for (let step = 0; step < 8 * 24 * 4 + 8; step++, candidate += QUARTER_HOUR_MS) {
      const parts = Object.fromEntries(local.formatToParts(candidate).map((part) => [part.type, part.value]));
      if (
        parts.weekday?.toUpperCase() === time.weekDay &&
        Number(parts.hour) === time.hour &&
        Number(parts.minute) === 0
      ) {
        return new Date(candidate);
      }
    }
    throw new Error(`No ${time.weekDay} ${time.hour}:00 in ${time.timeZone} in the week after ${after.toISOString()}`);
  };
}
