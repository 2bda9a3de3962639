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
