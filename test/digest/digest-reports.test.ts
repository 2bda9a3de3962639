import { describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbUsageHistory } from "../../src/dynamodb/dynamodb-usage-history.js";
import { gitHubError, notFound } from "../fakes/github-fake.js";
import { DIGEST_NOW } from "../fixtures/digest-seats.js";
import { basicError } from "../fixtures/github-objects.js";
import { GITHUB_TOKEN, TABLE_NAME } from "../support/bot-under-test.js";
import {
  blocksText,
  FOURTEEN_DAYS,
  fileRequests,
  fixtureText,
  serveReportsApi,
  serveSeats,
} from "../support/digest-scenario.js";
import { DIGEST_CHANNEL, useDigest } from "../support/digest-under-test.js";

const BACKEND_CHANNEL = "CBACKEND1";
const WEB_CHANNEL = "CWEB00001";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const digest = useDigest(
  { env: { DIGEST_TEAM_CHANNELS: `backend=${BACKEND_CHANNEL},web=${WEB_CHANNEL}` }, now: DIGEST_NOW },
  async (fresh) => {
    serveReportsApi(fresh.metrics);
    serveSeats(fresh.metrics);
    await fileRequests(fresh.store);
  },
);

function onlyDigestIn(channel: string) {
  const posted = digest.postedTo(channel);
  expect(posted).toHaveLength(1);
  return posted[0] as Record<string, unknown>;
}

describe("the organization digest from the usage metrics reports", () => {
  it("reports active users, acceptance rate and lines added for the week, against the week before", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    expect(text).toContain("Copilot weekly digest: acme");
    // weekly_active_users on 2026-06-07 = 22, on 2026-05-31 = 16: +6
    expect(text).toContain("• Weekly active users on 2026-06-07: *22* (+6 from 16 on 2026-05-31)");
    // daily_active_users on 2026-06-07 = 12, on 2026-05-31 = 9: +3
    expect(text).toContain("• Daily active users on 2026-06-07: *12* (+3 from 9 on 2026-05-31)");
    expect(text).toContain("• Monthly users (28 days ending 2026-06-07): chat *10* · agent *5*");
    // loc_added_sum 300+320+280+300+260+200+400 = 2060; before 200+240+220+240+220+160+320 = 1600; +460
    expect(text).toContain("*Lines of code added with Copilot*: *2,060* in the week (+460 from 1,600 the week before)");
  });

  it("leads with GitHub's code completion acceptance rate, and labels the broader ratio as a different figure", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    // totals_by_feature code_completion, each day 30 generations and 20 acceptances below the day's totals (the
    // rest is chat_panel_ask_mode): week 1030 − 7 × 30 = 820 suggested, 412 − 7 × 20 = 272 accepted: 33.2 %;
    // week before 800 − 210 = 590, 308 − 140 = 168: 28.5 %; 33.2 − 28.5 = +4.7.
    expect(text).toContain(
      "*Code completion acceptance rate*: *33.2%* of inline code suggestions accepted in the week (272 of 820), +4.7 pts from 28.5% the week before (168 of 590)",
    );
    // All acceptance activity ÷ all generation activity: 60+64+56+60+52+40+80 = 412 of
    // 150+160+140+150+130+100+200 = 1030 = 40.0 %, which GitHub does not call its acceptance rate.
    expect(text).toContain(
      "• All code acceptance activity ÷ code generation activity, chat code blocks and insert/copy actions included (not GitHub's acceptance rate): 40.0% (412 of 1,030)",
    );
    expect(text).not.toContain("*40.0%*");
  });

  it("reports Copilot code review users, pull requests and the week's AI credits with the top teams", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    // weekly_*_copilot_code_review_users on 2026-06-07: 4 active, 6 passive; on 2026-05-31: 3 and 6.
    expect(text).toContain(
      "*Copilot code review*, users in the 7 days ending 2026-06-07: active *4* (+1 from 3 on 2026-05-31) · passive (reviews by policy only) *6* (±0 from 6 on 2026-05-31)",
    );
    // created 2+3+3+3+3+1+4 = 19 (before 2+2+2+3+2+1+3 = 15), merged the same 19, reviewed 4+5+5+4+5+1+6 = 30,
    // by Copilot 1 a day created (7) and 2 a day reviewed (14).
    expect(text).toContain(
      "*Pull requests* in the week: created *19* (+4 from 15 the week before) · merged *19* · reviewed *30* · created by Copilot *7* · reviewed by Copilot *14*",
    );
    expect(text).toContain("• Median time to merge on 2026-06-07: *1 h 35 min* (GitHub reports it per day)");
    // Users report: 20 rows of 1.5 + the CLI-only user's 3 + the completions-only user's 0 = 33; the week before
    // 16 rows of 1.5 = 24. Team backend (users-1-day): 2.5+3+4+1+0+1.5+0.5+2 = 14.5; web is left out.
    expect(text).toContain("*AI credits used*: *33* in the week (+9 from 24 the week before)");
    expect(text).toContain("• Top teams by AI credits: 1. backend 14.5");
    // No per-person ranking in a channel.
    expect(text).not.toMatch(/dev1\d\d/);
  });

  it("says there is no history yet on the first run", async () => {
    await digest.run();

    expect(blocksText(onlyDigestIn(DIGEST_CHANNEL))).toContain(
      "*Over the weeks*: no history yet. This is the first week stored;",
    );
    expect(digest.slack.uploads).toHaveLength(1);
  });

  it("ranks the week's top five languages and IDEs by code generation activity", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    // typescript 90+100+70+80+60+50+100 = 550 (550/1030 = 53.4 %), python 40+40+40+40+50+60 = 270 (26.2 %),
    // go 20+40+20 = 80 (7.8 %), java 30+10 = 40 (3.9 %); kotlin, ruby, rust tie at 30 (2.9 %): by name, kotlin.
    // The week before was all COBOL in Emacs, which must not appear.
    expect(text).toContain(
      "*Top languages by activity*\n1. typescript: 550 (53.4%)\n2. python: 270 (26.2%)\n3. go: 80 (7.8%)\n4. java: 40 (3.9%)\n5. kotlin: 30 (2.9%)",
    );
    // vscode 650 (63.1 %), jetbrains 50+40+50+30+40+50 = 260 (25.2 %), visualstudio 50 (4.9 %), eclipse 30 (2.9 %),
    // neovim and xcode tie at 20 (1.9 %): neovim.
    expect(text).toContain(
      "*Top IDEs by activity*\n1. vscode: 650 (63.1%)\n2. jetbrains: 260 (25.2%)\n3. visualstudio: 50 (4.9%)\n4. eclipse: 30 (2.9%)\n5. neovim: 20 (1.9%)",
    );
    expect(text).not.toContain("cobol");
    expect(text).not.toContain("emacs");
  });

  it("counts every users-report row as an active user, prompts or not, for chat, agent and CLI adoption", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    // Week: users 101–120, plus 121 (CLI only: no prompts, empty breakdowns) and 122 (completions only, no
    // prompts) = 22, as the organization report's weekly active users; chat 101–112, agent 101–105, CLI 101–103
    // and 121. Week before: 101–116; chat 101–109, agent 101–103, CLI 101. User 130 (2026-05-20) is in neither week.
    expect(text).toContain("distinct users in the week, of 22 active");
    expect(text).toContain("• Chat: *12 of 22 (54.5%)*; 9 of 16 the week before");
    expect(text).toContain("• Agent: *5 of 22 (22.7%)*; 3 of 16 the week before");
    expect(text).toContain("• CLI: *4 of 22 (18.2%)*; 1 of 16 the week before");
  });

  it("adds up seats, utilization and the monthly cost of seats inactive for 30 days or more", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    // copilot-billing.json: total 10, added this cycle 2, pending cancellation 1.
    expect(text).toContain("• Total: *10* · added this cycle: *2* · pending cancellation: *1*");
    // Active since 2026-05-11T09:00Z: alice, bob, carol, ivan, judy, mia (through an enterprise team), and kim, whose
    // activity is cleared but who signed in on 2026-06-08 = 7, of the 14 listed seats less heidi (pending
    // cancellation) and frank (new, not used yet), as the inactive count below leaves them out = 7 of 12 = 58.3 %.
    expect(text).toContain(
      "• Utilization: *58.3%*, 7 of 12 seats active in the last 30 days (not counted: 1 pending cancellation, 1 assigned less than 30 days ago and not used yet)",
    );
    // dave, grace (unknown plan → the subscription's Business) and leo (signed in 2026-04-20, still too long ago):
    // 3 × $19; erin and the seat without an assignee: 2 × $39. 57 + 78 = $135. frank is new, heidi is already
    // pending cancellation.
    expect(text).toContain(
      "• Inactive for 30+ days: *5*, costing *$135 a month* (3 Business at $19, 2 Enterprise at $39)",
    );
    expect(text).toContain("• Of the assigned seats: 1 without an assignee, 1 through enterprise teams.");
  });

  it("counts the requests filed through the bot in the 7 days before the run", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    // 2026-06-03 – 2026-06-09: r1 (assigned), r2 (denied), r3 (pending), r4 (rejected), r5 (approved, then failed);
    // g1 is an admin's grant; r6 (2026-06-02) and r7 (2026-06-10) fall outside.
    expect(text).toContain("*Requests through the bot*, 2026-06-03 – 2026-06-09");
    expect(text).toContain(
      "• Filed: *5* · approved: *2* · denied: *1* · still pending: *1* · stopped by the checks: *1* · granted directly by admins: *1*",
    );
    // Decisions after 60, 200 and 1440 minutes: the median is 200 minutes.
    expect(text).toContain("• Median time to decision: *3 h 20 min* (3 decided)");
  });

  it("says GitHub completes figures within two full days, where its data starts, and the exact dates covered", async () => {
    await digest.run();

    const message = onlyDigestIn(DIGEST_CHANNEL);
    const text = blocksText(message);
    expect(text).toContain("GitHub completes a day's figures within two full UTC days");
    expect(text).toContain(
      "GitHub's usage metrics start on 2025-12-12 for organizations and 2025-10-10 for enterprises.",
    );
    expect(text).toContain(
      "Usage covers 2026-06-01 – 2026-06-07 (UTC), compared with 2026-05-25 – 2026-05-31; the chart covers 2026-05-11 – 2026-06-07.",
    );
    expect(text).toContain("Seats are as of 2026-06-10T09:00:00Z.");
  });

  it("gives a plain-text fallback with the same figures and stays within Slack's block limits", async () => {
    await digest.run();

    const message = onlyDigestIn(DIGEST_CHANNEL);
    const blocks = message.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks)
      if (block.type === "section" && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    expect(message.text).toContain(
      "Code completion acceptance rate: 33.2% of inline code suggestions accepted in the week (272 of 820), +4.7 pts from 28.5% the week before (168 of 590)",
    );
    expect(message.text).toContain("Weekly active users on 2026-06-07: 22 (+6 from 16 on 2026-05-31)");
    expect(message.text).not.toContain("*");
  });

  it("uploads a PNG chart of daily active users and code completion acceptance rate to the digest's channel", async () => {
    await digest.run();

    expect(digest.slack.callsTo("files.getUploadURLExternal")).toHaveLength(1);
    expect(digest.slack.callsTo("files.completeUploadExternal")).toHaveLength(1);
    const [upload] = digest.slack.uploads;
    expect(upload?.channelId).toBe(DIGEST_CHANNEL);
    expect(upload?.title).toBe("acme: daily active users and code completion acceptance rate, 2026-05-11 – 2026-06-07");
    expect(upload?.bytes?.includes(PNG_SIGNATURE)).toBe(true);
  });
});

describe("the users report", () => {
  it("is only needed for adoption: without it the digest still comes from the reports API, and says what is missing", async () => {
    digest.metrics.serveReport("users-28-day", notFound());

    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    expect(text).toContain("source: Copilot usage metrics reports");
    expect(text).toContain("_Chat, agent and CLI adoption: GitHub did not give the users report (HTTP 404)._");
    expect(digest.metrics.github.callsTo("GET", "/orgs/{org}/copilot/metrics")).toEqual([]);
  });
});

describe("report files", () => {
  it("are read as well when each is one JSON document, as GitHub's example files are, instead of NDJSON", async () => {
    // The organization report pretty-printed over many lines; the users report as one JSON array of rows.
    digest.metrics.putFile(
      "org-document.json",
      "organization-28-day",
      fixtureText("reports/organization-28-day.json"),
      {
        document: true,
      },
    );
    digest.metrics.serveReport("organization-28-day", { files: ["org-document.json"] });
    const rows = fixtureText("reports/users-28-day.ndjson")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as unknown);
    digest.metrics.putFile("users-document.json", "users-28-day", JSON.stringify(rows, null, 2), { document: true });
    digest.metrics.serveReport("users-28-day", { files: ["users-document.json"] });

    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    expect(text).toContain("• Weekly active users on 2026-06-07: *22* (+6 from 16 on 2026-05-31)");
    expect(text).toContain("*Code completion acceptance rate*: *33.2%*");
    expect(text).toContain("distinct users in the week, of 22 active");
  });
});

describe("report downloads", () => {
  it("never sends the GitHub token, or any credentials, to the storage host", async () => {
    await digest.run();

    const downloads = digest.metrics.storage.requests;
    expect(downloads.length).toBeGreaterThan(0);
    for (const request of downloads) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(GITHUB_TOKEN);
    }
    // The reports API itself did get the token: the links came from an authenticated GitHub.
    expect(digest.metrics.reportCalls("organization-28-day")[0]?.authorization).toBe(`token ${GITHUB_TOKEN}`);
  });

  it("asks GitHub for fresh links once when the storage host refuses an expired link", async () => {
    digest.metrics.storage.expireNextDownload("organization-28-day.ndjson");

    await digest.run();

    expect(digest.metrics.reportCalls("organization-28-day")).toHaveLength(2);
    const downloads = digest.metrics.storage.downloadsOf("organization-28-day.ndjson");
    expect(downloads.map((d) => d.status)).toEqual([403, 200]);
    expect(downloads[0]?.query.get("sig")).not.toBe(downloads[1]?.query.get("sig"));
    expect(blocksText(onlyDigestIn(DIGEST_CHANNEL))).toContain("• Weekly active users on 2026-06-07: *22*");
  });

  it("fails the run, posting nothing, when the fresh link is refused too", async () => {
    digest.metrics.storage.expireNextDownload("organization-28-day.ndjson", 2);

    await expect(digest.run()).rejects.toThrow(/expired/);

    expect(digest.metrics.reportCalls("organization-28-day")).toHaveLength(2);
    expect(digest.postedTo(DIGEST_CHANNEL)).toEqual([]);
  });
});

describe("team digests", () => {
  it("posts each team's figures, from the users reports joined with the user-teams reports, to its channel", async () => {
    await digest.run();

    const text = blocksText(onlyDigestIn(BACKEND_CHANNEL));
    expect(text).toContain("Copilot weekly digest: team backend (acme)");
    // backend = users 101–106. Active in the week: 101, 102, 103, 104 (completions only, no prompts), 105 and 106
    // (CLI only) = 6; the week before: 101, 102, 103 = 3.
    expect(text).toContain("• Weekly active users on 2026-06-07: *6* (+3 from 3 on 2026-05-31)");
    // 2026-06-07: 101 and 105; 2026-05-31: 101.
    expect(text).toContain("• Daily active users on 2026-06-07: *2* (+1 from 1 on 2026-05-31)");
    // code_completion only: week 30/9 (103) + 10/5 (101) + 20/6 (104) + 10/2 (105) = 22 of 70: 31.4 %;
    // before 20/6 (102) + 20/6 (103) + 20/7 (101) = 19 of 60: 31.7 %; 31.4 − 31.7 = −0.3.
    // User 107 (web only) and user 150 (no team) are not counted.
    expect(text).toContain(
      "*Code completion acceptance rate*: *31.4%* of inline code suggestions accepted in the week (22 of 70), -0.3 pts from 31.7% the week before (19 of 60)",
    );
    // Every feature: 20+10+30+10+20+20+10 = 120 generated, 10+4+9+5+6+8+2 = 44 accepted: 36.7 %.
    expect(text).toContain("included (not GitHub's acceptance rate): 36.7% (44 of 120)");
    // 2.5+3+4+1+0+1.5+0.5+2 = 14.5; before 1+2+1.5+0.5 = 5.
    expect(text).toContain("*AI credits used*: *14.5* in the week (+9.5 from 5 the week before)");
    // 30+10+40+10+20+30+10 = 150; before 20+20+20+30 = 90.
    expect(text).toContain("*Lines of code added with Copilot*: *150* in the week (+60 from 90 the week before)");
    // typescript 20+10+20 (101) + 20 (104) = 70, go 30, python 10+10 = 20; of 120.
    expect(text).toContain("1. typescript: 70 (58.3%)\n2. go: 30 (25.0%)\n3. python: 20 (16.7%)");
    // vscode 20+30+10+20+10 = 90, neovim 20, jetbrains 10.
    expect(text).toContain("1. vscode: 90 (75.0%)\n2. neovim: 20 (16.7%)\n3. jetbrains: 10 (8.3%)");
    // Chat: 101, 102; agent: 101; CLI: 103 and 106. Before: chat 101.
    expect(text).toContain("• Chat: *2 of 6 (33.3%)*; 1 of 3 the week before");
    expect(text).toContain("• CLI: *2 of 6 (33.3%)*; 0 of 3 the week before");
    expect(digest.metrics.reportCalls("users-1-day")).toHaveLength(14);
    expect(digest.metrics.reportCalls("user-teams-1-day")).toHaveLength(14);
  });

  it("stores each team's week beside the organization's, for their own trends", async () => {
    await digest.run();

    const history = new DynamoDbUsageHistory(
      createDocumentClient({ region: "us-east-1", endpoint: String(process.env.DYNAMODB_ENDPOINT) }),
      TABLE_NAME,
    );
    // The backend figures above: 6 weekly active users, 2 on the last day, 22 of 70 completions, 150 lines, 14.5
    // credits.
    expect(await history.recentWeeks({ kind: "team", name: "backend", organization: "acme" }, 12)).toEqual([
      {
        weekEnding: "2026-06-07",
        source: "reports",
        weeklyActiveUsers: 6,
        dailyActiveUsers: 2,
        completionsSuggested: 70,
        completionsAccepted: 22,
        linesAdded: 150,
        aiCredits: 14.5,
        storedAt: "2026-06-10T09:00:00.000Z",
      },
    ]);
    expect(blocksText(onlyDigestIn(BACKEND_CHANNEL))).toContain("*Over the weeks*: no history yet.");
    // web is left out, so nothing is stored for it.
    expect(await history.recentWeeks({ kind: "team", name: "web", organization: "acme" }, 12)).toEqual([]);
  });

  it("gives no team figure for a day whose user-teams report is not out yet, rather than counting nobody", async () => {
    digest.metrics.serveReport("user-teams-1-day", { status: 204 }, { day: "2026-06-07" });

    await digest.run();

    const text = blocksText(onlyDigestIn(BACKEND_CHANNEL));
    // Without the memberships of 2026-06-07, that day is not the team's last reported day: 101 and 105 were active on
    // it, and must not show as 0.
    expect(text).not.toContain("Daily active users on 2026-06-07: *0*");
    expect(text).not.toContain("Daily active users on 2026-06-07");
  });

  it("leaves the teams out, keeping the organization's digest, when GitHub has no team reports", async () => {
    for (const day of FOURTEEN_DAYS) digest.metrics.serveReport("user-teams-1-day", notFound(), { day });

    await digest.run();

    expect(blocksText(onlyDigestIn(DIGEST_CHANNEL))).toContain("• Weekly active users on 2026-06-07: *22*");
    expect(digest.postedTo(BACKEND_CHANNEL)).toEqual([]);
  });

  it("leaves out teams with fewer than 5 members, as GitHub does", async () => {
    await digest.run();

    // web = users 106, 107, 108.
    expect(digest.postedTo(WEB_CHANNEL)).toEqual([]);
  });
});

describe("when there is no data", () => {
  it("says there is no data yet, with the date, when GitHub's report has no files yet", async () => {
    // The 28-day endpoints document no 204 (@octokit/openapi 23.x): no report yet is a report without links.
    digest.metrics.serveReport("organization-28-day", { files: [] });

    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    expect(text).toContain("*No Copilot usage data yet* as of 2026-06-10");
    expect(text).toContain("• Total: *10*");
    expect(digest.slack.uploads).toEqual([]);
  });

  it("says there is no data yet when the report has no days", async () => {
    const empty = {
      report_start_day: "2026-05-11",
      report_end_day: "2026-06-07",
      organization_id: "1001",
      day_totals: [],
    };
    digest.metrics.putFile("empty.ndjson", "organization-28-day", `${JSON.stringify(empty)}\n`);
    digest.metrics.serveReport("organization-28-day", { files: ["empty.ndjson"] });

    await digest.run();

    expect(blocksText(onlyDigestIn(DIGEST_CHANNEL))).toContain(
      "*No Copilot usage data yet* as of 2026-06-10 (the organization-28-day report has no days yet)",
    );
  });
});

describe("when GitHub refuses", () => {
  it("posts one line on how to turn on the metrics policy, and fails the invocation", async () => {
    digest.metrics.serveReport("organization-28-day", {
      status: 403,
      body: basicError("Copilot Metrics API access is disabled for this organization by an enterprise policy.", 403),
    });

    await expect(digest.run()).rejects.toThrow(/METRICS_POLICY_DISABLED/);

    const line = onlyDigestIn(DIGEST_CHANNEL);
    expect(line.text).toContain("The weekly Copilot digest for `acme` could not be built.");
    expect(line.text).toContain("turn on the “Copilot usage metrics” policy");
    expect(String(line.text)).not.toContain("\n");
    // A refusal is not a reason to fall back to an older API.
    expect(digest.metrics.github.callsTo("GET", "/orgs/{org}/copilot/metrics")).toEqual([]);
  });

  it("names the missing permission when the credentials may not read the metrics", async () => {
    digest.metrics.serveReport("organization-28-day", {
      status: 403,
      body: basicError("Resource not accessible by integration", 403),
    });

    await expect(digest.run()).rejects.toThrow(/METRICS_PERMISSION_MISSING/);

    expect(onlyDigestIn(DIGEST_CHANNEL).text).toContain(
      "Give the bot's GitHub App the organization permission “Organization Copilot metrics” (read)",
    );
  });

  it("names the seat permission when GitHub refuses the seat list", async () => {
    digest.metrics.github.script(
      "get",
      "/orgs/{org}/copilot/billing",
      gitHubError(403, "Resource not accessible by integration"),
    );

    await expect(digest.run()).rejects.toThrow(/SEAT_PERMISSION_MISSING/);

    expect(onlyDigestIn(DIGEST_CHANNEL).text).toContain("“GitHub Copilot Business” (read)");
  });

  it("says a billing manager must fix the payment method when GitHub answers 422 on the subscription", async () => {
    digest.metrics.github.script(
      "get",
      "/orgs/{org}/copilot/billing",
      gitHubError(422, "There is a problem with your account's associated payment method."),
    );

    await expect(digest.run()).rejects.toThrow(/SEAT_BILLING_PROBLEM/);

    expect(onlyDigestIn(DIGEST_CHANNEL).text).toContain("GitHub reports a problem with the payment method of `acme`");
  });
});
