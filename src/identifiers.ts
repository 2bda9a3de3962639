/**
 * The one definition of each identifier the bot accepts from outside, shared by the Slack listeners, the job codec,
 * the configuration and the CDK stack's context checks, so a rule can never differ between them.
 */

/** GitHub's rule: 1–39 characters, letters, digits and single hyphens, not at either end. */
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** A team's slug as in its URL: GitHub lowercases names and keeps letters, digits, `-`, `_` and `.`. */
export const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Slack user IDs: `U…`, or `W…` on Enterprise Grid. Slack keeps them short; 32 characters is a generous cap. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,31}$/;
/** Public (`C…`) and private (`G…`) channels, and direct message conversations (`D…`). */
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,31}$/;
export const SLACK_CONVERSATION_ID = /^[CGD][A-Z0-9]{2,31}$/;
/** The bot's own request IDs (UUIDs from `randomUUID`). */
export const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page position the bot wrote into a More button: a DynamoDB key as base64url (`encodeCursor`). */
export const PAGE_CURSOR = /^[A-Za-z0-9_-]{1,1500}$/;

export const isGitHubLogin = (text: string): boolean => GITHUB_LOGIN.test(text);
export const isTeamSlug = (text: string): boolean => TEAM_SLUG.test(text);
export const isSlackUserId = (text: string): boolean => SLACK_USER_ID.test(text);
export const isRequestId = (text: string): boolean => REQUEST_ID.test(text);
export const isPageCursor = (text: string): boolean => PAGE_CURSOR.test(text);
