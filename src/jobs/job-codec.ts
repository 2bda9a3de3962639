import { JOB_FIELD_RULES, JOB_TYPES, type Job, type JobField, type JobType, MAX_JOB_FIELD_LENGTH } from "./job.js";

/** A queued message that is not a job this version knows. Its text never quotes the body, only the type. */
export class UnknownJobError extends Error {
  constructor(reason: string) {
    super(`Not a job this worker understands (${reason}).`);
    this.name = "UnknownJobError";
  }
}

function isJobType(type: unknown): type is JobType {
  return typeof type === "string" && Object.hasOwn(JOB_TYPES, type);
}

function isValidField(field: JobField, value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_JOB_FIELD_LENGTH) return false;
  return JOB_FIELD_RULES[field](value);
}

/**
 * Parses a queued message by its type's schema in `JOB_TYPES`, so a malformed message fails loudly instead of
 * half-running. The job is built from the schema's fields alone; anything else in the message is left behind. Only
 * the type is named in the error: job bodies carry response URLs, which act as short-lived credentials.
 */
export function decodeJob(body: string): Job {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new UnknownJobError("the message is not JSON");
  }
  const record = typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  const type: unknown = (record as { type?: unknown }).type;
  const refused = new UnknownJobError(`type ${JSON.stringify(String(type)).slice(0, 60)}`);
  if (!isJobType(type)) throw refused;
  const job: Record<string, string> = { type };
  for (const [field, presence] of Object.entries(JOB_TYPES[type]) as [JobField, string][]) {
    const fieldValue: unknown = Object.hasOwn(record, field) ? (record as Record<string, unknown>)[field] : undefined;
    if (fieldValue === undefined && presence === "optional") continue;
    if (!isValidField(field, fieldValue)) throw refused;
    job[field] = fieldValue;
  }
  return job as Job;
}

export function encodeJob(job: Job): string {
  return JSON.stringify(job);
}
