import { ADMIN_ID, type BotUnderTest } from "./bot-under-test.js";
import { slashCommand } from "./slack-requests.js";

/** Matches the DynamoDB JSON of a request's history item (its audit entry), e.g. to fail only those writes. */
export function isHistoryItem(input: Record<string, unknown>): boolean {
  const item = input.Item as { sk?: { S?: string } } | undefined;
  return Boolean(item?.sk?.S?.startsWith("HISTORY#"));
}

/** The actions in the audit trail (of one login, when given), newest first, read as an admin reads them. */
export async function auditedActions(bot: BotUnderTest, login = ""): Promise<string[]> {
  const response = await bot.receive(
    slashCommand({ userId: ADMIN_ID, text: `audit ${login}`.trim(), responseUrl: bot.slack.responseUrl("audit") }),
  );
  const blocks = (JSON.parse(response.body ?? "{}").blocks ?? []) as { text?: { text?: string } }[];
  const text = blocks.map((block) => block.text?.text ?? "").join("\n");
  return [...text.matchAll(/\*([a-z-]+)\*/g)].map((match) => match[1] ?? "");
}
