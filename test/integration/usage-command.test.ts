import { describe, expect, it } from "vitest";
import type { UsageScope } from "../../src/digest/usage.js";
import type { StoredWeek } from "../../src/digest/usage-history.js";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbUsageHistory } from "../../src/dynamodb/dynamodb-usage-history.js";
import { ADMIN_ID, ORG, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { slashCommand } from "../support/slack-requests.js";

const MEMBER = "UMEMBER01";
const ORGANIZATION: UsageScope = { kind: "organization", name: ORG };

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, { id: MEMBER });
});

function week(weekEnding: string, values: Partial<StoredWeek> = {}): StoredWeek {
  return {
    weekEnding,
    source: "reports",
    weeklyActiveUsers: 20,
    dailyActiveUsers: 10,
    completionsSuggested: 820,
    completionsAccepted: 272,
    linesAdded: 2060,
    storedAt: "2026-06-10T09:00:00.000Z",
    ...values,
  };
}

/** What the weekly digest would have stored, written through the same adapter, straight to the bot's table. */
async function stored(scope: UsageScope, ...weeks: StoredWeek[]) {
  const history = new DynamoDbUsageHistory(
    createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint }),
    TABLE_NAME,
  );
  for (const w of weeks) await history.recordWeek(scope, w);
}

async function usage(text: string, userId = ADMIN_ID) {
  const response = await bot.receive(slashCommand({ userId, text, responseUrl: bot.slack.responseUrl("usage") }));
  expect(response.statusCode).toBe(200);
  const body = JSON.parse(response.body || "{}") as { text?: string; blocks?: { text?: { text: string } }[] };
  return {
    text: body.text ?? "",
    blocks: (body.blocks ?? []).map((b) => b.text?.text ?? "").join("\n"),
  };
}

describe("/copilot usage", () => {
  it("answers an admin from the stored weeks alone: the latest week, the change against 4 weeks ago and 12 weeks", async () => {
    await stored(
      ORGANIZATION,
      week("2026-05-10", { weeklyActiveUsers: 15, completionsAccepted: 231, storedAt: "2026-05-13T09:00:00.000Z" }),
      week("2026-05-31", { weeklyActiveUsers: 18 }),
      week("2026-06-07", { weeklyActiveUsers: 22, dailyActiveUsers: 12, aiCredits: 33 }),
    );

    const answer = await usage("usage");

    expect(answer.text).toBe("Copilot usage: acme, week ending 2026-06-07");
    expect(answer.blocks).toContain("• Weekly active users: *22* · daily active users on 2026-06-07: *12*");
    // 272 of 820 = 33.2 %.
    expect(answer.blocks).toContain("• Code completion acceptance rate: *33.2%* (272 of 820 inline suggestions)");
    expect(answer.blocks).toContain("• AI credits used: *33*");
    // 22 − 15 = +7; 33.2 − 28.2 (231 of 820) = +5.0.
    expect(answer.blocks).toContain(
      "Change against the week ending 2026-05-10: weekly active users *+7* · code completion acceptance rate *+5.0 pts*.",
    );
    // 12 rows from 2026-03-22 to 2026-06-07; bars scaled to the largest week (22 → 20 blocks, 15 → 14).
    expect(answer.blocks).toContain("2026-03-22  (not stored)");
    expect(answer.blocks).toContain(`2026-05-10  ${"█".repeat(14)}${" ".repeat(6)} 15 users · 28.2%`);
    expect(answer.blocks).toContain(`2026-06-07  ${"█".repeat(20)} 22 users · 33.2%`);
    // Nothing was asked of GitHub, and nothing queued for the worker.
    expect(bot.github.calls).toEqual([]);
    expect(bot.sqs.sent).toEqual([]);
  });

  it("answers for one team by its slug, saying when only one week is stored", async () => {
    await stored({ kind: "team", name: "backend", organization: ORG }, week("2026-06-07", { weeklyActiveUsers: 6 }));
    await stored(ORGANIZATION, week("2026-06-07", { weeklyActiveUsers: 99 }));

    const answer = await usage("usage Backend");

    expect(answer.text).toBe("Copilot usage: team backend, week ending 2026-06-07");
    expect(answer.blocks).toContain("• Weekly active users: *6*");
    expect(answer.blocks).not.toContain("99");
  });

  it("says there is nothing stored yet for a team the digest has not covered", async () => {
    const answer = await usage("usage web");

    expect(answer.text).toContain(
      "Copilot usage: team web: nothing to show (the weekly digest has stored no week for team web yet.",
    );
  });

  it("is for admins only", async () => {
    await stored(ORGANIZATION, week("2026-06-07"));

    const answer = await usage("usage", MEMBER);

    expect(answer.text).toMatch(/Only Copilot admins can see the stored Copilot usage/);
    expect(answer.text).not.toContain("2026-06-07");
  });
});
