import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { CONNECT_STATE_LIFETIME_MS, type ConnectStateSigner } from "./connect-state.js";
import { IdentityConflictError, SignInRefusedError } from "./errors.js";
import type { GitHubSignIn, IdentityDependencies, StateNonces } from "./ports.js";
import { recordIdentity } from "./record-link.js";
import { renderSignInPage, type SignInOutcome, signInPage } from "./sign-in-pages.js";
import { CONNECT_COOKIE, callbackUrl, GITHUB_CALLBACK_PATH, GITHUB_CONNECT_PATH } from "./sign-in-routes.js";

export interface SignInHandlerDependencies extends IdentityDependencies {
  signer: ConnectStateSigner;
  nonces: StateNonces;
  github: GitHubSignIn;
  settings: { clientId: string; webUrl: string; publicUrl: string };
}

export type SignInHttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * `GET /github/connect` and `GET /github/callback`, the browser's side of "Connect your GitHub account", as an API
 * Gateway (payload 2.0) handler of its own so the Slack-facing bundle does not grow.
 *
 * The `state` proves which Slack person asked (signed, short-lived) and is used once (its nonce written
 * conditionally). Alone it would not stop a person from forwarding their link, or an attacker from sending someone a
 * callback URL with a code: so `/github/connect` also puts the nonce in a cookie, and the callback accepts the state
 * only from the browser that holds it.
 */
export function createSignInHandler(deps: SignInHandlerDependencies): SignInHttpHandler {
  return async (event) => {
    const path = event.rawPath ?? event.requestContext?.http?.path;
    const method = event.requestContext?.http?.method ?? "GET";
    const query = new URLSearchParams(event.rawQueryString ?? "");
    if (method === "GET" && path === GITHUB_CONNECT_PATH) return connect(query, deps);
    if (method === "GET" && path === GITHUB_CALLBACK_PATH) {
      const outcome = await callback(query, cookieOf(event), deps);
      deps.log.info("Sign in with GitHub finished", { outcome: outcome.kind });
      // The cookie has done its job whatever happened.
      return page(outcome, [clearCookie(deps.settings.publicUrl)]);
    }
    return page({ kind: "not-found" });
  };
}

function connect(query: URLSearchParams, deps: SignInHandlerDependencies): APIGatewayProxyStructuredResultV2 {
  const state = query.get("state") ?? "";
  const check = deps.signer.check(state, deps.clock.now());
  if (check.kind === "forged") return page({ kind: "forged" });
  if (check.kind === "expired") return page({ kind: "expired" });
  const { clientId, webUrl, publicUrl } = deps.settings;
  const authorize = new URL(`${webUrl}/login/oauth/authorize`);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: callbackUrl(publicUrl),
    state,
    allow_signup: "false",
    // Someone signed in to several GitHub accounts picks one instead of getting whichever is current.
    prompt: "select_account",
  }).toString();
  const secure = publicUrl.startsWith("https:") ? "; Secure" : "";
  return {
    statusCode: 302,
    headers: { location: authorize.toString(), "cache-control": "no-store", "referrer-policy": "no-referrer" },
    // Lax: the cookie comes back on GitHub's top-level redirect to the callback, and on nothing cross-site else.
    cookies: [
      `${CONNECT_COOKIE}=${check.nonce}; Path=/github; Max-Age=${CONNECT_STATE_LIFETIME_MS / 1000}; HttpOnly; SameSite=Lax${secure}`,
    ],
    body: "",
  };
}

async function callback(
  query: URLSearchParams,
  cookieNonce: string | undefined,
  deps: SignInHandlerDependencies,
): Promise<SignInOutcome> {
  // GitHub sends people back with `error=access_denied` when they press Cancel.
  if (query.get("error") === "access_denied") return { kind: "denied" };
  const code = query.get("code");
  const state = query.get("state");
  if (!code || !state || query.has("error")) return { kind: "forged" };
  const check = deps.signer.check(state, deps.clock.now());
  if (check.kind !== "valid") return { kind: check.kind };
  if (cookieNonce !== check.nonce) return { kind: "other-browser" };
  if (!(await deps.nonces.useOnce(check.nonce, check.expiresAt))) return { kind: "replayed" };

  let account: { login: string; id: number };
  try {
    account = await deps.github.accountFor(code, callbackUrl(deps.settings.publicUrl));
  } catch (error) {
    deps.log.warn("GitHub did not confirm a sign-in", {
      error: error instanceof SignInRefusedError ? error.reason : String(error),
    });
    return { kind: "github-failed" };
  }
  try {
    const outcome = await recordIdentity(
      { slackUserId: check.slackUserId, githubLogin: account.login, githubId: account.id, source: "oauth" },
      check.slackUserId,
      deps,
    );
    return outcome.kind === "kept-stronger"
      ? { kind: "already-linked", githubLogin: outcome.link.githubLogin }
      : { kind: "connected", githubLogin: outcome.link.githubLogin };
  } catch (error) {
    if (error instanceof IdentityConflictError) return { kind: "wrong-account", githubLogin: account.login };
    throw error;
  }
}

function cookieOf(event: APIGatewayProxyEventV2): string | undefined {
  // API Gateway's payload 2.0 moves cookies to `cookies`; a plain HTTP server leaves them in the header.
  const pairs = event.cookies ?? (event.headers?.cookie ?? "").split(";");
  for (const pair of pairs) {
    const [name, ...value] = pair.trim().split("=");
    if (name === CONNECT_COOKIE) return value.join("=");
  }
  return undefined;
}

function clearCookie(publicUrl: string): string {
  return `${CONNECT_COOKIE}=; Path=/github; Max-Age=0; HttpOnly; SameSite=Lax${publicUrl.startsWith("https:") ? "; Secure" : ""}`;
}

function page(outcome: SignInOutcome, cookies: string[] = []): APIGatewayProxyStructuredResultV2 {
  const shown = signInPage(outcome);
  return {
    statusCode: shown.status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // Nothing on the page may load or run anything, and the code in the URL goes to no one else.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
    ...(cookies.length > 0 ? { cookies } : {}),
    body: renderSignInPage(shown),
  };
}
