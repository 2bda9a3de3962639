/**
 * Lenient readers for GitHub's metrics payloads: fields appear over time and some go missing, so the digest keeps
 * what it knows, reads anything unexpected as nothing, and never fails on an extra or malformed field.
 */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A non-negative finite count, or 0. */
export const count = (value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;

export const entries = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
