/**
 * A problem as a job carries it: the code of a domain problem (`src/request/errors.ts`, `src/reclaim/errors.ts`,
 * `src/identity/errors.ts`) and its facts, as JSON. Never words: the Slack layer words each code
 * (`src/slack/domain-error-words.ts`) and escapes what it quotes, so a job cannot smuggle markup to a person.
 */
export interface CarriedProblem {
  code: string;
  params: Record<string, unknown>;
}

const CODE = /^[A-Z][A-Z_]{1,47}$/;
/** Facts are IDs, logins, states, dates and short typed text; nothing longer is ever a fact. */
const MAX_TEXT = 500;
const MAX_DEPTH = 4;
const MAX_ITEMS = 20;

function isFact(value: unknown, depth: number): boolean {
  if (typeof value === "string") return value.length <= MAX_TEXT;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "boolean") return true;
  if (depth >= MAX_DEPTH || typeof value !== "object" || value === null) return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.length <= MAX_ITEMS && items.every((item) => isFact(item, depth + 1));
}

/** The problem in a job's `problem` field, or undefined when it is not one. */
export function parseProblemText(text: string): CarriedProblem | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { code, params, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof code !== "string" || !CODE.test(code)) return undefined;
  if (typeof params !== "object" || params === null || Array.isArray(params) || !isFact(params, 0)) return undefined;
  return { code, params: params as Record<string, unknown> };
}

export const isProblemText = (text: string): boolean => parseProblemText(text) !== undefined;

export function problemText(problem: { code: string; params: object }): string {
  return JSON.stringify({ code: problem.code, params: problem.params });
}
