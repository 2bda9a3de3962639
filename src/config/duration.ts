/** Milliseconds per unit a duration in configuration may be written in. */
const UNIT_MS = { s: 1000, m: 60_000, h: 60 * 60_000, d: 24 * 60 * 60_000 } as const;

const DURATION = /^(\d+)([smhd])$/;

/** A duration in configuration that is not a whole number followed by one unit. */
export class DurationError extends Error {
  constructor(readonly text: string) {
    super(
      `"${text}" is not a duration: write a whole number above zero followed by one unit, s, m, h or d, such as 90s, 15m, 24h or 14d.`,
    );
    this.name = "DurationError";
  }
}

/**
 * Reads a duration written with its unit (`90s`, `15m`, `24h`, `14d`) and returns it in milliseconds. Every
 * duration in configuration is written this way, so a bare number never leaves the reader guessing whether it
 * means seconds or minutes. Zero is refused: each duration the bot reads is a wait or an interval.
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new DurationError(text);
  const [, amount = "", unit = "s"] = match;
  const ms = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  if (ms <= 0 || !Number.isSafeInteger(ms)) throw new DurationError(text);
  return ms;
}
