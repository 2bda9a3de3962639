/**
 * The words of the pages a person's browser shows after "Connect your GitHub account", one per outcome, written in
 * one place. Plain HTML, no scripts, everything quoted from outside escaped.
 */
export type SignInOutcome =
  | { kind: "connected"; githubLogin: string }
  | { kind: "already-linked"; githubLogin: string }
  | { kind: "denied" }
  | { kind: "expired" }
  | { kind: "replayed" }
  | { kind: "forged" }
  | { kind: "other-browser" }
  | { kind: "wrong-account"; githubLogin: string }
  | { kind: "github-failed" }
  | { kind: "not-found" };

export interface SignInPage {
  status: number;
  title: string;
  body: string;
}

const AGAIN = "To try again, type <code>/copilot connect</code> in Slack and use the new link it gives you.";

export function signInPage(outcome: SignInOutcome): SignInPage {
  switch (outcome.kind) {
    case "connected":
      return {
        status: 200,
        title: "GitHub account connected",
        body: `Your Slack account is now connected to the GitHub account <strong>${escapeHtml(outcome.githubLogin)}</strong>. You can close this tab and go back to Slack.`,
      };
    case "already-linked":
      return {
        status: 200,
        title: "Already connected",
        body: `Your Slack account stays connected to <strong>${escapeHtml(outcome.githubLogin)}</strong>, which the bot knows from a stronger source. Nothing was changed. You can close this tab and go back to Slack.`,
      };
    case "denied":
      return {
        status: 200,
        title: "Not connected",
        body: `You cancelled on GitHub, so nothing was connected. ${AGAIN}`,
      };
    case "expired":
      return {
        status: 400,
        title: "This link has expired",
        body: `A connect link works for 10 minutes, and this one is older. Nothing was connected. ${AGAIN}`,
      };
    case "replayed":
      return {
        status: 400,
        title: "This link was already used",
        body: `Each connect link works once, and this one has been used. Nothing was changed. ${AGAIN}`,
      };
    case "forged":
      return {
        status: 400,
        title: "This link is not valid",
        body: `This link was not made by the Copilot seat bot, or it was changed on the way. Nothing was connected. ${AGAIN}`,
      };
    case "other-browser":
      return {
        status: 403,
        title: "This link belongs to someone else",
        body: `This sign-in was not started in this browser: a connect link is made for one Slack person and works only in the browser that opened it. If someone sent you their link, don't use it. Nothing was connected. ${AGAIN}`,
      };
    case "wrong-account":
      return {
        status: 409,
        title: "This GitHub account belongs to someone else here",
        body: `The GitHub account <strong>${escapeHtml(outcome.githubLogin)}</strong> is already connected to another Slack person, so it was not connected to you. The Copilot admins have been told and will sort it out. If you signed in to GitHub with the wrong account, sign out of GitHub, then: ${AGAIN}`,
      };
    case "github-failed":
      return {
        status: 502,
        title: "GitHub did not confirm the sign-in",
        body: `GitHub did not confirm who you are, so nothing was connected. ${AGAIN}`,
      };
    case "not-found":
      return { status: 404, title: "Not found", body: "There is nothing here." };
  }
}

export function renderSignInPage(page: SignInPage): string {
  const title = escapeHtml(page.title);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d}</style></head>
<body><h1>${title}</h1><p>${page.body}</p><p>Copilot seats for Slack</p></body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
