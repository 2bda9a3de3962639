import type { SlackMessage } from "./blocks/slack-message.js";

/**
 * Answers a slash command after the acknowledgement, through the `response_url` Slack gave with it (valid 30 minutes,
 * 5 uses). The answer is ephemeral: only the person who asked sees it.
 */
export async function respondEphemeral(
  responseUrl: string,
  message: SlackMessage,
  /**
   * `replaceOriginal`: drawn in place of the message whose button was clicked, instead of below it. `timeoutMs`:
   * how long to wait for Slack (5 s; shorter where Slack is waiting on the acknowledgement).
   */
  options: { replaceOriginal?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const response = await fetch(responseUrl, {
    method: "POST",
    // Slack answers a response_url at once or not at all; a hung post must not hold the worker.
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      ...(options.replaceOriginal
        ? { replace_original: true }
        : { response_type: "ephemeral", replace_original: false }),
      ...message,
    }),
  });
  if (!response.ok) throw new Error(`Slack refused the response_url answer: HTTP ${response.status}.`);
}
