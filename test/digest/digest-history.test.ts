import { describe, expect, it, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbPersonalUsage } from "../../src/dynamodb/dynamodb-personal-usage.js";
import { DIGEST_NOW } from "../fixtures/digest-seats.js";
import { TABLE_NAME } from "../support/bot-under-test.js";
import { blocksText, fixtureJson, fixtureText, serveReportsApi, serveSeats } from "../support/digest-scenario.js";
import { DIGEST_CHANNEL, useDigest } from "../support/digest-under-test.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const digest = useDigest({ now: DIGEST_NOW }, (fresh) => {
  serveReportsApi(fresh.metrics);
  serveSeats(fresh.metrics);
});

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface DayTotals {
  day: string;
  weekly_active_users: number;
  totals_by_feature: { feature: string; code_acceptance_activity_count: number }[];
}

/**
 * The fixture organization's reports as a run `weeksBack` weeks earlier saw them: every day moved back, with the
 * last day's weekly active users and code completion acceptances set as given.
 */
function serveEarlierReports(weeksBack: number, last: { weeklyActiveUsers: number; acceptancesLess: number }) {
  const days = -7 * weeksBack;
  const report = fixtureJson<{ report_start_day: string; report_end_day: string; day_totals: DayTotals[] }>(
    "reports/organization-28-day.json",
  );
  report.report_start_day = shift(report.report_start_day, days);
  report.report_end_day = shift(report.report_end_day, days);
  for (const day of report.day_totals) day.day = shift(day.day, days);
  const final = report.day_totals.at(-1) as DayTotals;
  final.weekly_active_users = last.weeklyActiveUsers;
  const completion = final.totals_by_feature.find((f) => f.feature === "code_completion");
  if (completion) completion.code_acceptance_activity_count -= last.acceptancesLess;
  const users = fixtureText("reports/users-28-day.ndjson")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const row = JSON.parse(line) as { day: string };
      return JSON.stringify({ ...row, day: shift(row.day, days) });
    })
    .join("\n");
  const name = `-${weeksBack}w`;
  digest.metrics.putFile(`organization${name}.ndjson`, "organization-28-day", `${JSON.stringify(report)}\n`);
  digest.metrics.serveReport("organization-28-day", {
    files: [`organization${name}.ndjson`],
    startDay: report.report_start_day,
    endDay: report.report_end_day,
  });
  digest.metrics.putFile(`users${name}.ndjson`, "users-28-day", `${users}\n`);
  digest.metrics.serveReport("users-28-day", { files: [`users${name}.ndjson`] });
}

describe("the stored weekly history", () => {
  it("builds up run after run: the trend chart and the change against 4 weeks ago from DynamoDB", async () => {
    // Four weeks earlier (week ending 2026-05-10): 15 weekly active users; code completion 272 − 41 = 231 of 820
    // accepted = 28.2 %.
    vi.setSystemTime(new Date("2026-05-13T09:00:00Z"));
    serveEarlierReports(4, { weeklyActiveUsers: 15, acceptancesLess: 41 });
    await digest.run();
    // One week earlier (week ending 2026-05-31): 18 weekly active users.
    vi.setSystemTime(new Date("2026-06-03T09:00:00Z"));
    serveEarlierReports(1, { weeklyActiveUsers: 18, acceptancesLess: 0 });
    await digest.run();
    // This week (ending 2026-06-07), as in the other digest tests: 22 weekly active users, 272 of 820 = 33.2 %.
    vi.setSystemTime(new Date(DIGEST_NOW));
    serveReportsApi(digest.metrics);
    digest.slack.reset();
    await digest.run();

    const posted = digest.postedTo(DIGEST_CHANNEL);
    expect(posted).toHaveLength(1);
    const text = blocksText(posted[0] as Record<string, unknown>);
    expect(text).toContain("*Over the weeks*: 3 of the last 12 weeks stored");
    // 22 − 15 = +7; 33.2 − 28.2 = +5.0 points.
    expect(text).toContain(
      "• Change against the week ending 2026-05-10: weekly active users *+7* (15 → 22) · code completion acceptance rate *+5.0 pts* (28.2% → 33.2%)",
    );
    // Two charts: the 28 days, then the 12 weeks.
    expect(digest.slack.uploads.map((upload) => upload.title)).toEqual([
      "acme: daily active users and code completion acceptance rate, 2026-05-11 – 2026-06-07",
      "acme: weekly active users and code completion acceptance rate, 12 weeks ending 2026-06-07",
    ]);
    expect(digest.slack.uploads[1]?.bytes?.includes(PNG_SIGNATURE)).toBe(true);
  });

  it("stores a retried run's week once: running the same week again replaces it", async () => {
    await digest.run();
    digest.slack.reset();
    await digest.run();

    const text = blocksText(digest.postedTo(DIGEST_CHANNEL)[0] as Record<string, unknown>);
    expect(text).toContain("*Over the weeks*: no history yet.");
  });
});

describe("the per-person 28-day summaries", () => {
  function personalUsage() {
    return new DynamoDbPersonalUsage(
      createDocumentClient({ region: "us-east-1", endpoint: String(process.env.DYNAMODB_ENDPOINT) }),
      TABLE_NAME,
    );
  }

  it("keeps one per person from the users report, with a time to live, and posts none of it", async () => {
    await digest.run();

    const people = personalUsage();
    // dev101: rows on 2026-05-25 and 2026-06-01, agent mode in VS Code, 1.5 credits each; no inline completions.
    expect(await people.summaryOf("DEV101")).toEqual({
      login: "dev101",
      range: { first: "2026-05-11", last: "2026-06-07" },
      activeDays: 2,
      lastActiveDay: "2026-06-01",
      features: ["chat_panel_agent_mode"],
      ides: ["vscode"],
      completions: { suggested: 0, accepted: 0 },
      usedChat: true,
      usedAgent: true,
      usedCli: true,
      aiCredits: 3,
      storedAt: "2026-06-10T09:00:00.000Z",
    });
    // dev122: completions only, no prompts: 4 of 10 inline suggestions accepted.
    expect(await people.summaryOf("dev122")).toMatchObject({
      activeDays: 1,
      features: ["code_completion"],
      completions: { suggested: 10, accepted: 4 },
      acceptanceRate: 40,
      aiCredits: 0,
    });
    // dev121: CLI only: active, with no features or IDEs.
    expect(await people.summaryOf("dev121")).toMatchObject({ activeDays: 1, features: [], ides: [], usedCli: true });
    const text = blocksText(digest.postedTo(DIGEST_CHANNEL)[0] as Record<string, unknown>);
    expect(text).not.toContain("dev101");
  });
});
