import { App, AwsLambdaReceiver } from "@slack/bolt";

// Baseline: the least a Bolt app on Lambda can do, acknowledging every command and click. Its bot identity is given
// rather than looked up, so that it makes no Slack call before its first acknowledgement.
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? "" });
const app = new App({
  receiver,
  authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN, botId: "BBOT", botUserId: "UBOT" }),
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

app.command("/copilot", async ({ ack }) => {
  await ack({ response_type: "ephemeral", text: "On it." });
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});

export const handler = receiver.toHandler();
