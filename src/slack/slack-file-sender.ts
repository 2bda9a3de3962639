import type { WebClient } from "@slack/web-api";

/** Sends a file to a person in their direct message with the bot. */
export async function sendFileToUser(
  client: WebClient,
  userId: string,
  file: { filename: string; content: string; title: string; comment: string },
): Promise<void> {
  const { channel } = await client.conversations.open({ users: userId });
  if (!channel?.id) throw new Error(`Slack did not open a direct message with ${userId}.`);
  await client.filesUploadV2({
    channel_id: channel.id,
    filename: file.filename,
    title: file.title,
    content: file.content,
    initial_comment: file.comment,
  });
}
