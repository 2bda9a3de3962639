import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainGitHubError } from "../../src/github/github-failures.js";
import type { JobAnswer } from "../../src/jobs/job-replies.js";
import { jobAnswerMessage } from "../../src/slack/slack-job-replies.js";
import {
  copilotSeat,
  hostileName,
  hostileText,
  isoDay,
  messageProblems,
  organization,
  seatRequest,
  slackUserId,
  subscriptionSummary,
} from "../support/block-kit-properties.js";

const RUNS = { numRuns: 200 };

/** A problem as a job carries it: a known code with what people typed in its facts, or a code no longer known. */
const carriedProblem = fc.oneof(
  hostileName(100).map((githubLogin) => ({ code: "NOT_EXTENDABLE", params: { githubLogin } })),
  fc.array(hostileName(40), { minLength: 2, maxLength: 5 }).map((githubLogins) => ({
    code: "WHICH_REQUEST",
    params: { githubLogins },
  })),
  fc.tuple(hostileName(100), slackUserId).map(([githubLogin, holderId]) => ({
    code: "NOT_YOUR_QUESTION",
    params: { githubLogin, holderId },
  })),
  hostileText(100).map((text) => ({ code: "NO_LONGER_A_CODE", params: { text } })),
);

const change = fc.constantFrom("add" as const, "remove" as const);
const team = fc.record({ slug: hostileName(100), name: hostileName(100), membersCount: fc.nat(100_000) });

/** A GitHub failure as the adapters raise it, from any status and any words GitHub sent. */
const githubFailure = fc
  .tuple(fc.constantFrom(0, 400, 403, 404, 409, 422, 429, 500, 502), hostileText(300), organization, hostileName(60))
  .map(([status, said, org, login]) =>
    explainGitHubError(
      status === 0 ? new Error(said) : { status, message: said, response: { data: { message: said }, headers: {} } },
      { organization: org, subject: { kind: "login", login } },
    ),
  );

/** Every kind of answer a job gives, with what people and GitHub wrote in it. */
const jobAnswer: fc.Arbitrary<JobAnswer> = fc.oneof(
  fc
    .tuple(hostileName(100), fc.option(copilotSeat, { nil: undefined }))
    .map(([githubLogin, seat]) => ({ kind: "seat" as const, githubLogin, seat })),
  fc.tuple(hostileName(100), slackUserId, copilotSeat).map(([githubLogin, actorId, seat]) => ({
    kind: "revoke-outcome" as const,
    githubLogin,
    actorId,
    outcome: { kind: "revoked" as const, seatsCancelled: 1, seat },
  })),
  fc
    .tuple(hostileName(100), change, fc.option(team, { nil: undefined }))
    .map(([teamSlug, c, t]) => ({ kind: "team-change-confirmation" as const, teamSlug, change: c, team: t })),
  fc.tuple(hostileName(100), change, team, fc.nat()).map(([teamSlug, c, t, seats]) => ({
    kind: "team-change-outcome" as const,
    teamSlug,
    change: c,
    outcome: { kind: "changed" as const, team: t, seats },
  })),
  subscriptionSummary.map((summary) => ({ kind: "subscription" as const, summary })),
  seatRequest.map((request) => ({ kind: "seat-notice" as const, notice: { kind: "ending-soon" as const, request } })),
  fc.tuple(hostileName(100), isoDay).map(([githubLogin, date]) => ({
    kind: "seat-notice" as const,
    notice: {
      kind: "released" as const,
      githubLogin,
      outcome: { kind: "revoked" as const, pendingCancellationDate: date },
    },
  })),
  githubFailure.map((failure) => ({ kind: "github-failure" as const, failure })),
  carriedProblem.map((problem) => ({ kind: "refusal" as const, problem })),
  fc.tuple(slackUserId, hostileName(100), carriedProblem).map(([requesterId, githubLogin, problem]) => ({
    kind: "forward-refused" as const,
    requesterId,
    githubLogin,
    problem,
  })),
  fc.constantFrom("confirmation-cancelled" as const, "already-started" as const).map((notice) => ({
    kind: "notice" as const,
    notice,
  })),
  fc.tuple(hostileName(100), slackUserId).map(([githubLogin, managerId]) => ({
    kind: "cancelled" as const,
    githubLogin,
    managerId,
  })),
  fc.tuple(hostileName(100), change).map(([name, c]) => ({
    kind: "under-way" as const,
    work:
      c === "add"
        ? { action: "revoke" as const, githubLogin: name }
        : { action: "team" as const, teamSlug: name, change: c },
  })),
  hostileName(60).map((roundId) => ({ kind: "reclaim-started" as const, roundId })),
  fc.tuple(fc.array(seatRequest, { maxLength: 15 }), fc.nat(100)).map(([requests, more]) => ({
    kind: "waiting-page" as const,
    page: { requests },
    total: requests.length + more,
  })),
);

describe("the worker's answers in Slack", () => {
  it("are within Slack's limits and leave nothing people or GitHub wrote unescaped, whatever the answer", () => {
    fc.assert(
      fc.property(jobAnswer, organization, (answer, org) => {
        expect(messageProblems(jobAnswerMessage(answer, org))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("word a carried problem by its code, and a code they no longer know as something that went wrong", () => {
    const refusal = (problem: { code: string; params: Record<string, unknown> }) =>
      String(jobAnswerMessage({ kind: "refusal", problem }, "acme").text);

    expect(refusal({ code: "NOTHING_TO_CANCEL", params: { githubLogin: "<!channel>" } })).toBe(
      "You have no request waiting for `&lt;!channel&gt;`. `/copilot status` shows your requests.",
    );
    expect(refusal({ code: "NO_LONGER_A_CODE", params: {} })).toMatch(/something went wrong/);
  });

  it("answer a GitHub failure with a warning in the bot's words, not GitHub's code", () => {
    fc.assert(
      fc.property(githubFailure, organization, (failure, org) => {
        const message = jobAnswerMessage({ kind: "github-failure", failure }, org);
        expect(message.text).toMatch(/^:warning: /);
        expect(message.text).not.toContain(failure.code);
      }),
      RUNS,
    );
  });

  it("say there is no such team, naming it and the organization, when asked to confirm a change to a missing team", () => {
    const message = jobAnswerMessage(
      { kind: "team-change-confirmation", teamSlug: "web", change: "add", team: undefined },
      "acme",
    );

    expect(message.text).toContain("There is no team `web` in `acme`");
    expect(JSON.stringify(message.blocks)).not.toContain("confirm_team_change");
  });

  it("ask to confirm a change to a team that exists, with its member count and a button", () => {
    const message = jobAnswerMessage(
      {
        kind: "team-change-confirmation",
        teamSlug: "web",
        change: "remove",
        team: { slug: "web", name: "Web", membersCount: 3 },
      },
      "acme",
    );

    expect(message.text).toContain("(3 members)");
    expect(JSON.stringify(message.blocks)).toContain("confirm_team_change");
  });
});
