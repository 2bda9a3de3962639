import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopilotBilling } from "../../src/github/copilot-billing.js";
import { createGitHubClient } from "../../src/github/octokit.js";
import { GitHubFake } from "../fakes/github-fake.js";
import { GITHUB_TOKEN, ORG } from "../support/bot-under-test.js";
import { fixtureJson } from "../support/digest-scenario.js";

let github: GitHubFake;
let billing: CopilotBilling;

beforeAll(async () => {
  github = await new GitHubFake(ORG, GITHUB_TOKEN).start();
  billing = new CopilotBilling(
    createGitHubClient({ apiUrl: github.url, auth: { kind: "token", token: GITHUB_TOKEN }, retryBaseMs: 1 }),
    ORG,
  );
});

afterAll(async () => {
  await github.stop();
});

describe("CopilotBilling", () => {
  it("lists every seat, following GitHub's pages of 100", async () => {
    for (let i = 0; i < 230; i++)
      github.seats.set(`dev${i}`, { login: `dev${i}`, lastActivityAt: "2026-06-01T00:00:00Z" });

    const seats = await billing.listAllSeats();

    expect(seats).toHaveLength(230);
    expect(new Set(seats.map((s) => s.login)).size).toBe(230);
    expect(github.callsTo("GET", "/orgs/{org}/copilot/billing/seats")).toHaveLength(3);
    expect(github.contractViolations).toEqual([]);
  });

  it("reads the seat breakdown, plan and policies of the subscription", async () => {
    const answer = fixtureJson("copilot-billing.json");
    github.route("get", "/orgs/{org}/copilot/billing", () => ({ status: 200, body: answer }));

    const details = await billing.getBilling();

    expect(details).toEqual({
      seatBreakdown: {
        total: 10,
        addedThisCycle: 2,
        pendingCancellation: 1,
        pendingInvitation: 0,
        activeThisCycle: 7,
        inactiveThisCycle: 3,
      },
      planType: "business",
      seatManagementSetting: "assign_selected",
      policies: { public_code_suggestions: "block", ide_chat: "enabled", platform_chat: "enabled", cli: "enabled" },
    });
    expect(github.contractViolations).toEqual([]);
  });
});
