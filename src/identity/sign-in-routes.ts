/**
 * The bot's two Sign in with GitHub routes, one definition for the handler, the local runner, the Slack listener
 * that hands out links and the CDK stack. `/github/connect` is what the Slack button opens: it ties the sign-in to
 * the browser (a cookie) and sends the person on to GitHub. `/github/callback` is where GitHub sends them back; it is
 * the GitHub App's "Callback URL".
 */
export const GITHUB_CONNECT_PATH = "/github/connect";
export const GITHUB_CALLBACK_PATH = "/github/callback";

/** The cookie that holds the sign-in's nonce between `/github/connect` and `/github/callback`. */
export const CONNECT_COOKIE = "copilot_connect";

export function connectUrl(publicUrl: string, state: string): string {
  return `${publicUrl}${GITHUB_CONNECT_PATH}?${new URLSearchParams({ state })}`;
}

export function callbackUrl(publicUrl: string): string {
  return `${publicUrl}${GITHUB_CALLBACK_PATH}`;
}
