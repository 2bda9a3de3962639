/**
 * Escapes text a person typed before it goes into a Slack message. Slack reads `<…>` as links and mentions, so an
 * unescaped `<!channel>` in a reason would ping a whole channel; `&`, `<` and `>` are the only characters to replace.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

/** Slack's date formatting token: shown in each reader's own time zone, with the ISO date as the fallback. */
export function slackDate(iso: string, format = "{date_short_pretty} {time}"): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^${format}|${iso.slice(0, 10)}>`;
}
