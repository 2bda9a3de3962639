import type { RequestFigures } from "./request-figures.js";
import type { SeatFigures } from "./seat-figures.js";
import type { MetricsSourceName, UsageScope } from "./usage.js";
import type { UsageChart, UsageFigures } from "./usage-figures.js";

/** Everything one digest message says, computed and ready to be laid out by the Slack layer. */
export interface Digest {
  scope: UsageScope;
  /** When the digest was built (ISO instant). */
  generatedAt: string;
  usage:
    | { kind: "figures"; figures: UsageFigures }
    | { kind: "no-data"; source: MetricsSourceName; detail: string; asOf: string };
  seats?: SeatFigures;
  requests?: { kind: "figures"; figures: RequestFigures } | { kind: "unavailable"; reason: string };
  /** Why the chart that should come with this digest could not be drawn. */
  chartProblem?: string;
}

export interface DigestPublisher {
  /** Posts the digest, then the chart with it when there is one. */
  publishDigest(channel: string, digest: Digest, chart?: { png: Uint8Array; title: string }): Promise<void>;
  /** Posts one line saying why the digest could not be built and what to enable. */
  publishProblem(channel: string, line: string): Promise<void>;
}

export interface ChartRenderer {
  renderUsageChart(chart: UsageChart, title: string): Promise<Uint8Array> | Uint8Array;
}
