import type { WebClient } from "@slack/web-api";
import type { Digest, DigestChart, DigestPublisher } from "../digest/digest.js";
import { digestMessage, digestProblemMessage } from "./blocks/digest-message.js";
import type { SlackMessage } from "./blocks/slack-message.js";

/** Posts digests to Slack channels: the message first, then each chart as a PNG file shared in the same channel. */
export class SlackDigestPublisher implements DigestPublisher {
  constructor(private readonly client: WebClient) {}

  async publishDigest(channel: string, digest: Digest, charts: readonly DigestChart[]): Promise<void> {
    await this.post(channel, { ...digestMessage(digest), unfurl_links: false, unfurl_media: false });
    for (const [index, chart] of charts.entries()) {
      // filesUploadV2 is Slack's upload flow: files.getUploadURLExternal, the bytes to the upload URL,
      // then files.completeUploadExternal to share the file in the channel.
      await this.client.filesUploadV2({
        channel_id: channel,
        file: Buffer.from(chart.png),
        filename: `copilot-usage-${digest.scope.kind}-${digest.scope.name}${index > 0 ? "-trend" : ""}.png`.replace(
          /[^\w.-]+/g,
          "-",
        ),
        title: chart.title,
        alt_text: chart.title.slice(0, 1000),
      });
    }
  }

  async publishProblem(channel: string, line: string): Promise<void> {
    await this.post(channel, digestProblemMessage(line));
  }

  private async post(
    channel: string,
    message: SlackMessage & { unfurl_links?: boolean; unfurl_media?: boolean },
  ): Promise<void> {
    try {
      await this.client.chat.postMessage({ channel, ...message });
    } catch (error) {
      const code = (error as { data?: { error?: unknown } }).data?.error;
      if (code === "not_in_channel" || code === "channel_not_found") {
        throw new Error(
          `Slack refused to post the digest to ${channel} (${code}): check the channel ID, and invite the bot to the channel (/invite @<bot name> in it).`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
