import type { CopilotSeat } from "../seat/copilot-seat.js";
import { isObject } from "./lenient-json.js";

const string = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/**
 * A seat of `GET /orgs/{org}/copilot/billing/seats` (schema `copilot-seat-details`, as in @octokit/openapi 23.x),
 * read leniently: `assignee` may be null, `assigning_team` may be an organization team or an enterprise team (both
 * have a `slug`; only an enterprise team has `group_id`), `last_authenticated_at` is newer than the 18.x typings,
 * and `updated_at` is deprecated.
 */
export function seatFromDetails(raw: unknown, fallbackLogin = ""): CopilotSeat {
  const seat = isObject(raw) ? raw : {};
  const assignee = isObject(seat.assignee) ? seat.assignee : undefined;
  const team = isObject(seat.assigning_team) ? seat.assigning_team : undefined;
  const result: CopilotSeat = {
    login: string(assignee?.login) ?? fallbackLogin,
    createdAt: string(seat.created_at) ?? "",
  };
  const optional = {
    planType: string(seat.plan_type),
    updatedAt: string(seat.updated_at),
    lastActivityAt: string(seat.last_activity_at),
    lastActivityEditor: string(seat.last_activity_editor),
    lastAuthenticatedAt: string(seat.last_authenticated_at),
    pendingCancellationDate: string(seat.pending_cancellation_date),
    assigningTeam: string(team?.slug),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (result as unknown as Record<string, string>)[key] = value;
  }
  if (team && result.assigningTeam) {
    // An enterprise team carries `group_id` (required, possibly null) and an enterprises/… URL; an org team neither.
    const enterprise = "group_id" in team || /\/enterprises\//.test(string(team.html_url) ?? "");
    result.assigningTeamKind = enterprise ? "enterprise" : "organization";
  }
  return result;
}
