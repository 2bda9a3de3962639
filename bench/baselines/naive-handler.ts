import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Octokit } from "@octokit/rest";
import { App, AwsLambdaReceiver } from "@slack/bolt";

// Baseline: the handler a first draft would write, everything imported up front from the packages' entry points.
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? "" });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
export const clients = { dynamodb: new DynamoDBClient({}), github: new Octokit({ auth: process.env.GITHUB_TOKEN }) };

app.command("/copilot", async ({ ack }) => {
  await ack({ response_type: "ephemeral", text: "On it." });
});

export const handler = receiver.toHandler();
