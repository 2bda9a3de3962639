import { grantSeat } from "../../../admin/grant-seat.js";
import { isValidTeamSlug } from "../../../admin/team-seats.js";
import type { AuditLog } from "../../../audit/audit-log.js";
import type { TeamChange } from "../../../jobs/job.js";
import { assertAdmin } from "../../../request/authorization.js";
import { parseGitHubLogin } from "../../../request/github-login.js";
import { revokeConfirmation } from "../../blocks/admin-messages.js";
import { AUDIT_PAGE_SIZE, auditMessage } from "../../blocks/audit-message.js";
import { parseMention } from "../../command-text.js";
import { SlackAnswerError } from "../../error-messages.js";
import { escapeMrkdwn } from "../../mrkdwn.js";
import type { CommandContext } from "./command-context.js";

export const ADMIN_SUBCOMMANDS = new Set(["seats", "grant", "revoke", "grant-team", "revoke-team", "audit"]);

function firstArgument(rest: string): string {
  return rest.trim().split(/\s+/)[0] ?? "";
}

function requireArgument(rest: string, usage: string): string {
  const argument = firstArgument(rest);
  if (!argument) throw new SlackAnswerError("USAGE", `Usage: \`${usage}\``);
  return argument;
}

/** Admin subcommands. Anything that calls GitHub is queued for the worker, which answers through `response_url`. */
export async function runAdminSubcommand(ctx: CommandContext, subcommand: string, rest: string): Promise<void> {
  const { command, services, answer } = ctx;
  assertAdmin(command.user_id, services.admins, { subcommand });
  switch (subcommand) {
    case "seats":
      await services.queue.enqueue({
        type: "show-subscription",
        actorId: command.user_id,
        responseUrl: command.response_url,
      });
      return answer("Fetching the Copilot subscription from GitHub…");
    case "grant": {
      const login = parseGitHubLogin(requireArgument(rest, "/copilot grant &lt;github-login&gt;"));
      await grantSeat(login, command.user_id, services);
      return answer(
        `Checking \`${login}\` with GitHub; I'll DM you when the seat is assigned or if anything stops it.`,
      );
    }
    case "revoke": {
      const login = parseGitHubLogin(requireArgument(rest, "/copilot revoke &lt;github-login&gt;"));
      return answer(revokeConfirmation(login));
    }
    case "grant-team":
    case "revoke-team": {
      const change: TeamChange = subcommand === "grant-team" ? "add" : "remove";
      const slug = requireArgument(rest, `/copilot ${subcommand} &lt;team-slug&gt;`);
      if (!isValidTeamSlug(slug)) {
        throw new SlackAnswerError(
          "INVALID_TEAM",
          `\`${escapeMrkdwn(slug)}\` is not a team slug; use the name from the team's URL.`,
        );
      }
      await services.queue.enqueue({
        type: "confirm-team-change",
        teamSlug: slug,
        change,
        actorId: command.user_id,
        responseUrl: command.response_url,
      });
      return answer(`Looking up the team \`${slug}\`…`);
    }
    case "audit":
      return audit(ctx, rest, services.audit);
  }
}

async function audit(ctx: CommandContext, rest: string, log: AuditLog): Promise<void> {
  const { command, services, answer } = ctx;
  const argument = firstArgument(rest);
  if (argument.toLowerCase() === "export") {
    await services.queue.enqueue({ type: "export-audit", actorId: command.user_id });
    return answer("Preparing the audit trail as a CSV file; I'll send it to you in a direct message.");
  }
  let githubLogin: string | undefined;
  const mentioned = parseMention(argument);
  if (mentioned) {
    githubLogin = await services.store.getGitHubLogin(mentioned);
    if (!githubLogin) throw new SlackAnswerError("LOGIN_UNKNOWN", `I don't know <@${mentioned}>'s GitHub username.`);
  } else if (argument) {
    githubLogin = parseGitHubLogin(argument);
  }
  const filter = githubLogin ? { githubLogin } : {};
  return answer(auditMessage(await log.page(filter, undefined, AUDIT_PAGE_SIZE), filter));
}
