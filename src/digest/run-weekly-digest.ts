import type { Clock } from "../request/ports.js";
import type { ChartRenderer, Digest, DigestChart, DigestPublisher } from "./digest.js";
import { instantsOf, weekBefore } from "./digest-week.js";
import { DigestAccessError, DigestFailedError } from "./errors.js";
import type { PersonalUsageStore } from "./personal-usage.js";
import { type RequestStatistics, requestFigures } from "./request-figures.js";
import { type SeatPrices, type SeatSource, seatFigures } from "./seat-figures.js";
import type { TeamUsageResult, UsageReport, UsageResult, UsageSource } from "./usage.js";
import { usageFigures } from "./usage-figures.js";
import { historyPart, storedWeekOf, TREND_WEEKS, TREND_WEEKS_READ, type UsageHistory } from "./usage-history.js";

export interface DigestDependencies {
  organization: string;
  /** Set to post an enterprise digest too, from the enterprise's reports. */
  enterprise?: string;
  channel: string;
  /** Team slug → channel, for the optional per-team digests. */
  teamChannels: ReadonlyMap<string, string>;
  usage: UsageSource;
  seats: SeatSource;
  /** The bot's own request figures, or why they cannot be counted in this run. */
  requests: RequestStatistics | { unavailable: string };
  prices: SeatPrices;
  /** Where each run keeps its week's figures, for the 12-week trend; or why there is none in this run. */
  history: UsageHistory | { unavailable: string };
  /** The week's reclaimed and kept idle seats (`reclaimWeek` in `src/reclaim/round.ts`); absent to leave the line out. */
  reclaim?: (from: string, until: string) => Promise<{ reclaimed: number; kept: number; monthlySaved: number }>;
  /** Where each person's 28-day summary is kept for `/copilot seat` and the Home tab; absent to keep none. */
  personal?: PersonalUsageStore;
  publisher: DigestPublisher;
  chart: ChartRenderer;
  clock: Clock;
  log: Pick<Console, "info" | "warn">;
}

export interface DigestRun {
  /** What was posted where, e.g. "organization acme → C123". */
  posted: string[];
  leftOut: string[];
}

function scopeTitle(report: Pick<UsageReport, "scope">): string {
  const { scope } = report;
  return scope.kind === "team"
    ? `team ${scope.name}`
    : scope.kind === "enterprise"
      ? `enterprise ${scope.name}`
      : scope.name;
}

/** Settles every promise, then rethrows the first failure that is not a refusal to report to the channel. */
async function gather<T extends readonly unknown[]>(
  promises: { [K in keyof T]: Promise<T[K]> },
): Promise<{ values: { [K in keyof T]: T[K] | undefined }; refusals: DigestAccessError[] }> {
  const settled = await Promise.allSettled(promises);
  const refusals: DigestAccessError[] = [];
  for (const result of settled) {
    if (result.status === "rejected") {
      if (result.reason instanceof DigestAccessError) refusals.push(result.reason);
      else throw result.reason;
    }
  }
  const values = settled.map((r) => (r.status === "fulfilled" ? r.value : undefined));
  return { values: values as { [K in keyof T]: T[K] | undefined }, refusals };
}

/**
 * The weekly digest: the organization's usage, seats and requests to the digest channel, then each configured
 * team's usage to its channel, then the enterprise's usage when one is configured. When GitHub refuses for lack of a
 * policy or permission, the channel gets one line saying what to enable and the run throws `DigestFailedError` at
 * the end, so the scheduled invocation shows as failed; other errors propagate as they are.
 */
export async function runWeeklyDigest(deps: DigestDependencies): Promise<DigestRun> {
  const run: DigestRun = { posted: [], leftOut: [] };
  const problems: DigestAccessError[] = [];
  const now = deps.clock.now();

  const requestRange = weekBefore(now);
  const { from, until } = instantsOf(requestRange);
  const requests = deps.requests;
  const { values, refusals } = await gather<
    [UsageResult, Awaited<ReturnType<SeatSource["seatSnapshot"]>>, Digest["requests"]]
  >([
    deps.usage.usage("organization"),
    deps.seats.seatSnapshot(),
    "unavailable" in requests
      ? Promise.resolve({ kind: "unavailable" as const, reason: requests.unavailable })
      : requests.requestsFiled(from, until).then(async (list) => ({
          kind: "figures" as const,
          figures: {
            ...requestFigures(list, requestRange),
            ...(requests.seatTerms ? await requests.seatTerms(from, until) : {}),
          },
        })),
  ]);
  const [usage, seats, requestPart] = values;

  if (refusals.length > 0 || !usage || !seats) {
    problems.push(...refusals);
    await deps.publisher.publishProblem(deps.channel, problemLine(`\`${deps.organization}\``, refusals));
  } else {
    const digest: Digest = {
      scope: { kind: "organization", name: deps.organization },
      generatedAt: now.toISOString(),
      usage: usagePart(usage, now),
      seats: seatFigures(seats, deps.prices, now),
      ...(requestPart ? { requests: requestPart } : {}),
    };
    // A line of its own: the digest goes out without it rather than not at all.
    const reclaim = await deps.reclaim?.(from, until).catch((error) => {
      deps.log.warn("Could not count the week's reclaimed seats; the digest goes out without them", { error });
      return undefined;
    });
    if (reclaim && (reclaim.reclaimed > 0 || reclaim.kept > 0)) digest.reclaim = reclaim;
    // The teams are read before the organization's digest is posted, so that it can rank them by AI credits.
    let teams: Map<string, TeamUsageResult> | undefined;
    let teamRefusal: DigestAccessError | undefined;
    if (usage.kind === "usage" && digest.usage.kind === "figures" && deps.teamChannels.size > 0) {
      try {
        teams = await deps.usage.teamUsage(
          [...deps.teamChannels.keys()],
          digest.usage.figures.weeks,
          usage.report.source,
        );
      } catch (error) {
        if (!(error instanceof DigestAccessError)) throw error;
        teamRefusal = error;
      }
    }
    if (teams) {
      const ranked = topTeamsByCredits(teams);
      if (ranked.length > 0) digest.topTeamsByCredits = ranked;
    }
    await remember(deps, digest, now);
    await publish(deps, deps.channel, digest, run, true);
    if (usage.kind === "usage") await keepPersonalSummaries(deps, usage.report, now, run);
    if (teams) await publishTeams(deps, teams, now, run);
    if (teamRefusal) {
      problems.push(teamRefusal);
      await deps.publisher.publishProblem(
        deps.channel,
        problemLine(`the teams of \`${deps.organization}\``, [teamRefusal]),
      );
    }
  }

  if (deps.enterprise) {
    try {
      const enterprise = await deps.usage.usage("enterprise");
      const digest: Digest = {
        scope: { kind: "enterprise", name: deps.enterprise },
        generatedAt: now.toISOString(),
        usage: usagePart(enterprise, now),
      };
      await remember(deps, digest, now);
      await publish(deps, deps.channel, digest, run, true);
    } catch (error) {
      if (!(error instanceof DigestAccessError)) throw error;
      problems.push(error);
      await deps.publisher.publishProblem(deps.channel, problemLine(`the enterprise \`${deps.enterprise}\``, [error]));
    }
  }

  if (problems.length > 0) throw new DigestFailedError(problems);
  return run;
}

function usagePart(result: UsageResult, now: Date): Digest["usage"] {
  if (result.kind === "no-data" || result.report.days.length === 0) {
    return {
      kind: "no-data",
      source: result.kind === "no-data" ? result.source : result.report.source,
      detail: result.kind === "no-data" ? result.detail : "the report has no days",
      asOf: now.toISOString().slice(0, 10),
    };
  }
  return { kind: "figures", figures: usageFigures(result.report) };
}

function problemLine(subject: string, refusals: readonly DigestAccessError[]): string {
  const reasons = refusals.length > 0 ? refusals.map((r) => r.message).join(" ") : "GitHub gave no data.";
  return `:warning: The weekly Copilot digest for ${subject} could not be built. ${reasons}`;
}

const TOP_TEAMS = 5;

/** The configured teams with AI credits reported, most credits first (ties by name); at most five. */
function topTeamsByCredits(teams: ReadonlyMap<string, TeamUsageResult>): { team: string; credits: number }[] {
  const ranked: { team: string; credits: number }[] = [];
  for (const [team, result] of teams) {
    if (result.kind === "usage" && result.report.aiCredits)
      ranked.push({ team, credits: result.report.aiCredits.week });
  }
  return ranked
    .sort((a, b) => b.credits - a.credits || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0))
    .slice(0, TOP_TEAMS);
}

/**
 * Stores the digest's week, then reads back the weeks before it for the trend. A retried run stores the same week
 * again under the same key, so it cannot count twice. If the store fails, the digest goes out without the trend and
 * says why: the week's figures matter more than their history.
 */
async function remember(deps: DigestDependencies, digest: Digest, now: Date): Promise<void> {
  if (digest.usage.kind !== "figures") return;
  if ("unavailable" in deps.history) {
    digest.history = { kind: "unavailable", reason: deps.history.unavailable };
    return;
  }
  const week = storedWeekOf(digest.usage.figures, now.toISOString());
  try {
    await deps.history.recordWeek(digest.scope, week);
    const stored = await deps.history.recentWeeks(digest.scope, TREND_WEEKS_READ, week.weekEnding);
    digest.history = historyPart(week, stored);
  } catch (error) {
    const reason = (error as Error)?.message ?? String(error);
    deps.log.warn(`The usage history of ${digest.scope.kind} ${digest.scope.name} could not be kept: ${reason}`);
    digest.history = { kind: "unavailable", reason: "the stored weeks could not be read or written" };
  }
}

/**
 * Each person's 28-day summary, kept privately for the seat's holder and admins. A failure here never holds back the
 * digest, which is already posted: it is logged and listed in the run's result, and the next run writes them all.
 */
async function keepPersonalSummaries(deps: DigestDependencies, report: UsageReport, now: Date, run: DigestRun) {
  if (!deps.personal || !report.people || report.people.size === 0) return;
  try {
    await deps.personal.saveSummaries(report.people.summaries(now.toISOString()));
    deps.log.info(`Kept the 28-day summaries of ${report.people.size} people.`);
  } catch (error) {
    const reason = (error as Error)?.message ?? String(error);
    run.leftOut.push(`per-person summaries: ${reason}`);
    deps.log.warn(`The per-person usage summaries could not be kept: ${reason}`);
  }
}

async function publish(deps: DigestDependencies, channel: string, digest: Digest, run: DigestRun, withChart: boolean) {
  const charts: DigestChart[] = [];
  if (withChart && digest.usage.kind === "figures") {
    const { range } = digest.usage.figures.chart;
    const problems: string[] = [];
    const title = `${scopeTitle(digest)}: daily active users and code completion acceptance rate, ${range.first} – ${range.last}`;
    try {
      charts.push({ png: await deps.chart.renderUsageChart(digest.usage.figures.chart, title), title });
    } catch (error) {
      problems.push((error as Error)?.message ?? String(error));
    }
    if (digest.history?.kind === "trend") {
      const { weekEndings } = digest.history.chart;
      const trendTitle = `${scopeTitle(digest)}: weekly active users and code completion acceptance rate, ${TREND_WEEKS} weeks ending ${weekEndings.at(-1)}`;
      try {
        charts.push({ png: await deps.chart.renderTrendChart(digest.history.chart, trendTitle), title: trendTitle });
      } catch (error) {
        problems.push((error as Error)?.message ?? String(error));
      }
    }
    if (problems.length > 0) {
      // The figures matter more than the pictures: post them, and say why a chart is missing.
      digest.chartProblem = problems.join("; ");
      deps.log.warn(`A digest chart could not be drawn: ${digest.chartProblem}`);
    }
  }
  await deps.publisher.publishDigest(channel, digest, charts);
  run.posted.push(`${digest.scope.kind} ${digest.scope.name} → ${channel}`);
  deps.log.info(`Posted the Copilot digest of ${digest.scope.kind} ${digest.scope.name} to ${channel}.`);
}

async function publishTeams(
  deps: DigestDependencies,
  results: ReadonlyMap<string, TeamUsageResult>,
  now: Date,
  run: DigestRun,
): Promise<void> {
  for (const [slug, channel] of deps.teamChannels) {
    const result = results.get(slug);
    if (!result || result.kind === "left-out") {
      const reason = result?.reason ?? "no figures";
      run.leftOut.push(`team ${slug}: ${reason}`);
      deps.log.info(`Left the team ${slug} out of the team digests: ${reason}.`);
      continue;
    }
    // The team digest covers the same weeks as the organization's, so its figures compare with it line by line.
    const digest: Digest = {
      scope: result.report.scope,
      generatedAt: now.toISOString(),
      usage: usagePart({ kind: "usage", report: result.report }, now),
    };
    await remember(deps, digest, now);
    await publish(deps, channel, digest, run, false);
  }
}
