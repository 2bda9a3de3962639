import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeCursor } from "../../src/dynamodb/dynamodb-conventions.js";
import { ITEM_KEYS } from "../../src/dynamodb/table-schema.js";
import { gitHubError } from "../fakes/github-fake.js";
import { ADMIN_ID, type BotUnderTest, startBot } from "../support/bot-under-test.js";
import { RoundTripGate } from "../support/round-trip-gate.js";
import {
  appHomeOpened,
  buttonClick,
  requestFormValues,
  slashCommand,
  viewSubmission,
} from "../support/slack-requests.js";

/**
 * Slack waits for the Slack-facing function to answer (3 seconds, and every millisecond shows). Each acknowledgement
 * may make at most two sequential round trips to AWS, and none to Slack unless it opens a form (which only Slack
 * can). DynamoDB and SQS sit behind a gate that lets calls through in batches: calls made side by side pass
 * together, and each batch is one round trip.
 */

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";

const gate = new RoundTripGate();
let started: BotUnderTest | undefined;
const bot = () => {
  if (!started) throw new Error("The bot is not started yet");
  return started;
};

beforeAll(async () => {
  await gate.start(2);
  started = await startBot({ env: { DYNAMODB_ENDPOINT: gate.url(0), AWS_ENDPOINT_URL_SQS: gate.url(1) } });
  gate.target(0, started.dynamodb.endpoint);
  gate.target(1, started.sqs.url);
});

afterAll(async () => {
  await started?.stop();
  await gate.stop();
});

beforeEach(async () => {
  await bot().reset();
  bot().slack.addUsers({ id: REQUESTER }, { id: MANAGER }, { id: ADMIN_ID });
  bot().github.members.add("octocat");
});

afterEach(() => {
  expect(bot().slack.limitViolations).toEqual([]);
});

/**
 * Sends one request to the Slack-facing function and counts what it cost before Slack got its answer: sequential
 * round trips and requests to AWS, and the Slack calls by method (`response_url` posts included).
 */
async function acknowledge(event: APIGatewayProxyEventV2) {
  const slack = bot().slack;
  const [calls, responses] = [slack.calls.length, slack.responses.length];
  const { result: response, sequential, requests } = await gate.count(() => bot().receive(event));
  expect(response.statusCode).toBe(200);
  const slackCalls = [
    ...slack.calls.slice(calls).map((call) => call.method),
    ...slack.responses.slice(responses).map(() => "response_url"),
  ];
  return { response, sequential, requests, slackCalls };
}

async function pendingRequestId(): Promise<string> {
  await bot().receive(
    slashCommand({ userId: REQUESTER, text: `request octocat <@${MANAGER}> pairing`, responseUrl: "http://x/r" }),
  );
  await bot().runWorker();
  const [request] = await bot().store.listByRequester(REQUESTER, 1);
  expect(request?.state).toBe("PENDING");
  return request?.id ?? "";
}

/** A page position in the whole audit trail: the entries older than `at` (none need exist). */
function auditCursorBefore(at: Date): string {
  const order = `${at.toISOString()}#REQUEST#none`;
  return encodeCursor({ pk: "REQUEST#none", sk: "HISTORY#none", gsi2pk: ITEM_KEYS.auditAll, gsi2sk: order }) ?? "";
}

/** The second page of what waits on the manager, one request a page. */
async function waitingCursorAfterFirst(): Promise<string> {
  const { cursor } = await bot().store.pageWaitingOn(MANAGER, 1);
  if (!cursor) throw new Error("Nothing waits on the manager");
  return cursor;
}

function fileInline(): APIGatewayProxyEventV2 {
  return slashCommand({
    userId: REQUESTER,
    text: `request octocat <@${MANAGER}> pairing`,
    responseUrl: bot().slack.responseUrl("file"),
  });
}

function denyWithReason(requestId: string): APIGatewayProxyEventV2 {
  return viewSubmission({
    userId: MANAGER,
    callbackId: "deny_reason_modal",
    values: { denial_reason: { value: { type: "plain_text_input", value: "not this quarter" } } },
    privateMetadata: JSON.stringify({ requestId }),
  });
}

describe("round trips while Slack waits", () => {
  it("files `/copilot request` in two: the request and its slot side by side, then the job", async () => {
    const counted = await acknowledge(fileInline());

    expect(counted.sequential).toBe(2);
    expect(counted.requests).toBe(3);
    expect(counted.slackCalls).toEqual([]);
    expect(String(JSON.parse(counted.response.body ?? "{}").text)).toMatch(/Got it/);
    expect(bot().sqs.sent).toHaveLength(1);
  });

  it("files the request form in two", async () => {
    const counted = await acknowledge(
      viewSubmission({
        userId: REQUESTER,
        callbackId: "seat_request_modal",
        values: requestFormValues({ githubLogin: "octocat", managerId: MANAGER, reason: "pairing" }),
      }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect((await bot().store.listByRequester(REQUESTER, 1))[0]?.state).toBe("VALIDATING");
  });

  it("approves in one, the job, which the worker decides under the click's ID", async () => {
    const id = await pendingRequestId();

    const counted = await acknowledge(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: id, responseUrl: "http://x/a" }),
    );

    expect(counted.sequential).toBe(1);
    expect(counted.requests).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    expect((await bot().store.get(id))?.state).toBe("PENDING");
    const job = JSON.parse(bot().sqs.sent.at(-1) ?? "{}");
    expect(job).toMatchObject({ type: "approve-request", requestId: id, actorId: MANAGER });
    await bot().runWorker();
    const approved = await bot().store.get(id);
    expect(approved?.decidedBy).toBe(MANAGER);
    expect(approved?.decisionId).toBe(job.clickId);
  });

  it("denies with a reason in two: one conditional write, then the job beside freeing the login", async () => {
    const id = await pendingRequestId();

    const counted = await acknowledge(denyWithReason(id));

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    const denied = await bot().store.get(id);
    expect(denied?.state).toBe("DENIED");
    expect(denied?.denialReason).toBe("not this quarter");
  });

  it("opens the reason form for Deny after one read, and calls Slack only to open it", async () => {
    const id = await pendingRequestId();

    const counted = await acknowledge(
      buttonClick({ userId: MANAGER, actionId: "deny_request", value: id, responseUrl: "http://x/d" }),
    );

    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual(["views.open"]);
  });

  it("cancels from the button in two: one conditional write, then the job beside freeing the login", async () => {
    const id = await pendingRequestId();

    const counted = await acknowledge(
      buttonClick({
        userId: REQUESTER,
        actionId: "cancel_request",
        value: id,
        responseUrl: bot().slack.responseUrl("cancel"),
      }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect((await bot().store.get(id))?.state).toBe("CANCELLED");
    // The job that follows writes the audit items and tells the requester.
    await bot().runWorker();
    expect((await bot().store.get(id))?.projectedSeq).toBe(3);
    const told = bot()
      .slack.messagesTo(REQUESTER)
      .map((message) => String(message.text));
    expect(told.filter((text) => text.includes("You cancelled"))).toHaveLength(1);
  });

  it("queues the Home tab in two: the event's claim, then the job beside keeping the claim", async () => {
    const counted = await acknowledge(appHomeOpened({ userId: REQUESTER, eventId: "Ev0HOME1" }));

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect(bot().sqs.sent).toHaveLength(1);
    // Slack's retry of the same event queues nothing more.
    await acknowledge(appHomeOpened({ userId: REQUESTER, eventId: "Ev0HOME1" }));
    expect(bot().sqs.sent).toHaveLength(1);
  });

  it("answers `/copilot seat` in two: the logins and the link together, then the job beside the usage summary", async () => {
    await pendingRequestId();

    const counted = await acknowledge(
      slashCommand({ userId: REQUESTER, text: "seat", responseUrl: bot().slack.responseUrl("seat") }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect(String(JSON.parse(counted.response.body ?? "{}").text)).toContain("octocat");
  });

  it("answers an admin's `/copilot seat @person` in two, reading that person's login beside the admin's", async () => {
    await pendingRequestId();

    const counted = await acknowledge(
      slashCommand({ userId: ADMIN_ID, text: `seat <@${REQUESTER}>`, responseUrl: bot().slack.responseUrl("seat") }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect(String(JSON.parse(counted.response.body ?? "{}").text)).toContain("octocat");
  });

  it("grants in two, leaving the admin's own denied requests to the worker, which refuses that grant", async () => {
    await bot().receive(
      slashCommand({ userId: ADMIN_ID, text: `request octocat <@${MANAGER}> pairing`, responseUrl: "http://x/r" }),
    );
    await bot().runWorker();
    const [own] = await bot().store.listByRequester(ADMIN_ID, 1);
    await bot().receive(
      viewSubmission({
        userId: MANAGER,
        callbackId: "deny_reason_modal",
        values: { denial_reason: { value: { type: "plain_text_input", value: "not this quarter" } } },
        privateMetadata: JSON.stringify({ requestId: own?.id }),
      }),
    );
    await bot().runWorker();

    const counted = await acknowledge(
      slashCommand({ userId: ADMIN_ID, text: "grant octocat", responseUrl: bot().slack.responseUrl("grant") }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    await bot().runWorker();
    const [grant] = await bot().store.listByRequester(ADMIN_ID, 1);
    expect(grant?.kind).toBe("grant");
    expect(grant?.state).toBe("REJECTED");
    expect(grant?.rejection?.problem).toEqual({
      code: "NOT_AUTHORIZED",
      params: { rule: "own-denied-request", githubLogin: "octocat", deniedBy: MANAGER },
    });
    expect(bot().github.callsTo("POST", "/orgs/{org}/copilot/billing/selected_users")).toEqual([]);
    expect(String(bot().slack.messagesTo(ADMIN_ID).at(-1)?.text)).toContain("you can't grant that seat yourself");
  });

  it("forwards from the form in two: the read, then the job, which looks the new approver up and forwards", async () => {
    const id = await pendingRequestId();

    const counted = await acknowledge(
      viewSubmission({
        userId: MANAGER,
        callbackId: "forward_request_modal",
        values: { new_approver: { value: { type: "users_select", selected_user: ADMIN_ID } } },
        privateMetadata: JSON.stringify({ requestId: id }),
      }),
    );

    expect(counted.sequential).toBe(2);
    // The new approver and the requester are looked up in Slack's directory by the worker.
    expect(counted.slackCalls).toEqual([]);
    expect((await bot().store.get(id))?.managerId).toBe(MANAGER);
    await bot().runWorker();
    expect((await bot().store.get(id))?.managerId).toBe(ADMIN_ID);
    const forwarded = await bot().store.get(id);
    expect(forwarded?.history.at(-1)?.action).toBe("forwarded");
    expect(forwarded?.projectedSeq).toBe(forwarded?.history.length);
  });

  it("retries a failed assignment in one, the queueing; the worker retries and its assignment job writes the audit items", async () => {
    const id = await pendingRequestId();
    bot().github.script(
      "post",
      "/orgs/{org}/copilot/billing/selected_users",
      gitHubError(422, "Enable access for selected members in order to manage seats via the API."),
    );
    await bot().receive(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: id, responseUrl: "http://x/a" }),
    );
    await bot().runWorker();
    expect((await bot().store.get(id))?.state).toBe("FAILED");

    const counted = await acknowledge(
      buttonClick({
        userId: ADMIN_ID,
        actionId: "retry_request",
        value: id,
        responseUrl: bot().slack.responseUrl("r"),
      }),
    );

    // The read, the login's slot taken back, the write and the assignment job are the worker's.
    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    expect((await bot().store.get(id))?.state).toBe("FAILED");
    await bot().runWorker();
    const retried = await bot().store.get(id);
    expect(retried?.history.map((entry) => entry.action)).toContain("retried");
    expect(retried?.projectedSeq).toBe(retried?.history.length);
  });

  it("files an extension in one, the queueing; the worker files it and its job tells the holder where it went", async () => {
    await bot().receive(
      slashCommand({
        userId: REQUESTER,
        text: `request octocat <@${MANAGER}> for 30d pairing`,
        responseUrl: "http://x/r",
      }),
    );
    await bot().runWorker();
    const [seat] = await bot().store.listByRequester(REQUESTER, 1);
    await bot().receive(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: seat?.id ?? "", responseUrl: "http://x/a" }),
    );
    await bot().runWorker();
    expect((await bot().store.get(seat?.id ?? ""))?.state).toBe("ASSIGNED");

    const counted = await acknowledge(
      buttonClick({
        userId: REQUESTER,
        actionId: "extend_seat",
        value: seat?.id ?? "",
        responseUrl: bot().slack.responseUrl("extend"),
      }),
    );

    // The seat's request is read, the extension and its slot written and its job queued by the worker.
    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    await bot().runWorker();
    const [extension] = await bot().store.listByRequester(REQUESTER, 1);
    expect(extension?.kind).toBe("extension");
    const told = bot()
      .slack.messagesTo(REQUESTER)
      .map((message) => String(message.text));
    // One for the seat's own request, one for the extension.
    expect(told.filter((text) => text.includes(`was sent to <@${MANAGER}>`))).toHaveLength(2);
  });

  it("queues the release of one's own seat in two: the person's requests and identity link, then the job", async () => {
    const id = await pendingRequestId();
    await bot().receive(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: id, responseUrl: "http://x/a" }),
    );
    await bot().runWorker();
    expect((await bot().store.get(id))?.state).toBe("ASSIGNED");

    const counted = await acknowledge(
      buttonClick({
        userId: REQUESTER,
        actionId: "release_seat",
        value: JSON.stringify({ githubLogin: "octocat" }),
        responseUrl: bot().slack.responseUrl("release"),
      }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect(bot().sqs.sent.filter((body) => body.includes("release-seat"))).toHaveLength(1);
  });

  it("confirms a revoke in two: the claim, then the job beside keeping the claim", async () => {
    const counted = await acknowledge(
      buttonClick({
        userId: ADMIN_ID,
        actionId: "confirm_revoke",
        value: "octocat",
        responseUrl: bot().slack.responseUrl("revoke"),
      }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect(bot().sqs.sent).toHaveLength(1);
    // The job draws "Revoking…" in place of the confirmation, then the outcome.
    await bot().runWorker();
    const [underWay, outcome] = bot().slack.responsesAt("revoke");
    expect(underWay?.replace_original).toBe(true);
    expect(String(underWay?.text)).toContain("Revoking the Copilot seat of `octocat`");
    expect(outcome).toBeDefined();
  });

  it("calls off an admin confirmation in one, the queueing; the worker draws it called off", async () => {
    const counted = await acknowledge(
      buttonClick({
        userId: ADMIN_ID,
        actionId: "cancel_admin_action",
        value: "cancel",
        responseUrl: bot().slack.responseUrl("called-off"),
      }),
    );

    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    await bot().runWorker();
    const [reply] = bot().slack.responsesAt("called-off");
    expect(reply?.replace_original).toBe(true);
    expect(reply?.text).toBe("Cancelled. Nothing was changed.");
  });

  it("turns the page of the audit trail in one, the queueing; the worker draws the page in place", async () => {
    const counted = await acknowledge(
      buttonClick({
        userId: ADMIN_ID,
        actionId: "audit_more",
        value: JSON.stringify({ cursor: auditCursorBefore(new Date()) }),
        responseUrl: bot().slack.responseUrl("audit-more"),
      }),
    );

    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    await bot().runWorker();
    const [page] = bot().slack.responsesAt("audit-more");
    expect(page?.replace_original).toBe(true);
  });

  it("turns the page of `/copilot waiting` in one, the queueing; the worker draws the page in place", async () => {
    await pendingRequestId();
    const counted = await acknowledge(
      buttonClick({
        userId: MANAGER,
        actionId: "waiting_more",
        value: await waitingCursorAfterFirst(),
        responseUrl: bot().slack.responseUrl("waiting-more"),
      }),
    );

    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    await bot().runWorker();
    const [page] = bot().slack.responsesAt("waiting-more");
    expect(page?.replace_original).toBe(true);
  });

  it("cancels with `/copilot cancel` in one, the queueing; the worker finds the request, cancels it and answers", async () => {
    const id = await pendingRequestId();

    const counted = await acknowledge(
      slashCommand({ userId: REQUESTER, text: "cancel", responseUrl: bot().slack.responseUrl("cancel") }),
    );

    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    await bot().runWorker();
    expect((await bot().store.get(id))?.state).toBe("CANCELLED");
    expect(String(bot().slack.responsesAt("cancel").at(-1)?.text)).toContain("Your request for `octocat` is cancelled");
  });

  it("refuses a click by someone the request does not wait on in one, the job that explains, changing nothing", async () => {
    const id = await pendingRequestId();

    const counted = await acknowledge(
      buttonClick({
        userId: "USTRANGER",
        actionId: "approve_request",
        value: id,
        responseUrl: bot().slack.responseUrl("stranger"),
      }),
    );

    expect(counted.sequential).toBe(1);
    expect(counted.slackCalls).toEqual([]);
    await bot().runWorker();
    expect((await bot().store.get(id))?.state).toBe("PENDING");
    const refusals = bot().slack.responsesAt("stranger");
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.replace_original).toBe(false);
  });

  it("confirms a reclaim round's start in two: the claim, then the job beside keeping the claim", async () => {
    const counted = await acknowledge(
      buttonClick({
        userId: ADMIN_ID,
        actionId: "reclaim_confirm_start",
        value: "start",
        responseUrl: bot().slack.responseUrl("reclaim-start"),
      }),
    );

    expect(counted.sequential).toBe(2);
    expect(counted.slackCalls).toEqual([]);
    expect(bot().sqs.sent.filter((body) => body.includes("start-reclaim"))).toHaveLength(1);
  });

  for (const actionId of ["reclaim_keep", "reclaim_release"]) {
    it(`answers ${actionId} on a reclaim question in one, the queueing; the worker answers only the clicker`, async () => {
      const counted = await acknowledge(
        buttonClick({
          userId: REQUESTER,
          actionId,
          value: JSON.stringify({ r: "2026-11-23", b: 0, l: "octocat" }),
          responseUrl: bot().slack.responseUrl(actionId),
        }),
      );

      expect(counted.sequential).toBe(1);
      expect(counted.slackCalls).toEqual([]);
      // No round asked this question: the worker says so, privately, and leaves the message alone.
      await bot().runWorker();
      const answers = bot().slack.responsesAt(actionId);
      expect(answers).toHaveLength(1);
      expect(answers[0]?.replace_original).toBe(false);
    });
  }

  for (const [name, text] of [
    ["`/copilot status`", "status"],
    ["`/copilot waiting`", "waiting"],
    ["`/copilot help`", "help"],
    ["`/copilot revoke`", "revoke octocat"],
    ["`/copilot seats`", "seats"],
    ["`/copilot release`", "release"],
    ["`/copilot usage`", "usage"],
    ["`/copilot usage <team>`", "usage web"],
    ["`/copilot audit`", "audit"],
    ["`/copilot audit @person`", `audit <@${REQUESTER}>`],
    ["`/copilot audit export`", "audit export"],
    ["`/copilot grant-team`", "grant-team web"],
    ["`/copilot revoke-team`", "revoke-team web"],
    ["`/copilot reclaim preview`", "reclaim preview"],
    ["`/copilot reclaim start`", "reclaim start"],
    ["`/copilot disconnect`", "disconnect"],
    ["`/copilot disconnect @person`", `disconnect <@${REQUESTER}>`],
    ["`/copilot whois @person`", `whois <@${REQUESTER}>`],
    ["`/copilot whois <github-login>`", "whois octocat"],
  ] as const) {
    it(`answers ${name} in at most two, without calling Slack`, async () => {
      const counted = await acknowledge(
        slashCommand({ userId: ADMIN_ID, text, responseUrl: bot().slack.responseUrl("admin") }),
      );

      expect(counted.sequential).toBeLessThanOrEqual(2);
      expect(counted.slackCalls).toEqual([]);
    });
  }
});
