import { Agent, request } from "node:http";
import { App, AwsLambdaReceiver } from "@slack/bolt";

// Baseline: the least the bot's acknowledgements can take with the round trips they make. A Bolt app like the minimal
// one that, before it acknowledges, makes the same sequential requests to the same DynamoDB and SQS endpoints the
// bot's container is given: a command (as `/copilot request`) waits on DynamoDB and then on SQS, a click (as Approve)
// on SQS alone. The DynamoDB request is a consistent GetItem of a key that does not exist, which the emulator reads as
// it reads the bot's; the SQS one an action the stand-in refuses once it has parsed it (a SendMessage would queue a
// job for the worker). Neither is signed or read back: what is left is the round trips and Bolt.
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? "" });
const app = new App({
  receiver,
  authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN, botId: "BBOT", botUserId: "UBOT" }),
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

// Connections are kept open between invocations, as the AWS SDK keeps them.
const agent = new Agent({ keepAlive: true });
const DEADLINE_MS = 1000;
// DynamoDB refuses a request without credentials before reading anything; the emulator only checks they are there.
const CREDENTIALS = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
  "x-amz-date": "20260101T000000Z",
};

function post(url: string, target: string, body: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        agent,
        timeout: DEADLINE_MS,
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target, ...CREDENTIALS },
      },
      (response) => {
        response.resume();
        response.on("end", resolve);
        response.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`${target} took more than ${DEADLINE_MS} ms`)));
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify(body));
  });
}

/** Once more on a connection the server closed while it was idle, as the AWS SDK retries it. */
async function roundTrip(url: string, target: string, body: object): Promise<void> {
  try {
    await post(url, target, body);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ECONNRESET" && code !== "EPIPE") throw error;
    await post(url, target, body);
  }
}

const dynamodbRoundTrip = () =>
  roundTrip(process.env.DYNAMODB_ENDPOINT ?? "", "DynamoDB_20120810.GetItem", {
    TableName: process.env.TABLE_NAME,
    Key: { pk: { S: "bench#round-trips" }, sk: { S: "bench#round-trips" } },
    ConsistentRead: true,
  });
const sqsRoundTrip = () =>
  roundTrip(process.env.AWS_ENDPOINT_URL_SQS ?? "", "AmazonSQS.GetQueueAttributes", {
    QueueUrl: process.env.JOB_QUEUE_URL,
  });

app.command("/copilot", async ({ ack }) => {
  await dynamodbRoundTrip();
  await sqsRoundTrip();
  await ack({ response_type: "ephemeral", text: "On it." });
});
app.action(/.*/, async ({ ack }) => {
  await sqsRoundTrip();
  await ack();
});

export const handler = receiver.toHandler();
