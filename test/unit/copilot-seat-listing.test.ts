import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CopilotBilling } from "../../src/github/copilot-billing.js";
import { createGitHubClient } from "../../src/github/octokit.js";
import { GitHubFake } from "../fakes/github-fake.js";
import { GITHUB_TOKEN, ORG } from "../support/bot-under-test.js";

const PAGE_DELAY_MS = 20;

let github: GitHubFake;
let slowGitHub: Server;
let inFlight = 0;
let mostInFlight = 0;
let billing: CopilotBilling;

/** GitHub a little slow to answer, counting how many requests are open at once. */
async function startSlowGitHub(target: URL): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    setTimeout(() => {
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing).on("finish", () => {
            inFlight -= 1;
          });
        },
      );
      incoming.pipe(forwarded);
    }, PAGE_DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  slowGitHub = await startSlowGitHub(new URL(github.url));
  const { port } = slowGitHub.address() as AddressInfo;
  billing = new CopilotBilling(
    createGitHubClient({
      apiUrl: `http://127.0.0.1:${port}`,
      auth: { kind: "token", token: GITHUB_TOKEN },
      retryBaseMs: 1,
    }),
    ORG,
  );
});

beforeEach(() => {
  github.reset();
  mostInFlight = 0;
});

afterAll(async () => {
  slowGitHub.closeAllConnections();
  await new Promise((resolve) => slowGitHub.close(resolve));
  await github.stop();
});

describe("listing every Copilot seat", () => {
  it("fetches the pages after the first several at a time, never more than eight at once", async () => {
    // Prepare: 30 pages of 100
    for (let i = 0; i < 2_950; i++) github.seats.set(`dev${i}`, { login: `dev${i}` });

    // Act
    const seats = await billing.listAllSeats();

    // Assess
    expect(github.callsTo("GET", "/orgs/{org}/copilot/billing/seats")).toHaveLength(30);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(8);
    expect(github.contractViolations).toEqual([]);
    expect(seats).toHaveLength(2_950);
  });

  it("keeps GitHub's order of the seats, whichever page arrives first", async () => {
    // Prepare
    for (let i = 0; i < 1_234; i++) github.seats.set(`dev${i}`, { login: `dev${i}` });

    // Act
    const seats = await billing.listAllSeats();

    // Assess
    expect(seats.map((seat) => seat.login)).toEqual(Array.from({ length: 1_234 }, (_, i) => `dev${i}`));
  });

  it("makes one call when every seat fits on the first page", async () => {
    // Prepare
    github.seats.set("octocat", { login: "octocat" });

    // Act
    const seats = await billing.listAllSeats();

    // Assess
    expect(seats.map((seat) => seat.login)).toEqual(["octocat"]);
    expect(github.callsTo("GET", "/orgs/{org}/copilot/billing/seats")).toHaveLength(1);
  });
});
