import { isGitHubLogin } from "../identifiers.js";
import { SignInRefusedError } from "../identity/errors.js";
import type { GitHubAccount, GitHubSignIn } from "../identity/ports.js";

/**
 * The same pinned version as `GITHUB_API_VERSION` in `octokit.ts` (a test holds them equal); written here so the
 * callback's bundle does not load Octokit for one header.
 */
export const SIGN_IN_API_VERSION = "2022-11-28";

export interface GitHubSignInSettings {
  clientId: string;
  clientSecret: string;
  /** GitHub's web origin: the code exchange is not part of the REST API and lives there, not at the API's URL. */
  webUrl: string;
  apiUrl: string;
  /** Per call; both calls together stay well inside the callback function's own limit. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The OAuth web flow's server side, with plain `fetch` rather than Octokit: two calls, and the callback's bundle stays
 * small. Neither call is retried: the code is single-use, so a second exchange could only fail, and the person can
 * simply start again from Slack.
 */
export class GitHubOAuthSignIn implements GitHubSignIn {
  private readonly fetch: typeof fetch;

  constructor(private readonly settings: GitHubSignInSettings) {
    this.fetch = settings.fetch ?? fetch;
  }

  async accountFor(code: string, redirectUri: string): Promise<GitHubAccount> {
    const token = await this.exchange(code, redirectUri);
    const response = await this.fetch(`${this.settings.apiUrl.replace(/\/+$/, "")}/user`, {
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token}`,
        "x-github-api-version": SIGN_IN_API_VERSION,
        "user-agent": "copilot-seat-bot",
      },
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new SignInRefusedError(`GET /user answered ${response.status}`);
    const user = (await response.json()) as { login?: unknown; id?: unknown };
    if (typeof user.login !== "string" || !isGitHubLogin(user.login)) {
      throw new SignInRefusedError("GET /user named no valid login");
    }
    if (typeof user.id !== "number" || !Number.isSafeInteger(user.id)) {
      throw new SignInRefusedError("GET /user named no numeric ID");
    }
    // The token goes out of scope here: it is never stored, logged or used again.
    return { login: user.login, id: user.id };
  }

  private async exchange(code: string, redirectUri: string): Promise<string> {
    const response = await this.fetch(`${this.settings.webUrl.replace(/\/+$/, "")}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json", "user-agent": "copilot-seat-bot" },
      body: JSON.stringify({
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
        code,
        redirect_uri: redirectUri,
      }),
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new SignInRefusedError(`the code exchange answered ${response.status}`);
    // GitHub answers a refused code with 200 and an `error` field (e.g. `bad_verification_code`).
    const body = (await response.json()) as { access_token?: unknown; error?: unknown };
    if (typeof body.access_token !== "string" || body.access_token === "") {
      throw new SignInRefusedError(typeof body.error === "string" ? body.error : "no access token");
    }
    return body.access_token;
  }
}
