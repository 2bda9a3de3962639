import type { KnownBlock } from "@slack/types";
import type { AuditEntry, AuditPage } from "../../audit/audit-log.js";
import { SYSTEM_ACTOR } from "../../request/seat-request.js";
import { escapeMrkdwn, mention, slackDate } from "../mrkdwn.js";
import { ADMIN_ACTIONS, context, type SlackMessage, section } from "./slack-message.js";

export interface AuditMoreValue {
  githubLogin?: string;
  cursor: string;
}

export { AUDIT_PAGE_SIZE } from "../../jobs/page-sizes.js";

function who(actorId: string): string {
  return actorId === SYSTEM_ACTOR ? "the bot" : mention(actorId);
}

export function describeAuditEntry(entry: AuditEntry): string {
  const subject = entry.githubLogin
    ? `\`${escapeMrkdwn(entry.githubLogin)}\``
    : entry.teamSlug
      ? `team \`${escapeMrkdwn(entry.teamSlug)}\``
      : "";
  const move = entry.from ? ` (${entry.from} → ${entry.to})` : entry.to ? ` (${entry.to})` : "";
  const detail = entry.detail ? ` — ${escapeMrkdwn(entry.detail)}` : "";
  return `${slackDate(entry.at)} · ${who(entry.actorId)} · *${entry.action}* ${subject}${move}${detail}`;
}

/** One page of the audit trail, newest first, with a More button while older entries remain. */
export function auditMessage(page: AuditPage, filter: { githubLogin?: string }): SlackMessage {
  const scope = filter.githubLogin ? ` for \`${escapeMrkdwn(filter.githubLogin)}\`` : "";
  if (page.entries.length === 0) {
    const text = `No audit entries${scope} yet.`;
    return { text, blocks: [section(text)] };
  }
  const lines = page.entries.map(describeAuditEntry);
  const blocks: KnownBlock[] = [section(`*Audit trail${scope}*, newest first`)];
  // Several entries per section keeps long pages well inside the 50-block limit; each section stays under 3,000.
  let chunk: string[] = [];
  for (const line of lines) {
    if (chunk.length > 0 && [...chunk, line].join("\n").length > 2900) {
      blocks.push(section(chunk.join("\n")));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length > 0) blocks.push(section(chunk.join("\n")));
  if (page.cursor) {
    const value: AuditMoreValue = { ...filter, cursor: page.cursor };
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: ADMIN_ACTIONS.auditMore,
          text: { type: "plain_text", text: "More" },
          value: JSON.stringify(value),
        },
      ],
    });
  } else {
    blocks.push(context("End of the audit trail."));
  }
  return { text: `Audit trail${scope}: ${page.entries.length} entries`, blocks };
}
