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
  const record: Record<string, unknown> =
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const type = Object.hasOwn(record, "type") ? record.type : undefined;
  if (!isJobType(type)) throw new UnknownJobError(describeType(type));
  const job: Record<string, string> = { type };
  for (const [field, presence] of Object.entries(JOB_TYPES[type]) as [JobField, string][]) {
    const fieldValue = Object.hasOwn(record, field) ? record[field] : undefined;
    if (fieldValue === undefined && presence === "optional") continue;
    if (!isValidField(field, fieldValue)) throw new UnknownJobError(describeType(type));
    job[field] = fieldValue;
  }
  return job as Job;
}

/** The type as the error names it: quoted and cut short, whatever arrived (a JSON object may not even print). */
function describeType(type: unknown): string {
  return `type ${typeof type === "string" ? JSON.stringify(type).slice(0, 60) : typeof type}`;
}

export function encodeJob(job: Job): string {
  return JSON.stringify(job);
}
