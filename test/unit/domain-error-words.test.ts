import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NotAuthorizedError } from "../../src/request/errors.js";
import { problemMrkdwn, problemPlainText, type WordedProblem } from "../../src/slack/domain-error-words.js";
import {
  fieldErrorFor,
  messageForError,
  requestProblemMrkdwn,
  SlackAnswerError,
} from "../../src/slack/error-messages.js";
import { escapeMrkdwn } from "../../src/slack/mrkdwn.js";
import { hostileText, mrkdwnProblems } from "../support/block-kit-properties.js";

type Code = WordedProblem["code"];
type ParamsOf<C extends Code> = Extract<WordedProblem, { code: C }>["params"];

/** What the domain quotes from outside: text people typed or GitHub said, and Slack user IDs. */
interface Quoted {
  text: string;
  user: string;
}

/**
 * One problem for every code the domain reports, with every value from outside set to `q`. Keyed by every code, so a
 * new code without a sample here fails the type check as well as the words do.
 */
function samples(q: Quoted): { [C in Code]: ParamsOf<C> } {
  return {
    NOT_AUTHORIZED: { rule: "own-denied-request", githubLogin: q.text, deniedBy: q.user },
    REQUEST_NOT_FOUND: { requestId: q.text },
    INVALID_TRANSITION: { from: "VALIDATING", to: "APPROVED" },
    STALE_STATE: { requestId: q.text, expected: "PENDING", actual: "DENIED" },
    DUPLICATE_REQUEST: { githubLogin: q.text, managerId: q.user, state: "PENDING", createdAt: q.text },
    STEP_IN_PROGRESS: { requestId: q.text, step: q.text },
    MESSAGE_NOT_DELIVERED: { reason: q.text },
    ALREADY_DECIDED: { state: "DENIED", requesterId: q.user, decidedBy: q.user },
    STILL_VALIDATING: { managerId: q.user, change: "cancelled" },
    FOLLOW_UP_DELAYED: { outcome: "retried" },
    NOT_FAILED: { state: "ASSIGNED" },
    NOT_EXTENDABLE: { githubLogin: q.text },
    NOTHING_TO_CANCEL: { githubLogin: q.text },
    WHICH_REQUEST: { githubLogins: [q.text, q.text] },
    QUEUE_UNAVAILABLE: {},
    QUEUE_UNCONFIRMED: {},
    MANAGER_IS_REQUESTER: { requesterId: q.user },
    REASON_MISSING: {},
    REASON_TOO_LONG: { length: 501, max: 500 },
    INVALID_LOGIN: { login: q.text, flaw: "characters" },
    INVALID_SEAT_DURATION: { chosen: q.text, choices: ["30d", q.text, "permanent"] },
    MANAGER_NOT_FOUND: { approverId: q.user, fix: "name-manager" },
    MANAGER_INACTIVE: { approverId: q.user, fix: "choose-another" },
    MANAGER_IS_BOT: { approverId: q.user, fix: "name-manager" },
    MANAGER_IS_GUEST: { approverId: q.user, fix: "choose-another" },
    MANAGER_IS_EXTERNAL: { approverId: q.user, fix: "name-manager" },
    ALREADY_SEATED: {
      githubLogin: q.text,
      seat: {
        planType: q.text,
        assignedOn: q.text,
        team: { name: q.text, kind: "enterprise" },
        activity: { lastActiveOn: q.text },
        lastSignedInOn: q.text,
        endsOn: q.text,
      },
    },
    NOT_A_MEMBER: { githubLogin: q.text, organization: q.text },
    FORWARD_TO_REQUESTER: { approverId: q.user },
    FORWARD_TO_SAME: { approverId: q.user },
    LOGIN_NOT_PROVEN: { typedLogin: q.text, ownLogin: q.text },
    LOGIN_NOT_YOURS: { githubLogin: q.text, holderId: q.user },
    GITHUB_CHECK_FAILED: { failure: { code: "GITHUB_FORBIDDEN", params: { said: q.text } } },
    GITHUB_KEPT_FAILING: {
      failure: { code: "GITHUB_NOT_FOUND", params: { organization: q.text, subject: { kind: "team", slug: q.text } } },
    },
    GITHUB_TIMEOUT: { detail: q.text },
    GITHUB_UNREACHABLE: { detail: q.text },
    GITHUB_RATE_LIMITED: { said: q.text },
    GITHUB_UNAVAILABLE: { status: 502 },
    GITHUB_BAD_CREDENTIALS: {},
    GITHUB_FORBIDDEN: { said: q.text },
    GITHUB_NOT_FOUND: { organization: q.text, subject: { kind: "login", login: q.text } },
    GITHUB_HTTP_ERROR: { status: 409, said: q.text },
    COPILOT_BILLING_PROBLEM: { organization: q.text, said: q.text },
    SEAT_MANAGEMENT_UNCONFIGURED: { organization: q.text, said: q.text },
    SEAT_THROUGH_TEAM: { organization: q.text, said: q.text },
    SEAT_MANAGEMENT_NOT_SELECTED: { organization: q.text },
    PENDING_INVITATION: { organization: q.text, said: q.text },
    COPILOT_NOT_CONFIGURED: { organization: q.text, said: q.text },
    IDENTITY_CONFLICT: { githubLogin: q.text, claimedBy: q.user },
    LOGIN_HELD: { githubLogin: q.text, heldBySlackUserId: q.user },
    LINK_CHANGED: { slackUserId: q.user },
    SIGN_IN_REFUSED: { reason: q.text },
  };
}

function problems(q: Quoted): WordedProblem[] {
  return Object.entries(samples(q)).map(([code, params]) => ({ code, params }) as WordedProblem);
}

const PLAIN: Quoted = { text: "octocat", user: "UMANAGER1" };
const HOSTILE = "<!channel> &<>";

describe("the words for the domain's problems", () => {
  it.each(problems(PLAIN).map((problem) => [problem.code, problem] as const))(
    "%s has words for messages and for modal fields",
    (_code, problem) => {
      const mrkdwn = problemMrkdwn(problem);
      const plain = problemPlainText(problem);

      expect(mrkdwn.length).toBeGreaterThan(10);
      expect(plain.length).toBeGreaterThan(10);
      expect(mrkdwnProblems(mrkdwn)).toEqual([]);
      // Plain text shows every mark raw, so it carries none: no mentions, code marks or entities.
      expect(plain).not.toMatch(/<@|`|&lt;|&gt;|&amp;/);
    },
  );

  it("mentions people in messages and names them by ID in modal fields", () => {
    const problem: WordedProblem = {
      code: "LOGIN_NOT_YOURS",
      params: { githubLogin: "sam-gh", holderId: "USAM00001" },
    };

    expect(problemMrkdwn(problem)).toBe(
      "`sam-gh` is <@USAM00001>'s GitHub account. Ask for a seat for your own account.",
    );
    expect(problemPlainText(problem)).toBe(
      "sam-gh is @USAM00001's GitHub account. Ask for a seat for your own account.",
    );
  });

  it.each(problems({ text: HOSTILE, user: "<!here>" }).map((problem) => [problem.code, problem] as const))(
    "%s escapes a hostile login, reason or ID in messages",
    (_code, problem) => {
      const mrkdwn = problemMrkdwn(problem);

      expect(mrkdwn).not.toContain("<!channel>");
      expect(mrkdwn).not.toContain("<!here>");
      expect(mrkdwnProblems(mrkdwn)).toEqual([]);
    },
  );

  it("quotes a hostile value escaped in messages and as typed in modal fields", () => {
    const problem: WordedProblem = { code: "INVALID_LOGIN", params: { login: HOSTILE, flaw: "characters" } };

    expect(problemMrkdwn(problem)).toContain(`\`${escapeMrkdwn(HOSTILE)}\` is not a valid GitHub username`);
    expect(problemPlainText(problem)).toContain(`${HOSTILE} is not a valid GitHub username`);
  });

  it("never lets a value from outside open markup in a message, whatever it holds", () => {
    fc.assert(
      fc.property(
        hostileText(60),
        fc.oneof(hostileText(20), fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/)),
        (text, user) => {
          for (const problem of problems({ text, user })) {
            const mrkdwn = problemMrkdwn(problem);
            // The only `<` left is the bot's own mention of a Slack user ID.
            expect(mrkdwn.replace(/<@[UW][A-Z0-9]+>/g, "")).not.toContain("<");
            expect(mrkdwnProblems(mrkdwn)).toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the words for an error", () => {
  const quietLog = () => {
    const logged: unknown[] = [];
    return { logged, log: { error: (...args: unknown[]) => logged.push(args) } };
  };

  it("words the domain's error for its surface, without logging it", () => {
    const { logged, log } = quietLog();
    const error = new NotAuthorizedError({ rule: "requester-only", requesterId: "UREQUEST1", action: "cancel" });

    expect(messageForError(error, log)).toBe(
      "Only <@UREQUEST1>, who filed this request, can cancel it. Nothing was changed.",
    );
    expect(fieldErrorFor(error, log)).toBe(
      "Only @UREQUEST1, who filed this request, can cancel it. Nothing was changed.",
    );
    expect(logged).toEqual([]);
  });

  it("shows the Slack layer's own answer, in plain text for a modal", () => {
    const { log } = quietLog();
    const error = new SlackAnswerError("USAGE", "Usage: `/copilot whois &lt;github-login&gt;`");

    expect(messageForError(error, log)).toBe("Usage: `/copilot whois &lt;github-login&gt;`");
    expect(fieldErrorFor(error, log)).toBe("Usage: /copilot whois <github-login>");
  });

  it("logs anything else and tells the person only that nothing was changed", () => {
    const { logged, log } = quietLog();

    expect(messageForError(new TypeError("x is undefined <!channel>"), log)).toBe(
      "Sorry, something went wrong on the bot's side and nothing was changed. Please try again in a minute.",
    );
    expect(logged).toHaveLength(1);
  });

  it("words a stored rejection from its problem, and one stored before problems from its words", () => {
    const login = { code: "INVALID_LOGIN", params: { login: "<!here>", flaw: "empty" } } as const;

    expect(requestProblemMrkdwn({ code: login.code, message: "INVALID_LOGIN", problem: login }, "a check failed")).toBe(
      "`&lt;!here&gt;` is not a valid GitHub username: the GitHub username is empty.",
    );
    expect(requestProblemMrkdwn({ code: "NOT_A_MEMBER", message: "`octocat` is not a member." }, "")).toBe(
      "`octocat` is not a member.",
    );
    expect(requestProblemMrkdwn(undefined, "a check failed")).toBe("a check failed");
  });
});
