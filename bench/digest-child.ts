import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { CopilotMetricsReports } from "../src/github/copilot-metrics-reports.js";
import type { GitHubClient } from "../src/github/octokit.js";
import { ReportDownloader } from "../src/github/report-download.js";

/**
 * One pass over a generated users report, in a process of its own so that its peak memory is its own:
 * `digest` runs the digest's organization usage (the 28-day report, then every row of the users report into the
 * adoption tally) with the files served as if from GitHub's report storage; `bare` only splits the same file into
 * lines and JSON.parses each. Prints what it counted, milliseconds (elapsed and CPU) and peak RSS as one JSON line.
 */
const [mode, usersFile, organizationFile, startDay, endDay] = process.argv.slice(2) as [
  "digest" | "bare",
  string,
  string,
  string,
  string,
];

async function bare(): Promise<number> {
  let rows = 0;
  let rest = "";
  for await (const chunk of createReadStream(usersFile, { encoding: "utf8", highWaterMark: 1 << 16 })) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      if (line && JSON.parse(line)) rows += 1;
    }
  }
  if (rest && JSON.parse(rest)) rows += 1;
  return rows;
}

/**
 * The fake network, not the product: a file served as a response body arrives, a piece at a time as the reader asks,
 * read on the main thread as a socket's bytes are. A Node file stream adapted to a web stream would add the adapter
 * and the thread pool's round trip to every piece, which a real body does not have.
 */
function storedBody(file: string): ReadableStream<Uint8Array> {
  const descriptor = openSync(file, "r");
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      // Not zero-filled first: every byte handed on is read from the file.
      const piece = Buffer.allocUnsafeSlow(1 << 16);
      const length = readSync(descriptor, piece);
      if (length > 0) return controller.enqueue(piece.subarray(0, length));
      closeSync(descriptor);
      controller.close();
    },
    cancel() {
      closeSync(descriptor);
    },
  });
}

/** The digest's organization usage over the files; returns the week's active users, to check against the data. */
async function digest(): Promise<number> {
  const files: Record<string, string> = {
    "https://reports.example/organization-28-day.ndjson": organizationFile,
    "https://reports.example/users-28-day.ndjson": usersFile,
  };
  const storage = (async (input: string | URL | Request) => {
    const file = files[String(input)];
    if (!file) return new Response("not found", { status: 404 });
    return new Response(storedBody(file), {
      status: 200,
      headers: { "content-type": "application/x-ndjson" },
    });
  }) as typeof fetch;
  // GitHub answers only with the links; everything else comes from storage.
  const github = {
    request: async (route: string) => ({
      status: 200,
      data: {
        download_links: [
          `https://reports.example/${route.includes("users-28-day") ? "users" : "organization"}-28-day.ndjson`,
        ],
        report_start_day: startDay,
        report_end_day: endDay,
      },
    }),
  } as unknown as GitHubClient;
  const reports = new CopilotMetricsReports(github, new ReportDownloader({ fetch: storage }), {
    kind: "organization",
    organization: "acme",
  });
  const result = await reports.usage({ kind: "organization", name: "acme" });
  const adoption = result.kind === "usage" ? result.report.adoption : undefined;
  if (adoption?.basis !== "week") throw new Error(`The digest found no weekly adoption: ${JSON.stringify(result)}`);
  return adoption.week.activeUsers;
}

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const counted = mode === "bare" ? { rows: await bare() } : { activeUsers: await digest() };
const ms = performance.now() - started;
// CPU time beside the elapsed: on a shared machine, the elapsed time also counts waiting for a free core.
const cpu = process.cpuUsage(cpuAtStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ ...counted, ms, cpuMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
