import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/digest/digest.js";
import { usageFigures } from "../../src/digest/usage-figures.js";
import type { HomeModel } from "../../src/home/home-model.js";
import { SYSTEM_ACTOR } from "../../src/request/seat-request.js";
import type { GitHubProblem } from "../../src/seat/github-failure.js";
import {
  noSuchTeamMessage,
  revokeConfirmation,
  revokeOutcomeMessage,
  teamChangeConfirmation,
  teamChangeOutcomeMessage,
} from "../../src/slack/blocks/admin-messages.js";
import { auditMessage } from "../../src/slack/blocks/audit-message.js";
import { denyModal } from "../../src/slack/blocks/deny-modal.js";
import { digestMessage, digestProblemMessage } from "../../src/slack/blocks/digest-message.js";
import { helpMessage } from "../../src/slack/blocks/help-message.js";
import { homeView } from "../../src/slack/blocks/home-view.js";
import { approvalMessage, failureAlertMessage, requesterMessage } from "../../src/slack/blocks/request-messages.js";
import { requestModal } from "../../src/slack/blocks/request-modal.js";
import { seatMessage } from "../../src/slack/blocks/seat-message.js";
import { context, section } from "../../src/slack/blocks/slack-message.js";
import { statusMessage } from "../../src/slack/blocks/status-message.js";
import { subscriptionMessage } from "../../src/slack/blocks/subscription-message.js";
import { decodeSlackEntities } from "../../src/slack/command-text.js";
import { escapeMrkdwn, mention, slackDate } from "../../src/slack/mrkdwn.js";
import {
  copilotSeat,
  githubProblem,
  hostileName,
  hostileText,
  isoDay,
  isoInstant,
  messageProblems,
  mrkdwnProblems,
  organization,
  requestId,
  seatRequest,
  slackUserId,
  subscriptionSummary,
  viewProblems,
} from "../support/block-kit-properties.js";

const RUNS = { numRuns: 300 };

describe("mrkdwn escaping", () => {
  it("leaves no markup in any text, and decoding gives the text back", () => {
    fc.assert(
      fc.property(hostileText(500), (text) => {
        const escaped = escapeMrkdwn(text);

        expect(mrkdwnProblems(escaped)).toEqual([]);
        expect(decodeSlackEntities(escaped)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("writes dates as Slack date tokens that pass the markup check", () => {
    fc.assert(
      fc.property(isoInstant, slackUserId, (iso, user) => {
        expect(mrkdwnProblems(`${slackDate(iso)} ${slackDate(iso, "{date_long}")} ${mention(user)}`)).toEqual([]);
      }),
    );
  });

  it("shows a date GitHub sent, however malformed, as a date token or as escaped text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          isoInstant,
          hostileText(40),
          hostileText(20).map((text) => `2020 (${text})`),
        ),
        (date) => {
          expect(mrkdwnProblems(slackDate(date))).toEqual([]);
        },
      ),
    );
  });

  it("cuts an over-long section or context without leaving half an entity, mention or date behind", () => {
    const bot = fc.oneof(
      hostileText(50).map(escapeMrkdwn),
      slackUserId.map(mention),
      isoInstant.map((iso) => slackDate(iso)),
    );
    fc.assert(
      fc.property(fc.array(bot, { minLength: 50, maxLength: 400 }), (parts) => {
        const text = parts.join(" ");
        for (const block of [section(text), context(text)]) {
          expect(messageProblems({ text: "x", blocks: [block] })).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("request messages", () => {
  it("approval, requester and failure messages escape everything people and GitHub wrote", () => {
    fc.assert(
      fc.property(seatRequest, organization, (request, org) => {
        for (const message of [
          approvalMessage(request),
          requesterMessage(request, org),
          failureAlertMessage(request),
        ]) {
          expect(messageProblems(message)).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it("status lists any number of requests within Slack's limits", () => {
    fc.assert(
      fc.property(fc.array(seatRequest, { maxLength: 60 }), (requests) => {
        expect(messageProblems(statusMessage(requests))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("the deny and request modals stay valid views whatever was typed", () => {
    fc.assert(
      fc.property(
        seatRequest,
        fc.record(
          { githubLogin: hostileText(200), managerId: slackUserId, reason: hostileText(2000) },
          { requiredKeys: [] },
        ),
        (request, prefill) => {
          expect(viewProblems(denyModal(request))).toEqual([]);
          expect(viewProblems(requestModal(prefill))).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});

describe("help", () => {
  it("writes its placeholders escaped, so Slack shows <github-login> instead of reading it as a link", () => {
    const { text } = helpMessage();

    expect(text).toContain("`/copilot grant &lt;github-login&gt;`");
    expect(text).toContain("`/copilot grant-team &lt;team-slug&gt;`");
    expect(text).not.toMatch(/<(?:github-login|reason|team-slug)>/);
  });

  it("echoes any unknown subcommand escaped", () => {
    fc.assert(
      fc.property(fc.option(hostileName(300), { nil: undefined }), (subcommand) => {
        expect(messageProblems(helpMessage(subcommand))).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe("seat and admin messages", () => {
  it("a seat, with or without one, is described within the limits", () => {
    fc.assert(
      fc.property(hostileName(100), fc.option(copilotSeat, { nil: undefined }), organization, (login, seat, org) => {
        expect(messageProblems(seatMessage(login, seat, org))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("revoke confirmations and outcomes escape the login and the team", () => {
    const outcome = fc.oneof(
      fc.constant({ kind: "no-seat" as const }),
      copilotSeat.map((seat) => ({ kind: "already-pending" as const, seat })),
      fc
        .tuple(copilotSeat, hostileName(100))
        .map(([seat, team]) => ({ kind: "through-team" as const, seat: { ...seat, assigningTeam: team } })),
      fc
        .tuple(fc.nat(), fc.option(copilotSeat, { nil: undefined }))
        .map(([seatsCancelled, seat]) => ({ kind: "revoked" as const, seatsCancelled, seat })),
    );
    fc.assert(
      fc.property(hostileName(100), outcome, slackUserId, (login, result, actor) => {
        expect(messageProblems(revokeConfirmation(login))).toEqual([]);
        expect(messageProblems(revokeOutcomeMessage(login, result, actor))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("team confirmations and outcomes escape the slug and the team", () => {
    const team = fc.record({ slug: hostileName(100), name: hostileName(100), membersCount: fc.nat(100_000) });
    const change = fc.constantFrom("add" as const, "remove" as const);
    const outcome = fc.oneof(
      fc.constant({ kind: "no-team" as const }),
      fc.tuple(team, fc.nat()).map(([t, seats]) => ({ kind: "changed" as const, team: t, seats })),
    );
    fc.assert(
      fc.property(team, change, outcome, hostileName(100), organization, (t, c, result, slug, org) => {
        expect(messageProblems(teamChangeConfirmation(t, c))).toEqual([]);
        expect(messageProblems(noSuchTeamMessage(slug, org))).toEqual([]);
        expect(messageProblems(teamChangeOutcomeMessage(slug, c, result, org))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("the subscription is shown within the limits, whatever GitHub calls its settings", () => {
    fc.assert(
      fc.property(subscriptionSummary, organization, (summary, org) => {
        expect(messageProblems(subscriptionMessage(summary, org))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("an audit page escapes logins, teams and details and keeps every section within the limits", () => {
    const entry = fc.record(
      {
        at: isoInstant,
        actorId: fc.oneof(fc.constant(SYSTEM_ACTOR), slackUserId),
        action: fc.constantFrom("filed", "approved", "denied", "seat-revoked", "team-seats-added"),
        githubLogin: hostileName(100),
        teamSlug: hostileName(100),
        requestId,
        from: fc.constantFrom("PENDING", "APPROVED"),
        to: fc.constantFrom("APPROVED", "DENIED", "ASSIGNED"),
        detail: hostileText(3000),
      },
      { requiredKeys: ["at", "actorId", "action"] },
    );
    const page = fc.record(
      { entries: fc.array(entry, { maxLength: 20 }), cursor: fc.base64String({ minLength: 4, maxLength: 600 }) },
      { requiredKeys: ["entries"] },
    );
    const filter = fc.record({ githubLogin: hostileName(39) }, { requiredKeys: [] });
    fc.assert(
      fc.property(page, filter, (p, f) => {
        expect(messageProblems(auditMessage(p, f))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe("home tab", () => {
  it("shows any person's seat, requests and admin lists escaped, within 100 blocks", () => {
    const requests = fc.array(seatRequest, { maxLength: 10 });
    const admin = fc.record(
      {
        pending: requests,
        subscription: subscriptionSummary,
        subscriptionProblem: githubProblem.map((stored) => stored.problem as GitHubProblem),
        failed: requests,
      },
      { requiredKeys: ["pending", "failed"] },
    );
    const model: fc.Arbitrary<HomeModel> = fc.record(
      {
        userId: slackUserId,
        githubLogin: hostileName(100),
        seat: copilotSeat,
        myRequests: requests,
        waitingOnMe: requests,
        waitingOnMeCount: fc.nat({ max: 100_000 }),
        admin,
      },
      { requiredKeys: ["userId", "myRequests", "waitingOnMe", "waitingOnMeCount"] },
    );
    fc.assert(
      fc.property(model, organization, (m, org) => {
        expect(viewProblems(homeView(m, org))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe("weekly digest", () => {
  const names = fc.array(fc.tuple(hostileName(5000), fc.integer({ min: 1, max: 1_000_000 })), { maxLength: 8 });
  const figuresDigest: fc.Arbitrary<Digest> = fc
    .tuple(names, names, fc.option(hostileText(500), { nil: undefined }))
    .map(([languages, ides, chartProblem]) => {
      const day = {
        day: "2026-06-07",
        dailyActiveUsers: 1,
        weeklyActiveUsers: 1,
        generations: 10,
        acceptances: 5,
        completions: { suggested: 10, accepted: 5 },
        linesAdded: 3,
        languages: new Map(languages),
        ides: new Map(ides),
      };
      const figures = usageFigures({
        scope: { kind: "team", name: "web", organization: "acme" },
        source: "reports",
        days: [day],
        notes: ["Chat, agent and CLI adoption: the users report has no data yet."],
      });
      return {
        scope: figures.scope,
        generatedAt: "2026-06-10T09:00:00.000Z",
        usage: { kind: "figures", figures },
        ...(chartProblem ? { chartProblem } : {}),
      };
    });
  const noDataDigest: fc.Arbitrary<Digest> = fc.tuple(hostileText(2000), isoDay).map(([detail, asOf]) => ({
    scope: { kind: "organization", name: "acme" },
    generatedAt: "2026-06-10T09:00:00.000Z",
    usage: { kind: "no-data", source: "reports", detail, asOf },
    requests: { kind: "unavailable", reason: "no DynamoDB endpoint configured for this local run" },
  }));

  it("escapes every name GitHub reports and stays within the message limits", () => {
    fc.assert(
      fc.property(fc.oneof(figuresDigest, noDataDigest), (digest) => {
        expect(messageProblems(digestMessage(digest))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("posts any problem GitHub describes as one escaped line", () => {
    fc.assert(
      // The line always says something: it is written by the digest's own error handling.
      fc.property(
        hostileText(5000).map((line) => `GitHub refused: ${line}`),
        (line) => {
          expect(messageProblems(digestProblemMessage(line))).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});
