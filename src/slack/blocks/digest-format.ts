import { escapeMrkdwn } from "../mrkdwn.js";

/**
 * How digest text is written: `mrkdwn` for the blocks, `plain` for the notification and screen-reader fallback.
 * Builders write each line once, through a style, so the two can never say different things.
 */
export interface TextStyle {
  bold(text: string): string;
  /** Text that came from outside (GitHub names): escaped in mrkdwn so it cannot become a link or a mention. */
  name(text: string): string;
  code(text: string): string;
  italic(text: string): string;
}

export const MRKDWN: TextStyle = {
  bold: (text) => `*${text}*`,
  name: (text) => escapeMrkdwn(text),
  code: (text) => `\`${escapeMrkdwn(text)}\``,
  italic: (text) => `_${text}_`,
};

/** The fallback `text` is still read by Slack (notifications, unfurls), so outside names are escaped there too. */
export const PLAIN: TextStyle = {
  bold: (text) => text,
  name: (text) => escapeMrkdwn(text),
  code: (text) => escapeMrkdwn(text),
  italic: (text) => text,
};

let numberFormats: { whole: Intl.NumberFormat; cents: Intl.NumberFormat } | undefined;

/**
 * Made on first use: the process's first `Intl` formatter loads ICU's locale data, about 20 ms that the Slack-facing
 * function's cold start would otherwise pay for every module that imports this one, used or not.
 */
function formats(): { whole: Intl.NumberFormat; cents: Intl.NumberFormat } {
  numberFormats ??= {
    whole: new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }),
    cents: new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  };
  return numberFormats;
}

/** 1030 → "1,030". */
export function formatCount(value: number): string {
  return formats().whole.format(value);
}

/** 40 → "40.0%". */
export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`;
}

/** +4, -3, ±0. */
export function formatDelta(value: number): string {
  if (value === 0) return "±0";
  return `${value > 0 ? "+" : "-"}${formatCount(Math.abs(value))}`;
}

/** Percentage points: "+1.5 pts". */
export function formatPoints(value: number): string {
  if (value === 0) return "±0.0 pts";
  return `${value > 0 ? "+" : "-"}${Math.abs(value).toFixed(1)} pts`;
}

/** Dollars: "$57", or "$57.50" when there are cents. */
export function formatDollars(value: number): string {
  return Number.isInteger(value) ? `$${formats().whole.format(value)}` : `$${formats().cents.format(value)}`;
}

/** 45 → "45 min", 200 → "3 h 20 min", 3000 → "2 d 2 h". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const rest = minutes % 60;
    return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ""}`;
  }
  const hours = Math.floor(minutes / 60) % 24;
  return `${Math.floor(minutes / 1440)} d${hours ? ` ${hours} h` : ""}`;
}

/** Names from GitHub are short, but nothing guarantees it; a long one must not push a section over Slack's limit. */
export function shortName(name: string, max = 60): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}
