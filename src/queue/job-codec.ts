import type { Job } from "../jobs/job.js";

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
};

/** Rejects anything that is not a job this version knows, so a malformed message fails loudly instead of half-running. */
export function decodeJob(body: string): Job {
  const value = JSON.parse(body) as Record<string, unknown>;
  const fields = REQUIRED_FIELDS[value.type as Job["type"]];
  if (fields?.every((field) => typeof value[field] === "string" && (value[field] as string).length > 0)) {
    return value as unknown as Job;
  }
  // Only the type is named: job bodies carry response URLs, which act as short-lived credentials.
  throw new Error(`Not a job this worker understands (type ${JSON.stringify(String(value.type)).slice(0, 60)}).`);
}

export function encodeJob(job: Job): string {
  return JSON.stringify(job);
}

/** Delivery attempts before a job is dead-lettered; the last one turns a still-retryable failure into a final answer. */
export const JOB_MAX_RECEIVE_COUNT = 5;
