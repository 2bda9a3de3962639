import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { CopilotBilling } from "../src/github/copilot-billing.js";
import { createGitHubClient } from "../src/github/octokit.js";

const ORG = "acme";
const TOKEN = "ghp_benchtoken0123456789";

export interface SeatListingFigures {
  seats: number;
  pageLatencyMs: number;
  /** Milliseconds per complete listing. */
  listings: number[];
  /**
   * CPU milliseconds the listing process spent per listing (user and system). Less noisy than the wall time on a
   * shared machine, and what the wall time loses to once pages wait on the event loop rather than on GitHub.
   */
  cpuMs: number[];
  /** Requests in the last listing, and the most that were open at once. */
  pages: number;
  mostConcurrent: number;
  listed: number;
}

/**
 * Lists every seat of a large organization through the real `CopilotBilling` and Octokit client, against a fake of
 * GitHub's seat endpoint with `pageLatencyMs` per page, in a process of its own.
 */
export async function measureSeatListing(
  seats: number,
  pageLatencyMs: number,
  rounds: number,
): Promise<SeatListingFigures> {
  const fake = fork(
    fileURLToPath(new URL("./seat-fake-server.ts", import.meta.url)),
    [String(seats), String(pageLatencyMs), ORG],
    { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  try {
    const [{ url }] = (await once(fake, "message")) as [{ url: string }];
    const billing = new CopilotBilling(
      createGitHubClient({ apiUrl: url, auth: { kind: "token", token: TOKEN }, retryBaseMs: 1 }),
      ORG,
    );
    const listings: number[] = [];
    const cpuMs: number[] = [];
    let listed = 0;
    let stats = { requests: 0, mostConcurrent: 0 };
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      listed = (await billing.listAllSeats()).length;
      listings.push(performance.now() - started);
      const spent = process.cpuUsage(cpu);
      cpuMs.push((spent.user + spent.system) / 1000);
      fake.send("stats");
      [stats] = (await once(fake, "message")) as [typeof stats];
    }
    return {
      seats,
      pageLatencyMs,
      listings,
      cpuMs,
      pages: stats.requests,
      mostConcurrent: stats.mostConcurrent,
      listed,
    };
  } finally {
    fake.send("stop");
    await once(fake, "exit");
  }
}
