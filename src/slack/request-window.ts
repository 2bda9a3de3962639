/** Slack's replay window: a request signed more than five minutes before or after now is refused. */
export const SLACK_REQUEST_WINDOW_SECONDS = 5 * 60;

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * True when `X-Slack-Request-Timestamp` is present and within the window in both directions. Bolt's Lambda receiver
 * refuses old timestamps but accepts ones in the future, which would let a captured request be replayed later.
 */
export function isWithinRequestWindow(headers: Record<string, string | undefined>, now: Date): boolean {
  const timestamp = Number(header(headers, "x-slack-request-timestamp"));
  if (!Number.isFinite(timestamp) || timestamp <= 0) return false;
  return Math.abs(now.getTime() / 1000 - timestamp) <= SLACK_REQUEST_WINDOW_SECONDS;
}
