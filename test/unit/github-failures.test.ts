import { describe, expect, it } from "vitest";
import { explainGitHubError } from "../../src/github/github-failures.js";
import type { GitHubFailure } from "../../src/seat/github-failure.js";
import { problemMrkdwn } from "../../src/slack/domain-error-words.js";

const context = { organization: "acme", subject: { kind: "login" as const, login: "octocat" } };

/** What a person reads in Slack for the failure. */
const words = (failure: GitHubFailure) => problemMrkdwn(failure.problem);

function requestError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { status, response: { data: { message }, headers } });
}

describe("GitHub errors in plain words", () => {
  it("treats 5xx and 429 as worth retrying", () => {
    expect(explainGitHubError(requestError(502, "Bad Gateway"), context)).toMatchObject({
      retryable: true,
      code: "GITHUB_UNAVAILABLE",
    });
    expect(explainGitHubError(requestError(429, "Too many"), context)).toMatchObject({
      retryable: true,
      code: "GITHUB_RATE_LIMITED",
    });
  });

  it("treats a 403 that reports an exhausted rate limit as retryable, and any other 403 as a missing permission", () => {
    const limited = requestError(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0" });
    const forbidden = explainGitHubError(requestError(403, "Resource not accessible by integration"), context);

    expect(explainGitHubError(limited, context).retryable).toBe(true);
    expect(forbidden).toMatchObject({ retryable: false, code: "GITHUB_FORBIDDEN" });
    expect(words(forbidden)).toContain("“GitHub Copilot Business” (read and write)");
  });

  it("says to switch seat management to selected members when GitHub refuses for that reason", () => {
    const failure = explainGitHubError(
      requestError(
        422,
        "Your organization has enabled Copilot access for all members. Enable access for selected members in order to manage seats via the API.",
      ),
      context,
    );

    expect(failure).toMatchObject({ retryable: false, code: "SEAT_MANAGEMENT_NOT_SELECTED" });
    expect(words(failure)).toContain("“selected members”");
  });

  it("explains any other 422 as Copilot not being set up, quoting GitHub", () => {
    const failure = explainGitHubError(requestError(422, "No Copilot seat management policy"), context);

    expect(failure).toMatchObject({ code: "COPILOT_NOT_CONFIGURED" });
    expect(words(failure)).toContain("suggestion-matching policy (GitHub: No Copilot seat management policy)");
  });

  it("says seat management is unconfigured, and who must choose selected members, when GitHub says so", () => {
    const failure = explainGitHubError(
      requestError(422, "The organization's Copilot seat management setting is unconfigured."),
      context,
    );

    expect(failure).toMatchObject({ retryable: false, code: "SEAT_MANAGEMENT_UNCONFIGURED" });
    expect(words(failure)).toContain("Copilot seat management in `acme` is unconfigured");
    expect(words(failure)).toContain("“selected members”");
  });

  it("says a seat that comes through a team cannot be removed on its own", () => {
    const failure = explainGitHubError(
      requestError(422, "The seat cannot be cancelled because it was assigned to the user via a team."),
      context,
    );

    expect(failure).toMatchObject({ retryable: false, code: "SEAT_THROUGH_TEAM" });
    expect(words(failure)).toContain("Remove the person from the team, or remove the team's Copilot access.");
  });

  it("explains a 422 on the subscription as a payment problem for a billing manager", () => {
    const failure = explainGitHubError(
      requestError(422, "There is a problem with your account's associated payment method."),
      { organization: "acme", subject: { kind: "subscription" } },
    );

    expect(failure).toMatchObject({ retryable: false, code: "COPILOT_BILLING_PROBLEM" });
    expect(words(failure)).toContain("problem with the payment method of `acme`");
    expect(words(failure)).not.toContain("suggestion-matching policy");
  });

  it("names what was not found on a 404", () => {
    expect(words(explainGitHubError(requestError(404, "Not Found"), context))).toContain(
      "could not find `octocat` in the `acme` organization",
    );
  });

  it("keeps GitHub's own words raw in the failure, and Slack's words escape them", () => {
    const failure = explainGitHubError(requestError(403, "<!channel> nope & more"), context);

    expect(failure.problem).toEqual({ code: "GITHUB_FORBIDDEN", params: { said: "<!channel> nope & more" } });
    expect(words(failure)).toContain("&lt;!channel&gt; nope &amp; more");
    expect(words(failure)).not.toContain("<!channel>");
  });

  it("treats an unreachable GitHub as retryable", () => {
    expect(explainGitHubError(new TypeError("fetch failed"), context)).toMatchObject({
      retryable: true,
      code: "GITHUB_UNREACHABLE",
    });
  });
});
