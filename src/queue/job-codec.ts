import { isGitHubLogin, isRequestId, isSlackUserId, isTeamSlug } from "../identifiers.js";
import type { Job } from "../jobs/job.js";

/** Each field's rule, wherever it appears; a field without one must be a non-empty string of bounded length. */
const FIELD_RULES: Record<string, (value: string) => boolean> = {
  requestId: isRequestId,
  githubLogin: isGitHubLogin,
  actorId: isSlackUserId,
  userId: isSlackUserId,
  teamSlug: isTeamSlug,
  change: (value) => value === "add" || value === "remove",
  responseUrl: (value) => value.length <= 1000 && /^https?:\/\//.test(value),
};
const MAX_FIELD_LENGTH = 1000;

function isValidField(field: string, value: unknown): boolean {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_FIELD_LENGTH) return false;
  return FIELD_RULES[field]?.(value) ?? true;
}

const REQUIRED_FIELDS: Record<Job["type"], readonly string[]> = {
  "validate-request": ["requestId"],
  "assign-seat": ["requestId"],
  "notify-outcome": ["requestId"],
  "lookup-seat": ["githubLogin", "responseUrl"],
  "revoke-seat": ["githubLogin", "actorId", "responseUrl"],
  "confirm-team-change": ["teamSlug", "change", "actorId", "responseUrl"],
  "change-team-seats": ["teamSlug", "change", "actorId", "responseUrl"],
  "show-subscription": ["actorId", "responseUrl"],
  "export-audit": ["actorId"],
  "publish-home": ["userId"],
  "warn-seat-end": ["requestId"],
  "end-seat": ["requestId"],
  "release-seat": ["userId", "githubLogin"],
};

/** Rejects anything that is not a job this version knows, so a malformed message fails loudly instead of half-running. */
export function decodeJob(body: string): Job {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new Error("Not a job this worker understands (the message is not JSON).");
  }
  const fields = typeof value === "object" && value !== null ? REQUIRED_FIELDS[value.type as Job["type"]] : undefined;
  if (fields?.every((field) => isValidField(field, value[field]))) return value as unknown as Job;
  // Only the type is named: job bodies carry response URLs, which act as short-lived credentials.
  throw new Error(`Not a job this worker understands (type ${JSON.stringify(String(value.type)).slice(0, 60)}).`);
}

export function encodeJob(job: Job): string {
  return JSON.stringify(job);
}

/** Delivery attempts before a job is dead-lettered; the last one turns a still-retryable failure into a final answer. */
export const JOB_MAX_RECEIVE_COUNT = 5;
