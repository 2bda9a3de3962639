/**
 * Escapes text a person typed before it goes into a Slack message. Slack reads `<…>` as links and mentions, so an
 * unescaped `<!channel>` in a reason would ping a whole channel; `&`, `<` and `>` are the only characters to replace.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Shortens mrkdwn to at most `max` characters, ending in "…". The cut never splits an entity (`&amp;`), a mention, date
 * or link (`<…>`), or a surrogate pair: half of one would reach Slack as a raw `&` or `<`, or as a broken character.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  const open = head.lastIndexOf("<");
  if (open > head.lastIndexOf(">")) head = head.slice(0, open);
  const entity = head.lastIndexOf("&");
  if (entity > head.lastIndexOf(";")) head = head.slice(0, entity);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

/** Slack's date formatting token: shown in each reader's own time zone, with the ISO date as the fallback. */
export function slackDate(iso: string, format = "{date_short_pretty} {time}"): string {
  const milliseconds = Date.parse(iso);
  // Dates come from GitHub too, and Date.parse is lenient ("2020 (<!here>)" parses): what is shown raw is escaped.
  if (Number.isNaN(milliseconds)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(milliseconds / 1000)}^${format}|${escapeMrkdwn(iso.slice(0, 10))}>`;
}
