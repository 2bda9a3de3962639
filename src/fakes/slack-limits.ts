/**
 * The Block Kit and text limits Slack enforces on what a bot posts, as far as this bot comes near them. Shared by
 * the tests' Slack fake (which collects the problems) and the sandbox workspace (which refuses the call, as Slack
 * does). Each problem names the limit it breaks.
 */
export function slackLimitProblems(params: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const view = params.view as { blocks?: unknown[]; title?: { text?: string }; private_metadata?: string } | undefined;
  const blocks = (view?.blocks ?? params.blocks) as Record<string, unknown>[] | undefined;
  const maxBlocks = view ? 100 : 50;
  const problem = (text: string) => problems.push(text);
  if (blocks && blocks.length > maxBlocks) problem(`${blocks.length} blocks (max ${maxBlocks})`);
  if (view?.title?.text && view.title.text.length > 24) problem(`modal title over 24 characters`);
  if (view?.private_metadata && view.private_metadata.length > 3000) problem("private_metadata over 3000 characters");
  if (typeof params.text === "string" && params.text.length > 40000) problem("text over 40000 characters");
  for (const block of blocks ?? []) {
    const text = (block.text as { text?: string } | undefined)?.text;
    if (block.type === "section" && text !== undefined && (text.length === 0 || text.length > 3000)) {
      problem(`section text of ${text.length} characters (1–3000)`);
    }
    const fields = block.fields as { text: string }[] | undefined;
    if (fields && (fields.length > 10 || fields.some((f) => f.text.length > 2000)))
      problem("section fields over limits");
    for (const element of (block.elements as Record<string, unknown>[] | undefined) ?? []) {
      if (typeof element.value === "string" && element.value.length > 2000) problem("button value over 2000");
      const label = (element.text as { text?: string } | undefined)?.text;
      if (element.type === "button" && label && label.length > 75) problem("button text over 75");
    }
  }
  return problems;
}
