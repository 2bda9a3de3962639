import { Agent, request } from "node:http";
import { App, AwsLambdaReceiver } from "@slack/bolt";

// Baseline: the least an acknowledgement that waits on DynamoDB and then on SQS can take. A Bolt app like the minimal
// one, whose every command and click makes two sequential requests, to the same DynamoDB and SQS endpoints the bot's
// container is given, before it acknowledges. The requests are as small as a request can be and their answers are
// not read (the SQS stand-in refuses the action): only the round trip counts.
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? "" });
const app = new App({
  receiver,
  authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN, botId: "BBOT", botUserId: "UBOT" }),
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

// Connections are kept open between invocations, as the AWS SDK keeps them.
const agent = new Agent({ keepAlive: true });

function roundTrip(url: string, target: string, body: object): Promise<void> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
      },
      (response) => {
        response.resume();
        response.on("end", resolve);
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

async function twoRoundTrips(): Promise<void> {
  await roundTrip(process.env.DYNAMODB_ENDPOINT ?? "", "DynamoDB_20120810.DescribeTable", {
    TableName: process.env.TABLE_NAME,
  });
  await roundTrip(process.env.AWS_ENDPOINT_URL_SQS ?? "", "AmazonSQS.GetQueueAttributes", {
    QueueUrl: process.env.JOB_QUEUE_URL,
  });
}

app.command("/copilot", async ({ ack }) => {
  await twoRoundTrips();
  await ack({ response_type: "ephemeral", text: "On it." });
});
app.action(/.*/, async ({ ack }) => {
  await twoRoundTrips();
  await ack();
});

export const handler = receiver.toHandler();
