import type { Clock } from "../request/ports.js";
import type { ChartRenderer, Digest, DigestPublisher } from "./digest.js";
import { instantsOf, weekBefore } from "./digest-week.js";
import { DigestAccessError, DigestFailedError } from "./errors.js";
import { type RequestStatistics, requestFigures } from "./request-figures.js";
import { type SeatPrices, type SeatSource, seatFigures } from "./seat-figures.js";
import type { UsageReport, UsageResult, UsageSource } from "./usage.js";
import { usageFigures } from "./usage-figures.js";

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
      : requests
          .requestsFiled(from, until)
          .then((list) => ({ kind: "figures" as const, figures: requestFigures(list, requestRange) })),
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
    await publish(deps, deps.channel, digest, run, true);
    if (usage.kind === "usage" && digest.usage.kind === "figures" && deps.teamChannels.size > 0) {
      try {
        await publishTeams(deps, digest.usage.figures.weeks, usage.report.source, now, run);
      } catch (error) {
        if (!(error instanceof DigestAccessError)) throw error;
        problems.push(error);
        await deps.publisher.publishProblem(
          deps.channel,
          problemLine(`the teams of \`${deps.organization}\``, [error]),
        );
      }
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

async function publish(deps: DigestDependencies, channel: string, digest: Digest, run: DigestRun, withChart: boolean) {
  let chart: { png: Uint8Array; title: string } | undefined;
  if (withChart && digest.usage.kind === "figures") {
    const { range } = digest.usage.figures.chart;
    const title = `${scopeTitle(digest)}: daily active users and acceptance rate, ${range.first} – ${range.last}`;
    try {
      chart = { png: await deps.chart.renderUsageChart(digest.usage.figures.chart, title), title };
    } catch (error) {
      // The figures matter more than the picture: post them, and say why the chart is missing.
      digest.chartProblem = (error as Error)?.message ?? String(error);
      deps.log.warn(`The digest chart could not be drawn: ${digest.chartProblem}`);
    }
  }
  await deps.publisher.publishDigest(channel, digest, chart);
  run.posted.push(`${digest.scope.kind} ${digest.scope.name} → ${channel}`);
  deps.log.info(`Posted the Copilot digest of ${digest.scope.kind} ${digest.scope.name} to ${channel}.`);
}

async function publishTeams(
  deps: DigestDependencies,
  weeks: Parameters<UsageSource["teamUsage"]>[1],
  source: Parameters<UsageSource["teamUsage"]>[2],
  now: Date,
  run: DigestRun,
): Promise<void> {
  const results = await deps.usage.teamUsage([...deps.teamChannels.keys()], weeks, source);
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
    await publish(deps, channel, digest, run, false);
  }
}
