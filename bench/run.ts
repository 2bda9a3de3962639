import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LATENCY_MS, measureAcknowledgements } from "./acknowledgements.js";
import { buildBundles } from "./build-bundles.js";
import { measureColdStarts } from "./cold-start.js";
import { measureDigest } from "./digest.js";
import { measureSeatListing } from "./seat-listing.js";
import { median, percentile } from "./statistics.js";
import { type Row, renderTable } from "./table.js";

/**
 * `npm run bench`: builds what it measures, runs each figure beside its baseline in this one run, prints the table
 * and writes it with every sample to bench/results/. Timings on a shared machine are noisy; the ratios against a
 * baseline measured in the same run are what the targets judge.
 */
const ROUNDS = {
  coldStarts: Number(process.env.BENCH_COLD_ROUNDS ?? 30),
  // The acknowledgements are judged on their p99. Over 150 samples that is the second-slowest, and one pause of a
  // shared virtual machine decides it (on the same code it ranged from 30 to 47 ms); over 500 it is the sixth-slowest.
  acknowledgements: Number(process.env.BENCH_ACK_ROUNDS ?? 500),
  seatListings: 3,
  // Three, so that the median drops one pass the machine ran unusually fast or slow: two identical bare-loop passes
  // of one run have differed by a factor of 1.5 here, in CPU time as well.
  digest: 3,
};
/** Every acknowledgement's p99 under the latency model. */
const ACK_P99_TARGET_MS = 40;
const SEATS = 50_000;
const SEAT_PAGE_LATENCY_MS = 50;
/** What `listAllSeats` runs at once after the first page (src/github/copilot-billing.ts). */
const SEAT_LISTING_CONCURRENCY = 8;
const DIGEST_USERS = 50_000;
/** The digest function's limits in the CDK stack. */
const DIGEST_LIMITS = { timeoutMs: 5 * 60_000, memoryMb: 1024 };

const started = Date.now();
const loadAtStart = loadavg();
const log = (message: string) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)} s] ${message}\n`);
const folder = mkdtempSync(path.join(tmpdir(), "copilot-seat-bot-bench-"));

log("bundling the Slack-facing function and the baselines as the CDK stack does");
const bundles = buildBundles();
try {
  log(`cold starts: ${ROUNDS.coldStarts} rounds of four fresh processes, in random order`);
  const cold = await measureColdStarts(bundles, ROUNDS.coldStarts);
  log(`acknowledgements: ${ROUNDS.acknowledgements} requests and approvals, with two baseline handlers beside them`);
  const acks = await measureAcknowledgements(bundles, ROUNDS.acknowledgements);
  log(`seat listing: ${SEATS} seats at ${SEAT_PAGE_LATENCY_MS} ms a page, ${ROUNDS.seatListings} times`);
  const seats = await measureSeatListing(SEATS, SEAT_PAGE_LATENCY_MS, ROUNDS.seatListings);
  log(`digest: generating 100k- and 1M-row users reports of ${DIGEST_USERS} users in ${folder}`);
  const digest = await measureDigest(folder, DIGEST_USERS, ROUNDS.digest);

  const seatBound = (Math.ceil(SEATS / 100) * SEAT_PAGE_LATENCY_MS) / SEAT_LISTING_CONCURRENCY;
  const rowsPerSecond = (rows: number, runs: { ms: number }[]) => rows / (median(runs.map((run) => run.ms)) / 1000);
  const peak = (runs: { peakRssMb: number }[]) => Math.max(...runs.map((run) => run.peakRssMb));
  const digestLargeMs = Math.max(...digest.digestLarge.map((run) => run.ms));

  const rows: Row[] = [
    {
      figure: "Slack-facing bundle size",
      value: bundles.slackEvents.bytes,
      baselineName: "naive handler",
      baseline: bundles.naive.bytes,
      target: { kind: "info" },
      unit: "KB",
    },
    {
      // Judged on CPU time: the elapsed time also counts waiting for a free core, which other work on a shared
      // machine makes longer for whichever process happens to start at the wrong moment.
      figure: "module load, cold process (median CPU ms)",
      value: median(cold.loadCpu.slackEvents),
      baselineName: "naive handler",
      baseline: median(cold.loadCpu.naive),
      target: { kind: "ratio-at-most", limit: 0.4 },
      unit: "ms",
    },
    {
      figure: "module load, cold process (median elapsed ms)",
      value: median(cold.load.slackEvents),
      baselineName: "naive handler",
      baseline: median(cold.load.naive),
      target: { kind: "info", note: "≤ 0.4× on CPU time" },
      unit: "ms",
    },
    {
      figure: "first acknowledgement, cold process (median ms)",
      value: median(cold.firstAck.slackEvents),
      baselineName: "minimal Bolt ack-only",
      baseline: median(cold.firstAck.minimalBolt),
      target: { kind: "ratio-at-most", limit: 1.0 },
      unit: "ms",
    },
    {
      figure: "`/copilot request` acknowledgement p99 (ms)",
      value: percentile(acks.requestAcks, 99),
      baselineName: "Bolt ack after DynamoDB then SQS, p99",
      baseline: percentile(acks.floorRequestAcks, 99),
      target: { kind: "at-most", limit: ACK_P99_TARGET_MS },
      unit: "ms",
    },
    {
      figure: "Approve click acknowledgement p99 (ms)",
      value: percentile(acks.approveAcks, 99),
      baselineName: "Bolt ack after one SQS round trip, p99",
      baseline: percentile(acks.floorApproveAcks, 99),
      target: { kind: "at-most", limit: ACK_P99_TARGET_MS },
      unit: "ms",
    },
    {
      // A shared virtual machine's steal time stalls the bot and its baselines alike; the p99s above are read with it.
      figure: "CPU time the hypervisor took away during the timed `/copilot request` rounds",
      value: acks.stolenDuringRequests ?? Number.NaN,
      target: { kind: "info" },
      unit: "share",
    },
    {
      figure: "CPU time the hypervisor took away during the timed Approve rounds",
      value: acks.stolenDuringApprovals ?? Number.NaN,
      target: { kind: "info" },
      unit: "share",
    },
    {
      figure: "minimal Bolt ack-only p99, commands and clicks (ms)",
      value: percentile(acks.baselineAcks, 99),
      target: { kind: "info" },
      unit: "ms",
    },
    {
      figure: "Slack calls made on acknowledgement paths",
      value: acks.slackCallsOnAcks,
      target: { kind: "at-most", limit: 0 },
      unit: "count",
    },
    {
      figure: "AWS requests per `/copilot request` acknowledgement",
      value: acks.awsRequestsPerRequestAck,
      target: { kind: "info", note: "≤ 2 sequential" },
      unit: "count",
    },
    {
      figure: "AWS requests per Approve acknowledgement",
      value: acks.awsRequestsPerApproveAck,
      target: { kind: "info", note: "≤ 2 sequential" },
      unit: "count",
    },
    {
      figure: "sequential AWS round trips, `/copilot request` acknowledgement (most seen)",
      value: acks.awsRoundTripsPerRequestAck,
      target: { kind: "at-most", limit: 2 },
      unit: "count",
    },
    {
      figure: "sequential AWS round trips, Approve acknowledgement (most seen)",
      value: acks.awsRoundTripsPerApproveAck,
      target: { kind: "at-most", limit: 2 },
      unit: "count",
    },
    {
      figure: `listing ${SEATS.toLocaleString("en")} seats at ${SEAT_PAGE_LATENCY_MS} ms a page (median ms)`,
      value: median(seats.listings),
      baselineName: `⌈N/100⌉ × ${SEAT_PAGE_LATENCY_MS} ms ÷ ${SEAT_LISTING_CONCURRENCY}`,
      baseline: seatBound,
      target: { kind: "ratio-at-most", limit: 1.3 },
      unit: "ms",
    },
    {
      figure: "GitHub calls per approval (click to seat)",
      value: acks.githubCallsApproval,
      target: { kind: "at-most", limit: 2 },
      unit: "count",
    },
    {
      figure: "GitHub calls from filing to seat",
      value: acks.githubCallsFiling + acks.githubCallsApproval,
      target: { kind: "at-most", limit: 4 },
      unit: "count",
    },
    {
      figure: "GitHub calls per admin Home open (summary stored)",
      value: acks.githubCallsAdminHome,
      target: { kind: "at-most", limit: 1 },
      unit: "count",
    },
    {
      figure: `GitHub calls storing the first subscription summary (${acks.seats.toLocaleString("en-US")} seats)`,
      value: acks.githubCallsFirstSummary,
      // The open reads the subscription once to show the counts meanwhile; the listing reads it again with the pages.
      baselineName: "the open's read + ⌈seats/100⌉ pages + the subscription",
      baseline: Math.ceil(acks.seats / 100) + 2,
      target: { kind: "info", note: "once; then the sweep's" },
      unit: "count",
    },
    {
      figure: "digest throughput, 1M-row users report (rows/s)",
      value: rowsPerSecond(digest.rows.large, digest.digestLarge),
      baselineName: "bare JSON.parse loop",
      baseline: rowsPerSecond(digest.rows.large, digest.bareLarge),
      target: { kind: "ratio-at-least", limit: 0.85 },
      unit: "rows/s",
    },
    {
      figure: "digest peak memory, 1M rows (MB RSS)",
      value: peak(digest.digestLarge),
      baselineName: "100k rows, same 50,000 users",
      baseline: peak(digest.digestSmall),
      target: { kind: "ratio-at-most", limit: 1.1 },
      unit: "MB",
    },
    {
      figure: "digest 1M-row pass, time (ms)",
      value: digestLargeMs,
      baselineName: "digest function timeout",
      baseline: DIGEST_LIMITS.timeoutMs,
      target: { kind: "ratio-at-most", limit: 0.5 },
      unit: "ms",
    },
    {
      figure: "digest 1M-row pass, peak memory (MB RSS)",
      value: peak(digest.digestLarge),
      baselineName: "digest function memory",
      baseline: DIGEST_LIMITS.memoryMb,
      target: { kind: "ratio-at-most", limit: 0.5 },
      unit: "MB",
    },
  ];

  const { text, results } = renderTable(rows);
  process.stdout.write(`${text}\n`);
  const resultsFolder = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(resultsFolder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const output = path.join(resultsFolder, `bench-${stamp}.json`);
  writeFileSync(
    output,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        // Others' work on the same machine slows everything; the ratios are what to compare between runs.
        loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
        durationSeconds: Math.round((Date.now() - started) / 1000),
        latencyModelMs: LATENCY_MS,
        rounds: ROUNDS,
        results,
        samples: {
          bundleBytes: {
            slackEvents: bundles.slackEvents.bytes,
            naive: bundles.naive.bytes,
            minimalBolt: bundles.minimalBolt.bytes,
            roundTrips: bundles.roundTrips.bytes,
          },
          cold,
          acknowledgements: acks,
          seatListing: seats,
          digest,
        },
      },
      null,
      2,
    )}\n`,
  );
  log(
    `wrote ${path.relative(process.cwd(), output)} (load average ${loadAtStart[0]?.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} now, ${cpus().length} CPUs)`,
  );
  const failed = results.filter((result) => result.pass === false).length;
  log(failed === 0 ? "every target met" : `${failed} target(s) not met`);
  const floorP99 = Math.max(percentile(acks.floorRequestAcks, 99), percentile(acks.floorApproveAcks, 99));
  if (floorP99 > ACK_P99_TARGET_MS) {
    log(
      `the handler that only waits on the same round trips had a p99 of ${floorP99.toFixed(1)} ms itself: this run's acknowledgement p99s measure the machine's noise more than the bot`,
    );
  }
} finally {
  bundles.remove();
  rmSync(folder, { recursive: true, force: true });
}
