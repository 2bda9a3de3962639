import type { RequestFigures } from "./request-figures.js";
import type { SeatFigures } from "./seat-figures.js";
import type { MetricsSourceName, UsageScope } from "./usage.js";
import type { UsageChart, UsageFigures } from "./usage-figures.js";
import type { HistoryPart, TrendChart } from "./usage-history.js";

/** Everything one digest message says, computed and ready to be laid out by the Slack layer. */
export interface Digest {
  scope: UsageScope;
  /** When the digest was built (ISO instant). */
  generatedAt: string;
  usage:
    | { kind: "figures"; figures: UsageFigures }
    | { kind: "no-data"; source: MetricsSourceName; detail: string; asOf: string };
  /** The stored weeks: the 12-week trend and the change against 4 weeks ago, or why there is none. */
  history?: HistoryPart;
  /** The configured teams ranked by AI credits used in the week (never people: no per-person ranking in a channel). */
  topTeamsByCredits?: { team: string; credits: number }[];
  seats?: SeatFigures;
  requests?: { kind: "figures"; figures: RequestFigures } | { kind: "unavailable"; reason: string };
  /** Idle seats the week's reclaim rounds took back (cancelled or released) and those their holders kept. */
  reclaim?: { reclaimed: number; kept: number; monthlySaved: number };
  /** Why the chart that should come with this digest could not be drawn. */
  chartProblem?: string;
}

export interface DigestChart {
  png: Uint8Array;
  title: string;
}

export interface DigestPublisher {
  /** Posts the digest, then its charts (the 28 days, then the 12-week trend), in order. */
  publishDigest(channel: string, digest: Digest, charts: readonly DigestChart[]): Promise<void>;
  /** Posts one line saying why the digest could not be built and what to enable. */
  publishProblem(channel: string, line: string): Promise<void>;
}

export interface ChartRenderer {
  renderUsageChart(chart: UsageChart, title: string): Promise<Uint8Array> | Uint8Array;
  renderTrendChart(chart: TrendChart, title: string): Promise<Uint8Array> | Uint8Array;
}
