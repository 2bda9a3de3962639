import { GitHubFailure, type GitHubSubject } from "../seat/github-failure.js";

interface OctokitRequestError {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

/** What the failed call was about, and in which organization. */
export interface GitHubFailureContext {
  organization: string;
  subject: GitHubSubject;
}

function isRequestError(error: unknown): error is OctokitRequestError {
  return typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number";
}

/** GitHub's own words, as they came: the Slack layer escapes them wherever they are quoted. */
function githubMessage(error: OctokitRequestError): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === "string" ? data.message : error.message;
}

/**
 * Turns what Octokit threw into a failure people can act on. 5xx, 429 and rate-limit 403s are retryable; the rest
 * need someone to change a setting, and the problem's code says which.
 */
export function explainGitHubError(error: unknown, context: GitHubFailureContext): GitHubFailure {
  if (error instanceof GitHubFailure) return error;
  // A call abandoned at its deadline (see `octokit.ts`): GitHub may be slow or down; the queue tries again later.
  if (error instanceof Error && error.name === "AbortError") {
    return new GitHubFailure({ code: "GITHUB_TIMEOUT", params: { detail: error.message } }, true, undefined, {
      cause: error,
    });
  }
  if (!isRequestError(error)) {
    return new GitHubFailure(
      { code: "GITHUB_UNREACHABLE", params: { detail: String((error as Error)?.message ?? error) } },
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
    return new GitHubFailure({ code: "GITHUB_RATE_LIMITED", params: { said } }, true, error.status, { cause: error });
  }
  if (error.status >= 500) {
    return new GitHubFailure({ code: "GITHUB_UNAVAILABLE", params: { status: error.status } }, true, error.status, {
      cause: error,
    });
  }
  switch (error.status) {
    case 401:
      return new GitHubFailure({ code: "GITHUB_BAD_CREDENTIALS", params: {} }, false, 401, { cause: error });
    case 403:
      return new GitHubFailure({ code: "GITHUB_FORBIDDEN", params: { said } }, false, 403, { cause: error });
    case 404:
      return new GitHubFailure({ code: "GITHUB_NOT_FOUND", params: { organization, subject } }, false, 404, {
        cause: error,
      });
    case 422:
      return explainUnprocessable(said, context, error);
    default:
      return new GitHubFailure(
        { code: "GITHUB_HTTP_ERROR", params: { status: error.status, said } },
        false,
        error.status,
        { cause: error },
      );
  }
}

/**
 * GitHub answers 422 for several unrelated reasons, each needing a different person to do a different thing; its
 * OpenAPI description lists them per endpoint. Each gets its own code, with GitHub's text kept to quote.
 */
function explainUnprocessable(said: string, context: GitHubFailureContext, cause: unknown): GitHubFailure {
  const { organization } = context;
  const failure = (
    code:
      | "COPILOT_BILLING_PROBLEM"
      | "SEAT_MANAGEMENT_UNCONFIGURED"
      | "SEAT_THROUGH_TEAM"
      | "PENDING_INVITATION"
      | "COPILOT_NOT_CONFIGURED",
  ) => new GitHubFailure({ code, params: { organization, said } }, false, 422, { cause });
  // `GET /orgs/{org}/copilot/billing` answers 422 for one reason only: the payment method.
  if (/payment method|billing problem/i.test(said) || context.subject.kind === "subscription") {
    return failure("COPILOT_BILLING_PROBLEM");
  }
  if (/unconfigured/i.test(said)) return failure("SEAT_MANAGEMENT_UNCONFIGURED");
  if (/team/i.test(said) && /(via|through) a team|assigned .*team|team membership/i.test(said)) {
    return failure("SEAT_THROUGH_TEAM");
  }
  if (/all members/i.test(said)) {
    return new GitHubFailure({ code: "SEAT_MANAGEMENT_NOT_SELECTED", params: { organization } }, false, 422, {
      cause,
    });
  }
  if (/pending.*invitation/i.test(said)) return failure("PENDING_INVITATION");
  return failure("COPILOT_NOT_CONFIGURED");
}
