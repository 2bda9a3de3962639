import { GitHubFailure } from "../seat/github-failure.js";
import { escapeMrkdwn } from "../slack/mrkdwn.js";

interface OctokitRequestError {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

function isRequestError(error: unknown): error is OctokitRequestError {
  return typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number";
}

/** GitHub's own words, escaped: they are quoted into Slack messages, where `<…>` would be read as markup. */
function githubMessage(error: OctokitRequestError): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  return escapeMrkdwn(typeof data?.message === "string" ? data.message : error.message);
}

const PERMISSION_HINT =
  "The bot's GitHub credentials lack a permission: the GitHub App needs the organization permissions “GitHub Copilot Business” (read and write) and “Members” (read); a token needs `manage_billing:copilot` and `read:org`.";

/**
 * Turns what Octokit threw into a failure people can act on. 5xx, 429 and rate-limit 403s are retryable; the rest
 * need someone to change a setting, and the message says which.
 */
export function explainGitHubError(error: unknown, context: { organization: string; subject: string }): GitHubFailure {
  if (error instanceof GitHubFailure) return error;
  // A call abandoned at its deadline (see `octokit.ts`): GitHub may be slow or down; the queue tries again later.
  if (error instanceof Error && error.name === "AbortError") {
    return new GitHubFailure("GITHUB_TIMEOUT", `GitHub did not answer in time (${error.message}).`, true, undefined, {
      cause: error,
    });
  }
  if (!isRequestError(error)) {
    return new GitHubFailure(
      "GITHUB_UNREACHABLE",
      `GitHub could not be reached (${escapeMrkdwn(String((error as Error)?.message ?? error))}).`,
      true,
      undefined,
      { cause: error },
    );
  }
  const said = githubMessage(error);
  const { organization, subject } = context;
  const rateLimited =
    error.status === 429 ||
    (error.status === 403 && (/rate limit/i.test(said) || error.response?.headers?.["x-ratelimit-remaining"] === "0"));
  if (rateLimited) {
    return new GitHubFailure("GITHUB_RATE_LIMITED", `GitHub's rate limit was reached (${said}).`, true, error.status, {
      cause: error,
    });
  }
  if (error.status >= 500) {
    return new GitHubFailure(
      "GITHUB_UNAVAILABLE",
      `GitHub had an internal error (HTTP ${error.status}).`,
      true,
      error.status,
      { cause: error },
    );
  }
  switch (error.status) {
    case 401:
      return new GitHubFailure(
        "GITHUB_BAD_CREDENTIALS",
        "GitHub rejected the bot's credentials (401). An admin must renew the token or GitHub App key.",
        false,
        401,
        { cause: error },
      );
    case 403:
      return new GitHubFailure("GITHUB_FORBIDDEN", `GitHub refused: ${said}. ${PERMISSION_HINT}`, false, 403, {
        cause: error,
      });
    case 404:
      return new GitHubFailure(
        "GITHUB_NOT_FOUND",
        `GitHub could not find ${subject} in the \`${organization}\` organization, or the bot is not allowed to see it (404).`,
        false,
        404,
        { cause: error },
      );
    case 422:
      return explainUnprocessable(said, context, error);
    default:
      return new GitHubFailure(
        `GITHUB_HTTP_${error.status}`,
        `GitHub answered HTTP ${error.status}: ${said}`,
        false,
        error.status,
        { cause: error },
      );
  }
}

/**
 * GitHub answers 422 for several unrelated reasons, each needing a different person to do a different thing; its
 * OpenAPI description lists them per endpoint. Each is told in its own words, with GitHub's text quoted.
 */
function explainUnprocessable(
  said: string,
  context: { organization: string; subject: string },
  cause: unknown,
): GitHubFailure {
  const { organization } = context;
  // `GET /orgs/{org}/copilot/billing` answers 422 for one reason only: the payment method.
  if (/payment method|billing problem/i.test(said) || context.subject === "the Copilot subscription") {
    return new GitHubFailure(
      "COPILOT_BILLING_PROBLEM",
      `GitHub reports a problem with the payment method of \`${organization}\` (GitHub: ${said}). An organization owner or billing manager must fix it under Settings → Billing and plans; until then the subscription's details cannot be read.`,
      false,
      422,
      { cause },
    );
  }
  if (/unconfigured/i.test(said)) {
    return new GitHubFailure(
      "SEAT_MANAGEMENT_UNCONFIGURED",
      `Copilot seat management in \`${organization}\` is unconfigured (GitHub: ${said}). An organization owner must choose “selected members” under the organization's Settings → Copilot → Access before seats can be assigned or removed one by one.`,
      false,
      422,
      { cause },
    );
  }
  if (/team/i.test(said) && /(via|through) a team|assigned .*team|team membership/i.test(said)) {
    return new GitHubFailure(
      "SEAT_THROUGH_TEAM",
      `That seat comes through a team in \`${organization}\`, so it cannot be removed on its own (GitHub: ${said}). Remove the person from the team, or remove the team's Copilot access.`,
      false,
      422,
      { cause },
    );
  }
  if (/all members/i.test(said)) {
    return new GitHubFailure(
      "SEAT_MANAGEMENT_NOT_SELECTED",
      `\`${organization}\` gives Copilot to all members, so seats can't be assigned person by person. An organization owner can switch Copilot access to “selected members” in the organization's Copilot settings.`,
      false,
      422,
      { cause },
    );
  }
  if (/pending.*invitation/i.test(said)) {
    return new GitHubFailure(
      "PENDING_INVITATION",
      `That account has not accepted its invitation to \`${organization}\` yet (GitHub: ${said}).`,
      false,
      422,
      { cause },
    );
  }
  return new GitHubFailure(
    "COPILOT_NOT_CONFIGURED",
    `Copilot is not set up for seat assignment in \`${organization}\`: it needs a Copilot Business or Enterprise subscription, billing, and a suggestion-matching policy (GitHub: ${said}).`,
    false,
    422,
    { cause },
  );
}
