import type { AuditEntry } from "./audit-log.js";

const COLUMNS = ["at", "actorId", "action", "githubLogin", "teamSlug", "requestId", "from", "to", "detail"] as const;
const HEADER = [
  "time",
  "actor_slack_id",
  "action",
  "github_login",
  "team",
  "request_id",
  "from_state",
  "to_state",
  "detail",
];

/**
 * RFC 4180 quoting, plus a guard against spreadsheet formula injection: a cell a person could have typed that starts
 * with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so Excel and Sheets show it as text.
 */
function cell(value: string | undefined): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((entry) => COLUMNS.map((column) => cell(entry[column])).join(","));
  return `${[HEADER.join(","), ...rows].join("\r\n")}\r\n`;
}
