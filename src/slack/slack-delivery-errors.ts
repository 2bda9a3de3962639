import { ErrorCode } from "@slack/web-api";
import { counters } from "../config/telemetry.js";
import { MessageNotDeliveredError } from "../request/errors.js";

/**
 * Slack errors after which sending or updating the same message again cannot succeed: the conversation or message is
 * gone, the person cannot receive it, or the bot may not post there. Everything else (rate limits, 5xx, timeouts,
 * `invalid_auth` until the token is fixed) may pass.
 */
const PERMANENT_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "user_not_found",
  "user_disabled",
  "account_inactive",
  "cannot_dm_bot",
  "messages_tab_disabled",
  "restricted_action",
  "invalid_blocks",
  "msg_too_long",
  "no_text",
]);

interface SlackError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  message?: string;
}

/** What a failed Slack call means for the message it carried, for the domain's retry decisions. */
export function asDeliveryError(error: unknown): MessageNotDeliveredError {
  if (error instanceof MessageNotDeliveredError) return error;
  const slack = error as SlackError;
  switch (slack?.code) {
    case ErrorCode.PlatformError: {
      const reason = slack.data?.error ?? "unknown_error";
      return new MessageNotDeliveredError(reason, PERMANENT_ERRORS.has(reason), { cause: error });
    }
    case ErrorCode.RateLimitedError:
      return new MessageNotDeliveredError("ratelimited", false, {
        cause: error,
        ...(slack.retryAfter ? { retryAfterSeconds: slack.retryAfter } : {}),
      });
    case ErrorCode.HTTPError:
      return new MessageNotDeliveredError(`HTTP ${slack.statusCode ?? "error"}`, false, { cause: error });
    default:
      return new MessageNotDeliveredError(slack?.message ?? "no answer", false, { cause: error });
  }
}

/**
 * Runs one Slack call and turns its failure into a `MessageNotDeliveredError`, counted by its reason (Slack's error
 * code, `ratelimited`, or the HTTP status) for the operators' dashboards.
 */
export async function deliver<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = asDeliveryError(error);
    counters.count("SlackCallFailures", { reason: failure.reason.slice(0, 60) });
    throw failure;
  }
}
