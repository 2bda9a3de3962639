import { afterAll, describe, expect, it, vi } from "vitest";
import { auditedActions, isHistoryItem } from "../support/audit-reading.js";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import {
  buttonClick,
  requestFormValues,
  signedSlackEvent,
  slashCommand,
  viewSubmission,
} from "../support/slack-requests.js";
import { isProfileItem } from "../support/table-items.js";
import { advanceMinutes } from "../support/time-travel.js";

/**
 * One fault at a time, injected where the bot meets the outside world (Slack, GitHub, DynamoDB, SQS, the worker's
 * own container), through the real handlers: every request still ends, everyone is told once, nothing is lost.
 */

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const GUEST = "UGUEST001";
const PARTNER = "UPARTNER1";
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";

const bot = useBot((fresh) => {
  fresh.slack.addUsers(
    { id: REQUESTER, name: "Rita Requester" },
    { id: MANAGER, name: "Max Manager" },
    { id: ADMIN_ID },
    { id: GUEST, restricted: true },
    { id: PARTNER, teamId: "TPARTNER" },
  );
  fresh.github.members.add("octocat");
});

afterAll(() => {
  vi.useRealTimers();
});

async function fileInline(text: string, userId = REQUESTER) {
  return bot.receive(slashCommand({ userId, text: `request ${text}`, responseUrl: bot.slack.responseUrl("cmd") }));
}

function click(userId: string, actionId: string, value: string) {
  return bot.receive(buttonClick({ userId, actionId, value, responseUrl: bot.slack.responseUrl(`click-${userId}`) }));
}

async function pendingRequestId(): Promise<string> {
  await fileInline(`octocat <@${MANAGER}> pairing`);
  await bot.runWorker();
  const [request] = await bot.store.listByRequester(REQUESTER, 1);
  expect(request?.state).toBe("PENDING");
  return request?.id ?? "";
}

/** A request the manager approved: the click's job has run, and the assignment it queued waits in the queue. */
async function approvedRequestId(): Promise<string> {
  const id = await pendingRequestId();
  expect((await click(MANAGER, "approve_request", id)).statusCode).toBe(200);
  await bot.sqs.deliverOnce(bot.worker);
  expect((await bot.store.get(id))?.state).toBe("APPROVED");
  return id;
}

function outcomeMessagesTo(userId: string, word: RegExp) {
  return bot.slack.messagesTo(userId).filter((m) => word.test(String(m.text)));
}

describe("a worker that dies while remembering a requester's confirmed login", () => {
  it("remembers it on the next delivery and asks the manager only once", async () => {
    bot.dynamodb.failCall("PutItem", { fault: "hang", match: isProfileItem });
    await fileInline(`octocat <@${MANAGER}> pairing`);

    await bot.abandonWorker(() => bot.dynamodb.calls.some((call) => call.fault === "hang"));
    expect(await bot.store.getGitHubLogin(REQUESTER)).toBeUndefined();
    expect(bot.slack.messagesTo(MANAGER)).toEqual([]);
    advanceMinutes(2);
    await bot.runWorker();

    expect(await bot.store.getGitHubLogin(REQUESTER)).toBe("octocat");
    expect((await bot.store.listByRequester(REQUESTER, 1))[0]?.state).toBe("PENDING");
    expect(bot.slack.messagesTo(MANAGER)).toHaveLength(1);
  });
});

describe("a worker that dies between leasing a message and sending it", () => {
  it("sends the message on the next delivery once the lease ran out, and only once", async () => {
    const id = await approvedRequestId();
    bot.slack.failNext("chat.postMessage", "hang");

    await bot.abandonWorker(() => bot.slack.callsTo("chat.postMessage").some((call) => call.fault === "hang"));
    advanceMinutes(2);
    await bot.runWorker();

    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
  });

  it("queues the assignment on the Approve job's next delivery when the worker stopped after deciding", async () => {
    const id = await pendingRequestId();
    await click(MANAGER, "approve_request", id);
    bot.sqs.failSend("hang");

    // The decision is written; the worker is lost while it queues the assignment.
    await bot.abandonWorker(() => bot.sqs.sendAttempts.some((attempt) => attempt.fault === "hang"));
    expect((await bot.store.get(id))?.state).toBe("APPROVED");
    advanceMinutes(2);
    await bot.runWorker();

    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
    // The second delivery knew the decision as its own: the manager is told nothing.
    expect(bot.slack.responsesAt(`click-${MANAGER}`)).toEqual([]);
    expect((await bot.store.get(id))?.history.filter((entry) => entry.action === "approved")).toHaveLength(1);
  });

  it("is found by the sweep when the job itself was lost, because the message was never confirmed", async () => {
    const id = await approvedRequestId();
    bot.slack.failNext("chat.postMessage", "hang");
    await bot.abandonWorker(() => bot.slack.callsTo("chat.postMessage").some((call) => call.fault === "hang"));
    // The redelivery is lost too (dead-lettered, say): only the sweep can still notice.
    bot.sqs.reset();

    advanceMinutes(3);
    const { requeued } = await bot.maintain();
    await bot.runWorker();

    expect(requeued).toBe(1);
    expect((await bot.store.get(id))?.notified).toContain("requester:ASSIGNED");
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
  });

  it("does not wait out Slack's 500s or rate limits inside the function: the job comes back through the queue", async () => {
    const id = await approvedRequestId();
    bot.slack.failNext("chat.postMessage", { status: 429, error: "ratelimited", retryAfter: 30 });

    const first = bot.sqs.receive();
    const answer = await bot.worker(first.event);
    bot.sqs.settle(first.messages, answer);
    await bot.runWorker();

    expect(answer?.batchItemFailures).toHaveLength(1);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
  });
});

describe("when the manager's approval message can no longer be redrawn", () => {
  const permanent = ["channel_not_found", "not_in_channel", "message_not_found", "cant_update_message"];
  for (const error of permanent) {
    it(`still tells the requester, once and without retrying, when Slack answers ${error}`, async () => {
      const id = await approvedRequestId();
      bot.slack.failNext("chat.update", { error }, 2);

      await bot.runWorker();

      expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
      expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
      expect(bot.sqs.deadLetters).toEqual([]);
      advanceMinutes(20);
      expect((await bot.maintain()).requeued).toBe(0);
    });
  }

  for (const fault of [{ error: "ratelimited", status: 429, retryAfter: 1 }, { error: "invalid_auth" }] as const) {
    it(`tells the requester first and redraws later when Slack answers ${fault.error}`, async () => {
      const id = await approvedRequestId();
      bot.slack.failNext("chat.update", fault, 2);

      await bot.runWorker();

      expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
      expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
      const redraws = bot.slack.callsTo("chat.update").filter((call) => !call.fault);
      expect(String(redraws.at(-1)?.params.text)).toContain("assigned");
    });
  }
});

describe("a state change whose audit entry could not be written", () => {
  it("is reported to the manager as done, queues its follow-up, and is repaired by the sweep", async () => {
    const id = await pendingRequestId();
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: 10, match: isHistoryItem });

    await click(MANAGER, "approve_request", id);
    await bot.sqs.deliverOnce(bot.worker);

    expect(bot.slack.responsesAt(`click-${MANAGER}`)).toEqual([]);
    expect((await bot.store.get(id))?.state).toBe("APPROVED");
    expect(bot.sqs.sent.map((body) => JSON.parse(body).type)).toContain("assign-seat");
    expect(await auditedActions(bot)).not.toContain("approved");

    bot.dynamodb.reset();
    advanceMinutes(2);
    await bot.maintain();

    expect(await auditedActions(bot)).toContain("approved");
  });

  it("is repaired by the sweep even when the queue refuses the jobs the sweep queues before that, and the run fails", async () => {
    const id = await pendingRequestId();
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: 10, match: isHistoryItem });
    await click(MANAGER, "approve_request", id);
    await bot.sqs.deliverOnce(bot.worker);
    expect(await auditedActions(bot)).not.toContain("approved");
    bot.dynamodb.reset();
    advanceMinutes(6);
    // The sweep queues the approved request's assignment again first; the queue refuses it, and its retry.
    bot.sqs.failSend("internal", 2);

    // The run fails (and its alarm fires) once the rest of it has run.
    await expect(bot.maintain()).rejects.toThrow(/queue refused/);

    expect(await auditedActions(bot)).toContain("approved");
    expect(bot.sqs.sendAttempts.filter((attempt) => attempt.fault)).toHaveLength(2);
  });

  it("does not stop the worker from announcing an assignment whose audit entry failed", async () => {
    const id = await approvedRequestId();
    bot.dynamodb.failCall("PutItem", { fault: "throttle", times: 10, match: isHistoryItem });

    await bot.runWorker();

    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
    bot.dynamodb.reset();
    advanceMinutes(2);
    await bot.maintain();
    expect(await auditedActions(bot)).toContain("assigned");
  });
});

describe("outbound calls that never answer", () => {
  it("ends the request on the last delivery when GitHub never answers, within the worker's own time limit", async () => {
    const id = await approvedRequestId();
    bot.github.hang("post", SELECTED_USERS, 10);
    // 15 s is kept for recording the outcome; half a second is left for GitHub in each invocation.
    bot.workerTimeoutMs = 15_500;

    await bot.runWorker();

    const failed = await bot.store.get(id);
    expect(failed?.state).toBe("FAILED");
    expect(failed?.failure?.code).toBe("GITHUB_TIMEOUT");
    expect(outcomeMessagesTo(REQUESTER, /GitHub/)).toHaveLength(1);
  });

  it("answers a slash command with an apology, not a timeout, when DynamoDB never answers", async () => {
    bot.dynamodb.failCall("PutItem", { fault: "hang", times: 10 });

    const response = await fileInline(`octocat <@${MANAGER}> pairing`);

    expect(response.statusCode).toBe(200);
    expect(String(JSON.parse(response.body ?? "{}").text)).toMatch(/nothing was changed/);
  });
});

describe("requests from outside", () => {
  it("answers 401, before parsing, to an unsigned malformed body with a fresh timestamp", async () => {
    const event = signedSlackEvent("payload=%7Bnot-json", "application/x-www-form-urlencoded", {
      secret: "not-the-secret",
    });

    const response = await bot.receive(event);

    expect(response.statusCode).toBe(401);
  });

  for (const [name, payload] of [
    ["payload=null", "null"],
    ["a payload without user", JSON.stringify({ type: "block_actions", actions: [{ action_id: "approve_request" }] })],
    ["a payload that is not JSON", "{not-json"],
  ] as const) {
    it(`answers 400 to a signed request with ${name}`, async () => {
      const event = signedSlackEvent(
        new URLSearchParams({ payload }).toString(),
        "application/x-www-form-urlencoded",
        {},
      );

      const response = await bot.receive(event);

      expect(response.statusCode).toBe(400);
    });
  }

  it("refuses a 5000-character button value before it reaches DynamoDB", async () => {
    const before = bot.dynamodb.calls.length;

    const response = await click(MANAGER, "approve_request", "x".repeat(5000));

    expect(response.statusCode).toBe(400);
    expect(bot.dynamodb.calls.length).toBe(before);
  });

  it("refuses an approve button whose value is not a request ID, saying so", async () => {
    await click(MANAGER, "approve_request", "REQUEST#not-an-id");
    await bot.runWorker();

    expect(String(bot.slack.responsesAt(`click-${MANAGER}`)[0]?.text)).toMatch(/did not come from this bot/);
  });

  it("answers a refused click itself when the queue cannot take the answer, instead of leaving it unanswered", async () => {
    const queuedBefore = bot.sqs.sent.length;
    // The Slack-facing function's client makes two attempts: both fail.
    bot.sqs.failSend("internal", 2);

    const response = await click(MANAGER, "approve_request", "REQUEST#also-not-an-id");

    expect(response.statusCode).toBe(200);
    expect(bot.sqs.sent.length).toBe(queuedBefore);
    expect(bot.slack.responsesAt(`click-${MANAGER}`).map((r) => String(r.text))).toEqual([
      expect.stringMatching(/did not come from this bot/),
    ]);
  });

  it("answers a Home tab click by direct message when the queue cannot take the answer", async () => {
    bot.sqs.failSend("internal", 2);

    const response = await bot.receive(
      buttonClick({
        userId: MANAGER,
        actionId: "approve_request",
        value: "REQUEST#not-an-id-either",
        responseUrl: "",
        inHomeTab: true,
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(bot.slack.messagesTo(MANAGER).map((m) => String(m.text))).toEqual([
      expect.stringMatching(/did not come from this bot/),
    ]);
  });

  it("tells the manager at once when Approve could not be queued, and the request waits for their next click", async () => {
    const id = await pendingRequestId();
    bot.sqs.failSend("internal", 2);

    const response = await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect(response.statusCode).toBe(200);
    expect(bot.slack.responsesAt(`click-${MANAGER}`).map((r) => String(r.text))).toEqual([
      expect.stringMatching(/could not confirm that it received this, so it may not have.*please try again/),
    ]);
    expect((await bot.store.get(id))?.state).toBe("PENDING");

    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
  });

  it("does not tell the manager nothing changed when SQS took the Approve job but its answer never came", async () => {
    const id = await pendingRequestId();
    // The first attempt is queued and left unanswered until the client gives up; the retry is refused.
    bot.sqs.failSend("unanswered");
    bot.sqs.failSend("internal");

    const response = await click(MANAGER, "approve_request", id);

    expect(response.statusCode).toBe(200);
    const told = bot.slack.responsesAt(`click-${MANAGER}`).map((r) => String(r.text));
    expect(told).toEqual([expect.stringMatching(/may not have/)]);
    expect(told.join()).not.toMatch(/nothing was changed/i);

    // It did go through, and the second try the manager was told is safe changes nothing more.
    await bot.runWorker();
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect(bot.slack.responsesAt(`click-${MANAGER}`).map((r) => String(r.text))).toEqual([
      expect.stringMatching(/may not have/),
      expect.stringMatching(/already approved/),
    ]);
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
  });

  it("tells an admin their Retry may not have been queued, without queueing that to the queue that just failed", async () => {
    const attemptsBefore = bot.sqs.sendAttempts.length;
    bot.sqs.failSend("internal", 2);

    const response = await click(ADMIN_ID, "retry_request", "0b7e6a4c-52d1-4a8e-9c1f-3d2e5f6a7b8c");

    expect(response.statusCode).toBe(200);
    // The retry job's two attempts, and no third for the explanation.
    expect(bot.sqs.sendAttempts.slice(attemptsBefore).map((attempt) => JSON.parse(attempt.body).type)).toEqual([
      "retry-request",
      "retry-request",
    ]);
    expect(bot.slack.responsesAt(`click-${ADMIN_ID}`).map((r) => String(r.text))).toEqual([
      expect.stringMatching(/could not confirm that it received this, so it may not have/),
    ]);
  });

  it("refuses a team-change confirmation with an unknown change or slug, and queues nothing", async () => {
    for (const value of [
      JSON.stringify({ teamSlug: "core", change: "delete-everything" }),
      JSON.stringify({ teamSlug: "../../admin", change: "add" }),
    ]) {
      await click(ADMIN_ID, "confirm_team_change", value);
    }

    // Only the answers to the clicker are queued, no change of seats.
    expect(bot.sqs.sent.map((body) => JSON.parse(body).type)).toEqual(["tell-clicker", "tell-clicker"]);
    await bot.runWorker();
    expect(bot.slack.responsesAt(`click-${ADMIN_ID}`).map((r) => String(r.text))).toEqual([
      expect.stringMatching(/did not come from this bot/),
      expect.stringMatching(/did not come from this bot/),
    ]);
  });

  it("asks for a manager when the form arrives without one, and files nothing", async () => {
    const response = await bot.receive(
      viewSubmission({
        userId: REQUESTER,
        callbackId: "seat_request_modal",
        values: requestFormValues({ githubLogin: "octocat", managerId: null, reason: "pairing" }),
      }),
    );

    expect(JSON.parse(response.body ?? "{}")).toMatchObject({
      response_action: "errors",
      errors: { manager: expect.stringMatching(/Choose your manager/) },
    });
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
  });
});

describe("concurrent deliveries", () => {
  it("posts to GitHub once when the same assign job arrives three times at once", async () => {
    const id = await approvedRequestId();
    bot.sqs.duplicateAllSent();
    bot.sqs.duplicateAllSent();

    const { messages, event } = bot.sqs.receive();
    const answers = await Promise.all(event.Records.map((record) => bot.worker({ Records: [record] })));
    bot.sqs.settle(messages, { batchItemFailures: answers.flatMap((answer) => answer?.batchItemFailures ?? []) });
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(outcomeMessagesTo(REQUESTER, /ready/)).toHaveLength(1);
  });
});

describe("approvers and grants", () => {
  it("rejects a guest named as manager", async () => {
    await fileInline(`octocat <@${GUEST}> pairing`);
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(REQUESTER, 1);
    expect(request?.rejection?.code).toBe("MANAGER_IS_GUEST");
    expect(bot.slack.messagesTo(GUEST)).toEqual([]);
  });

  it("rejects someone from another organization's Slack named as manager", async () => {
    await fileInline(`octocat <@${PARTNER}> pairing`);
    await bot.runWorker();

    const [request] = await bot.store.listByRequester(REQUESTER, 1);
    expect(request?.rejection?.code).toBe("MANAGER_IS_EXTERNAL");
    expect(bot.slack.messagesTo(PARTNER)).toEqual([]);
  });

  it("does not let an admin grant themselves a login they asked for and were denied", async () => {
    await fileInline(`octocat <@${MANAGER}> please`, ADMIN_ID);
    await bot.runWorker();
    const [request] = await bot.store.listByRequester(ADMIN_ID, 1);
    await click(MANAGER, "deny_request", request?.id ?? "");
    await bot.receive(
      viewSubmission({
        userId: MANAGER,
        callbackId: "deny_reason_modal",
        values: { denial_reason: { value: { type: "plain_text_input", value: "not now" } } },
        privateMetadata: JSON.stringify({ requestId: request?.id }),
      }),
    );
    await bot.runWorker();

    await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "grant octocat", responseUrl: bot.slack.responseUrl("grant") }),
    );
    // The worker checks it with the grant's other checks, and tells the admin.
    await bot.runWorker();

    expect(String(bot.slack.messagesTo(ADMIN_ID).at(-1)?.text)).toMatch(/was denied/);
    expect(bot.github.seats.has("octocat")).toBe(false);
  });

  it("moves a grant stuck between approval steps on from the sweep", async () => {
    await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "grant octocat", responseUrl: bot.slack.responseUrl("grant") }),
    );
    // The grant passes its checks, then fails to be approved on every delivery, until its job is dead-lettered.
    bot.dynamodb.failCall("UpdateItem", {
      fault: "internal",
      times: 20,
      match: (input) => JSON.stringify(input).includes("direct grant by an admin"),
    });
    await bot.runWorker().catch(() => {});
    const [stuck] = await bot.store.listByRequester(ADMIN_ID, 1);
    expect(stuck?.state).toBe("PENDING");

    bot.dynamodb.reset();
    bot.sqs.reset();
    advanceMinutes(6);
    await bot.maintain();
    await bot.runWorker();

    expect((await bot.store.get(stuck?.id ?? ""))?.state).toBe("ASSIGNED");
    expect(bot.github.seats.has("octocat")).toBe(true);
  });
});
