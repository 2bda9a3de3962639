import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slackLimitProblems } from "../../src/fakes/slack-limits.js";
import { emptyCounts, type ReclaimPlan } from "../../src/reclaim/plan.js";
import type { ReclaimHolder } from "../../src/reclaim/ports.js";
import { holderQuestion, planMessage, seatEndedNotice } from "../../src/slack/blocks/reclaim-messages.js";

/** Every `<` in the text opens something the bot wrote itself: a date token or a mention. */
function onlyOwnMarkup(text: string): boolean {
  return [...text.matchAll(/<([^>]*)>?/g)].every((m) =>
    /^(!date\^-?\d+\^[^|]*\|[^<>]*|@[UW][A-Z0-9]+)$/.test(m[1] ?? ""),
  );
}

describe("reclaim messages", () => {
  it("quote whatever GitHub sends as team names and dates without letting it become markup", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 30 }), (team, date) => {
        const plan: ReclaimPlan = {
          asOf: "2026-11-21T00:00:00Z",
          seatsListed: 2,
          counts: { ...emptyCounts(), idle: 1, team: 1 },
          idle: [{ login: "octocat", createdAt: "2026-01-01T00:00:00Z", monthlyCost: 19, lastSeenAt: date }],
          idleMonthlyCost: 19,
          teams: [{ team, seats: 1, monthlyCost: 19, logins: ["x"] }],
          teamMonthlyCost: 19,
        };
        const message = planMessage(plan, [], { kind: "preview", mode: "enforce" });
        expect(onlyOwnMarkup(JSON.stringify(message.blocks).replace(/\\"/g, '"'))).toBe(true);
        expect(slackLimitProblems({ ...message })).toEqual([]);
        const holder: ReclaimHolder = {
          roundId: "2026-11-23",
          batch: 0,
          login: "octocat",
          state: "SPARED",
          sparedBecause: `through team ${team}`,
          pendingCancellationDate: date,
          monthlyCost: 19,
          updatedAt: "2026-11-21T00:00:00Z",
          history: [],
        };
        expect(onlyOwnMarkup(seatEndedNotice(holder).text)).toBe(true);
        expect(onlyOwnMarkup(seatEndedNotice({ ...holder, state: "CANCELLED" }).text)).toBe(true);
      }),
    );
  });

  it("ask the holder with both answers, and Release only after Slack's confirmation", () => {
    const holder: ReclaimHolder = {
      roundId: "2026-11-23",
      batch: 7,
      login: "octocat",
      state: "PLANNED",
      monthlyCost: 39,
      updatedAt: "2026-11-21T00:00:00Z",
      history: [],
    };
    const message = holderQuestion(holder, "2026-11-30T09:00:00Z", "enforce");
    const json = JSON.stringify(message.blocks);
    expect(message.text).toContain("$39.00 a month");
    expect(message.text).toContain("will be cancelled");
    expect(json).toContain('"action_id":"reclaim_keep"');
    expect(json).toMatch(/"action_id":"reclaim_release".*"confirm"/);
    expect(json).toContain(JSON.stringify(JSON.stringify({ r: "2026-11-23", b: 7, l: "octocat" })).slice(1, -1));
    expect(slackLimitProblems({ ...message })).toEqual([]);
  });
});
