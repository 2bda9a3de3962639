import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { JOB_MAX_RECEIVE_COUNT } from "../../src/jobs/delivery.js";
import { encodeJob } from "../../src/jobs/job-codec.js";
import { gitHubError } from "../fakes/github-fake.js";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand } from "../support/slack-requests.js";

const SEAT = "/orgs/{org}/members/{username}/copilot";
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";
/** More failures than any delivery, with its client's own retries, uses up. */
const ALWAYS = Array.from({ length: 100 }, () => gitHubError(503, "Service Unavailable"));

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID });
  fresh.github.members.add("octocat");
  fresh.github.seats.set("octocat", { login: "octocat", planType: "business" });
});

/** One SQS message as the worker Lambda receives it, on its `receiveCount`-th delivery. */
function delivery(body: string, receiveCount: number, messageId = "message-1"): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: `handle-${messageId}`,
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: "AIDAFAKE",
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:copilot-jobs",
        awsRegion: "us-east-1",
      },
    ],
  };
}

const lookup = (responseUrl: string) => encodeJob({ type: "lookup-seat", githubLogin: "octocat", responseUrl });

describe("a job that answers a person", () => {
  it("goes back to the queue while GitHub fails for now, and is answered by the delivery that succeeds", async () => {
    const response = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "seat octocat", responseUrl: bot.slack.responseUrl("cmd") }),
    );
    expect(response.statusCode).toBe(200);
    bot.github.script("get", SEAT, ...ALWAYS);

    await bot.sqs.deliverOnce(bot.worker);
    expect([bot.sqs.depth, bot.slack.responsesAt("cmd")]).toEqual([1, []]);

    bot.github.script("get", SEAT);
    await bot.runWorker();
    const answers = bot.slack.responsesAt("cmd");
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0])).toContain("business");
  });

  it("is answered with the failure on its last delivery when GitHub keeps failing, and is not dead-lettered", async () => {
    bot.github.script("get", SEAT, ...ALWAYS);

    const notLast = await bot.worker(delivery(lookup(bot.slack.responseUrl("early")), JOB_MAX_RECEIVE_COUNT - 1));
    const last = await bot.worker(delivery(lookup(bot.slack.responseUrl("last")), JOB_MAX_RECEIVE_COUNT));

    expect(notLast?.batchItemFailures).toEqual([{ itemIdentifier: "message-1" }]);
    expect(bot.slack.responsesAt("early")).toEqual([]);
    expect(last?.batchItemFailures).toEqual([]);
    expect(bot.slack.responsesAt("last")).toHaveLength(1);
    expect(String(bot.slack.responsesAt("last")[0]?.text)).toMatch(/^:warning: /);
  });

  it("is answered at once, on its first delivery, when GitHub refuses for good", async () => {
    bot.github.script("get", SEAT, gitHubError(403, "Resource not accessible by integration"));

    const first = await bot.worker(delivery(lookup(bot.slack.responseUrl("refused")), 1));

    expect(first?.batchItemFailures).toEqual([]);
    expect(bot.github.callsTo("GET", SEAT)).toHaveLength(1);
    expect(String(bot.slack.responsesAt("refused")[0]?.text)).toMatch(/^:warning: /);
  });

  it("is not run again when Slack does not take its answer, so a revocation happens once", async () => {
    const command = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "revoke octocat", responseUrl: bot.slack.responseUrl("cmd") }),
    );
    const blocks = (JSON.parse(command.body ?? "{}").blocks ?? []) as {
      elements?: { action_id: string; value: string }[];
    }[];
    const confirm = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === "confirm_revoke");
    expect(confirm).toBeDefined();
    await bot.receive(
      buttonClick({
        userId: ADMIN_ID,
        actionId: confirm!.action_id,
        value: confirm!.value,
        responseUrl: bot.slack.responseUrl("confirm"),
        message: { channel: `D${ADMIN_ID}`, ts: "1700000001.000001" },
      }),
    );
    bot.slack.failResponses({ status: 500 }, 10);

    await bot.runWorker();

    // "Revoking…" and the outcome, each tried once and refused; the job is not run again for them.
    expect(bot.slack.responses.filter((r) => r.path === "/response/confirm" && r.fault)).toHaveLength(2);
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toHaveLength(1);
    expect([bot.sqs.depth, bot.sqs.deadLetters]).toEqual([0, []]);
  });
});

describe("a click's action that keeps failing for no reason the person can act on", () => {
  const cancel = (responseUrl: string) => encodeJob({ type: "cancel-request", actorId: ADMIN_ID, responseUrl });

  it("goes back to the queue unanswered while deliveries remain, and on the last one tells the clicker before it is dead-lettered", async () => {
    bot.dynamodb.failCall("Query", { fault: "internal", times: 100 });

    const notLast = await bot.worker(delivery(cancel(bot.slack.responseUrl("early")), JOB_MAX_RECEIVE_COUNT - 1));
    const last = await bot.worker(delivery(cancel(bot.slack.responseUrl("last")), JOB_MAX_RECEIVE_COUNT));

    expect(notLast?.batchItemFailures).toEqual([{ itemIdentifier: "message-1" }]);
    expect(bot.slack.responsesAt("early")).toEqual([]);
    expect(last?.batchItemFailures).toEqual([{ itemIdentifier: "message-1" }]);
    const told = bot.slack.responsesAt("last");
    expect(told).toHaveLength(1);
    expect(String(told[0]?.text)).toMatch(/something went wrong on the bot's side and nothing was changed/);
  });
});

describe("a message that is not a job", () => {
  it("goes back to the queue, to be dead-lettered, and runs nothing", async () => {
    const body = JSON.stringify({ type: "lookup-seat", githubLogin: "-not-a-login-", responseUrl: "https://x" });

    const result = await bot.worker(delivery(body, 1, "bad"));

    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: "bad" }]);
    expect(bot.github.calls).toEqual([]);
    expect(bot.slack.responses).toEqual([]);
  });
});
