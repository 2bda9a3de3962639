import { isValidTeamSlug } from "../../../admin/team-seats.js";
import type { UsageScope } from "../../../digest/usage.js";
import { historyPart, TREND_WEEKS_READ } from "../../../digest/usage-history.js";
import { assertAdmin } from "../../../request/authorization.js";
import { usageMessage } from "../../blocks/usage-message.js";
import { SlackAnswerError } from "../../error-messages.js";
import { escapeMrkdwn } from "../../mrkdwn.js";
import type { CommandContext } from "./command-context.js";

/**
 * `/copilot usage [team-slug]` (admins): the latest week the digest stored, with the 12-week trend. One Query on the
 * bot's own table answers it, inside Slack's 3 seconds: GitHub is never called on the acknowledgement path, and the
 * figures are the ones the digest posted, by GitHub's definitions.
 */
export async function usageCommand({ command, services, answer }: CommandContext, rest: string): Promise<void> {
  assertAdmin(command.user_id, services.admins, "see-usage");
  const slug = rest.trim().split(/\s+/)[0] ?? "";
  if (slug && !isValidTeamSlug(slug)) {
    throw new SlackAnswerError(
      "INVALID_TEAM",
      `\`${escapeMrkdwn(slug)}\` is not a team slug; use the name from the team's URL.`,
    );
  }
  const scope: UsageScope = slug
    ? { kind: "team", name: slug.toLowerCase(), organization: services.organization }
    : { kind: "organization", name: services.organization };
  if (!services.usageHistory) {
    return answer(usageMessage(scope, { kind: "unavailable", reason: "the usage history is not configured here" }));
  }
  const weeks = await services.usageHistory.recentWeeks(scope, TREND_WEEKS_READ);
  const latest = weeks.at(-1);
  return answer(usageMessage(scope, latest ? historyPart(latest, weeks) : undefined));
}
