/** What a GitHub call was about, for the words that say what GitHub could not find. */
export type GitHubSubject =
  | { kind: "login"; login: string }
  | { kind: "team"; slug: string }
  | { kind: "subscription" }
  | { kind: "seats" }
  | { kind: "usage-metrics" };

/**
 * Each way a GitHub call can fail, with the facts a person needs to act on it. `said` is GitHub's own text, quoted
 * as it came: whoever shows it escapes it for their surface.
 */
export interface GitHubProblemParams {
  GITHUB_TIMEOUT: { detail: string };
  GITHUB_UNREACHABLE: { detail: string };
  GITHUB_RATE_LIMITED: { said: string };
  GITHUB_UNAVAILABLE: { status: number };
  GITHUB_BAD_CREDENTIALS: Record<string, never>;
  GITHUB_FORBIDDEN: { said: string };
  GITHUB_NOT_FOUND: { organization: string; subject: GitHubSubject };
  GITHUB_HTTP_ERROR: { status: number; said: string };
  COPILOT_BILLING_PROBLEM: { organization: string; said: string };
  SEAT_MANAGEMENT_UNCONFIGURED: { organization: string; said: string };
  SEAT_THROUGH_TEAM: { organization: string; said: string };
  SEAT_MANAGEMENT_NOT_SELECTED: { organization: string };
  PENDING_INVITATION: { organization: string; said: string };
  COPILOT_NOT_CONFIGURED: { organization: string; said: string };
}

export type GitHubProblemCode = keyof GitHubProblemParams;

export type GitHubProblem = {
  [C in GitHubProblemCode]: { code: C; params: GitHubProblemParams[C] };
}[GitHubProblemCode];

/** A plain line for logs: the code and its facts, no markup. */
export function problemLogLine(problem: { code: string; params: object }): string {
  const facts = Object.entries(problem.params)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
  return facts ? `${problem.code} (${facts})` : problem.code;
}

/**
 * GitHub refused or failed a call. `retryable` failures (5xx, 429, secondary rate limits) are worth another try
 * later; the others need a person to change something, which the Slack layer words from `problem`.
 */
export class GitHubFailure extends Error {
  readonly code: GitHubProblemCode;

  constructor(
    readonly problem: GitHubProblem,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(problemLogLine(problem), options);
    this.name = "GitHubFailure";
    this.code = problem.code;
  }
}

/** The problem a failed GitHub call carries; anything else thrown is told as GitHub being out of reach. */
export function githubProblemOf(error: unknown): GitHubProblem {
  if (error instanceof GitHubFailure) return error.problem;
  return { code: "GITHUB_UNREACHABLE", params: { detail: String((error as Error)?.message ?? error) } };
}
