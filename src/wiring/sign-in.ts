import type { Config } from "../config/config.js";
import { counters, log } from "../config/telemetry.js";
import { GitHubOAuthSignIn } from "../github/github-sign-in.js";
import { ConnectStateSigner } from "../identity/connect-state.js";
import { createSignInHandler, type SignInHandlerDependencies } from "../identity/github-callback-handler.js";
import { GITHUB_CALLBACK_PATH, GITHUB_CONNECT_PATH } from "../identity/sign-in-routes.js";
import type { LambdaHttpAdapterOptions } from "../local/lambda-http-adapter.js";
import { systemClock } from "../request/ports.js";
import { createSlackClient } from "../slack/slack-client.js";
import { SlackIdentityConflictNotifier } from "../slack/slack-identity-conflict-notifier.js";
import { createIdentityLinks } from "./identity.js";

/** Thrown at the first request when the sign-in function runs without the GitHub App's client credentials. */
export class SignInNotConfiguredError extends Error {
  constructor() {
    super(
      "Sign in with GitHub is not configured: put GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET (the GitHub App's settings → General) into the credentials secret.",
    );
    this.name = "SignInNotConfiguredError";
  }
}

/** The `/github/connect` and `/github/callback` function's dependencies: the links, GitHub's OAuth, the admins' DMs. */
export function createSignInDependencies(config: Config): SignInHandlerDependencies {
  const signIn = config.signIn;
  if (!signIn) throw new SignInNotConfiguredError();
  const links = createIdentityLinks(config);
  return {
    links,
    nonces: links,
    clock: systemClock,
    log,
    signer: new ConnectStateSigner(signIn.clientSecret),
    github: new GitHubOAuthSignIn({
      clientId: signIn.clientId,
      clientSecret: signIn.clientSecret,
      webUrl: signIn.webUrl,
      apiUrl: config.github.apiUrl,
    }),
    notifier: new SlackIdentityConflictNotifier(
      createSlackClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl }, log),
      config.adminIds,
      counters,
    ),
    settings: { clientId: signIn.clientId, webUrl: signIn.webUrl, publicUrl: signIn.publicUrl },
    sourceOrder: config.identitySources,
  };
}

/**
 * For `npm start`: serves Sign in with GitHub's two routes on the local port beside Slack's (pass the result to
 * `createLambdaHttpServer`); nothing when the GitHub App's client credentials are not configured.
 */
export function localSignInRoutes(config: Config): { browserRoutes?: LocalBrowserRoutes } {
  if (!config.signIn) return {};
  return {
    browserRoutes: {
      paths: [GITHUB_CONNECT_PATH, GITHUB_CALLBACK_PATH],
      handler: createSignInHandler(createSignInDependencies(config)),
    },
  };
}

type LocalBrowserRoutes = NonNullable<LambdaHttpAdapterOptions["browserRoutes"]>;
