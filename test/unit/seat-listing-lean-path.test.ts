import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CopilotBilling } from "../../src/github/copilot-billing.js";
import { createGitHubClient, GITHUB_API_VERSION } from "../../src/github/octokit.js";
import { GitHubFailure } from "../../src/seat/github-failure.js";
import { GitHubFake } from "../fakes/github-fake.js";
import { GITHUB_TOKEN, ORG } from "../support/bot-under-test.js";

/**
 * The seat pages after the first skip Octokit's plugins; these tests hold that path to the same credentials, API
 * version, deadline and rate-limit handling as every other GitHub call.
 */

let github: GitHubFake;
let proxy: Server;
let proxyUrl: string;
/** Every request that reached the proxy: its page and headers. */
let seen: { page: number; headers: IncomingHttpHeaders }[] = [];
/** What the proxy does instead of forwarding, by page, for the next requests of that page. */
let faults = new Map<number, ("502" | "429" | "hang")[]>();

async function startProxy(target: URL): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const page = Number(new URL(incoming.url ?? "/", "http://x").searchParams.get("page") ?? "1");
    seen.push({ page, headers: incoming.headers });
    const fault = faults.get(page)?.shift();
    if (fault === "hang") return;
    if (fault === "502") {
      outgoing.writeHead(502, { "content-type": "application/json" }).end('{"message":"Server Error"}');
      return;
    }
    if (fault === "429") {
      outgoing
        .writeHead(429, { "content-type": "application/json", "retry-after": "60" })
        .end('{"message":"You have exceeded a secondary rate limit."}');
      return;
    }
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
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

function billingWith(options: { requestTimeoutMs?: number } = {}): CopilotBilling {
  return new CopilotBilling(
    createGitHubClient({
      apiUrl: proxyUrl,
      auth: { kind: "token", token: GITHUB_TOKEN },
      retryBaseMs: 1,
      ...options,
    }),
    ORG,
  );
}

beforeAll(async () => {
  github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  proxy = await startProxy(new URL(github.url));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

beforeEach(() => {
  github.reset();
  seen = [];
  faults = new Map();
  // Five pages of 100.
  for (let i = 0; i < 450; i++) github.seats.set(`dev${i}`, { login: `dev${i}` });
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await github.stop();
});

describe("the seat pages after the first", () => {
  it("carry the same credentials and pinned API version as the first page", async () => {
    // Act
    const seats = await billingWith().listAllSeats();

    // Assess
    expect(seats).toHaveLength(450);
    expect(seen.map((request) => request.page).sort()).toEqual([1, 2, 3, 4, 5]);
    for (const { headers } of seen) {
      expect(headers.authorization).toBe(`token ${GITHUB_TOKEN}`);
      expect(headers["x-github-api-version"]).toBe(GITHUB_API_VERSION);
    }
    expect(github.contractViolations).toEqual([]);
  });

  it("ask GitHub once more through the whole client when a page fails, and the listing completes", async () => {
    // Prepare
    faults.set(3, ["502"]);

    // Act
    const seats = await billingWith().listAllSeats();

    // Assess
    expect(seats.map((seat) => seat.login)).toEqual(Array.from({ length: 450 }, (_, i) => `dev${i}`));
    expect(seen.filter((request) => request.page === 3)).toHaveLength(2);
  });

  it("leave a long rate limit to the queue instead of waiting it out", async () => {
    // Prepare: GitHub asks for a minute's pause on page 3.
    faults.set(3, ["429", "429", "429", "429"]);
    const started = Date.now();

    // Act
    const failure = await billingWith()
      .listAllSeats()
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(GitHubFailure);
    expect((failure as GitHubFailure).code).toBe("GITHUB_RATE_LIMITED");
    expect((failure as GitHubFailure).retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen.filter((request) => request.page === 3)).toHaveLength(1);
  });

  it("are not asked for any more once one was refused, so a rate-limited listing stops spending the limit", async () => {
    // Prepare: 40 pages, and GitHub refuses the third for its rate limit.
    for (let i = 450; i < 4_000; i++) github.seats.set(`dev${i}`, { login: `dev${i}` });
    faults.set(3, ["429"]);

    // Act
    const failure = await billingWith()
      .listAllSeats()
      .catch((error: unknown) => error);
    // Anything still running would ask for its page after the listing had failed.
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess: the first page, and at most two rounds of the eight pages in flight when page 3 was refused.
    expect((failure as GitHubFailure).code).toBe("GITHUB_RATE_LIMITED");
    expect(new Set(seen.map((request) => request.page)).size).toBeLessThanOrEqual(1 + 2 * 8);
  });

  it("are not asked for again after running out of time", async () => {
    // Prepare
    faults.set(4, ["hang", "hang"]);

    // Act
    const failure = await billingWith({ requestTimeoutMs: 300 })
      .listAllSeats()
      .catch((error: unknown) => error);

    // Assess
    expect((failure as GitHubFailure).code).toBe("GITHUB_TIMEOUT");
    expect(seen.filter((request) => request.page === 4)).toHaveLength(1);
  });
});

describe("the seat pages of a GitHub App", () => {
  it("are signed with the installation token the first page bought, bought once", async () => {
    // Prepare
    const installationToken = "ghs_installation0123456789";
    const app = await new GitHubFake(ORG, installationToken).start();
    let exchanges = 0;
    app.route("post", "/app/installations/{installation_id}/access_tokens", () => {
      exchanges += 1;
      return {
        status: 201,
        body: { token: installationToken, expires_at: new Date(Date.now() + 3600_000).toISOString() },
      };
    });
    for (let i = 0; i < 250; i++) app.seats.set(`dev${i}`, { login: `dev${i}` });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const billing = new CopilotBilling(
      createGitHubClient({
        apiUrl: app.url,
        auth: {
          kind: "app",
          appId: "12345",
          installationId: "678",
          privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
        },
        retryBaseMs: 1,
      }),
      ORG,
    );

    try {
      // Act
      const seats = await billing.listAllSeats();

      // Assess
      expect(seats).toHaveLength(250);
      const pages = app.callsTo("GET", "/orgs/{org}/copilot/billing/seats");
      expect(pages).toHaveLength(3);
      expect(pages.map((call) => call.authorization)).toEqual(Array(3).fill(`token ${installationToken}`));
      expect(exchanges).toBe(1);
      expect(app.contractViolations).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});
