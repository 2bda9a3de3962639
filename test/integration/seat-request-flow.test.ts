import { afterEach, describe, expect, it, vi } from "vitest";
import { gitHubError } from "../fakes/github-fake.js";
import { ADMIN_ID, BOT_TOKEN, GITHUB_TOKEN, useBot } from "../support/bot-under-test.js";
import { buttonClick, requestFormValues, slashCommand, viewSubmission } from "../support/slack-requests.js";
import { isProfileItem } from "../support/table-items.js";

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const STRANGER = "USTRANGE1";
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";

const bot = useBot((fresh) => {
  fresh.slack.addUsers(
    { id: REQUESTER, name: "Rita Requester" },
    { id: MANAGER, name: "Max Manager" },
    { id: ADMIN_ID },
    { id: STRANGER },
  );
  fresh.github.members.add("octocat");
});

async function fileInline(text: string, userId = REQUESTER) {
  const response = await bot.receive(
    slashCommand({ userId, text: `request ${text}`, responseUrl: bot.slack.responseUrl("cmd") }),
  );
  expect(response.statusCode).toBe(200);
  return response.body ? JSON.parse(response.body) : {};
}

async function onlyRequest() {
  const requests = await bot.store.listByRequester(REQUESTER, 10);
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

function managerDm() {
  const dms = bot.slack.messagesTo(MANAGER);
  expect(dms).toHaveLength(1);
  return dms[0]!;
}

function click(userId: string, actionId: string, requestId: string) {
  return bot.receive(
    buttonClick({ userId, actionId, value: requestId, responseUrl: bot.slack.responseUrl(`click-${userId}`) }),
  );
}

/** The manager's Approve click and one run of the job it queued: the request is approved, its assignment queued. */
async function approve(requestId: string) {
  expect((await click(MANAGER, "approve_request", requestId)).statusCode).toBe(200);
  await bot.sqs.deliverOnce(bot.worker);
  expect((await bot.store.get(requestId))?.state).toBe("APPROVED");
}

describe("filing a request inline", () => {
  it("checks the login with GitHub, then DMs the manager with Approve and Deny buttons", async () => {
    const answer = await fileInline(`octocat <@${MANAGER}|max> I write TypeScript all day`);
    expect(answer.text).toContain("octocat");

    await bot.runWorker();

    const request = await onlyRequest();
    expect(request.state).toBe("PENDING");
    // Membership first, then the seat; only then is the manager asked.
    expect(bot.github.calls.slice(0, 2).map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /orgs/acme/members/octocat",
      "GET /orgs/acme/members/octocat/copilot",
    ]);
    const dm = managerDm();
    const buttons = JSON.stringify(dm.blocks);
    expect(buttons).toContain("approve_request");
    expect(buttons).toContain("deny_request");
    expect(buttons).toContain("I write TypeScript all day");
    expect(buttons).toContain(`<@${REQUESTER}>`);
    expect(
      bot.slack
        .messagesTo(REQUESTER)
        .map((m) => m.text)
        .join(),
    ).toContain(`<@${MANAGER}>`);
  });
});

describe("approving", () => {
  it("assigns the seat once, tells the requester, and shows the result in the manager's message", async () => {
    await fileInline(`octocat <@${MANAGER}> pairing`);
    await bot.runWorker();
    const { id } = await onlyRequest();

    const response = await click(MANAGER, "approve_request", id);

    expect(response.statusCode).toBe(200);
    // The click queues the decision and answers nothing itself: the worker decides, then redraws the manager's
    // message from the stored state.
    expect(JSON.parse(bot.sqs.sent.at(-1) ?? "{}")).toMatchObject({ type: "approve-request", actorId: MANAGER });
    expect((await bot.store.get(id))?.state).toBe("PENDING");

    await bot.runWorker();

    expect(bot.slack.responsesAt(`click-${MANAGER}`)).toEqual([]);

    const [assigning] = bot.slack.callsTo("chat.update");
    expect(String(assigning?.params.text)).toContain("assigning the seat");
    expect(JSON.stringify(assigning?.params.blocks)).not.toContain("approve_request");
    const done = await bot.store.get(id);
    expect(done?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("POST", SELECTED_USERS).map((c) => c.body)).toEqual([
      { selected_usernames: ["octocat"] },
    ]);
    expect(bot.github.seats.has("octocat")).toBe(true);
    const toRequester = bot.slack.messagesTo(REQUESTER).map((m) => String(m.text));
    expect(toRequester.some((text) => text.includes("Copilot seat") && text.includes("ready"))).toBe(true);
    const finalUpdate = bot.slack.callsTo("chat.update").at(-1);
    expect(String(finalUpdate?.params.text)).toContain("assigned");
    expect(done?.history.map((h) => h.action)).toEqual(["filed", "validated", "approved", "assigned"]);
  });
});

describe("filing through the form", () => {
  it("opens the form prefilled with the last GitHub login when /copilot request has no arguments", async () => {
    await fileInline(`octocat <@${MANAGER}> first time`);
    await bot.runWorker();

    await bot.receive(slashCommand({ userId: REQUESTER, text: "request", responseUrl: bot.slack.responseUrl("cmd") }));

    const opened = bot.slack.callsTo("views.open")[0]?.params;
    expect(opened?.trigger_id).toBe(`trigger-${REQUESTER}`);
    expect(JSON.stringify(opened?.view)).toContain('"initial_value":"octocat"');
  });

  /** The form the requester gets from `/copilot request` with no arguments. */
  async function emptyForm(): Promise<string> {
    await bot.receive(slashCommand({ userId: REQUESTER, text: "request", responseUrl: bot.slack.responseUrl("cmd") }));
    return JSON.stringify(bot.slack.callsTo("views.open").at(-1)?.params.view);
  }

  it("does not offer a login again that GitHub said is not a member's", async () => {
    await fileInline(`octocat <@${MANAGER}> first time`);
    await bot.runWorker();
    await fileInline(`octocta <@${MANAGER}> a typo`);
    await bot.runWorker();

    expect((await bot.store.listByRequester(REQUESTER, 10)).map((r) => r.rejection?.code)).toContain("NOT_A_MEMBER");
    const form = await emptyForm();
    expect(form).toContain('"initial_value":"octocat"');
    expect(form).not.toContain("octocta");
  });

  it("does not take a login GitHub refused as the person's own in /copilot seat", async () => {
    await fileInline(`octocta <@${MANAGER}> a typo`);
    await bot.runWorker();

    const response = await bot.receive(
      slashCommand({ userId: REQUESTER, text: "seat", responseUrl: bot.slack.responseUrl("seat") }),
    );

    const text = String(JSON.parse(response.body ?? "{}").text);
    expect(text).toContain("I don't know your GitHub username yet");
    expect(text).toContain("once GitHub has confirmed the username");
    expect(bot.sqs.sent.filter((body) => body.includes("lookup-seat"))).toEqual([]);
  });

  it("shows the requester's Home with the confirmed login as soon as the request reaches the manager", async () => {
    await fileInline(`octocat <@${MANAGER}> please`);
    await bot.runWorker();

    const home = bot.slack.callsTo("views.publish").filter((call) => call.params.user_id === REQUESTER);
    expect(JSON.stringify(home.at(-1)?.params.view)).toContain("*You have no Copilot seat* for `octocat`");
  });

  it("remembers a login that GitHub says already has a seat", async () => {
    bot.github.members.add("hubot");
    bot.github.seats.set("hubot", { login: "hubot", planType: "business", createdAt: "2026-03-01T08:00:00Z" });

    await fileInline(`hubot <@${MANAGER}> please`);
    await bot.runWorker();

    expect((await onlyRequest()).rejection?.code).toBe("ALREADY_SEATED");
    expect(await bot.store.getGitHubLogin(REQUESTER)).toBe("hubot");
  });

  it("keeps the login of the later request when the worker confirms an earlier one last", async () => {
    bot.github.members.add("hubot");
    await fileInline(`hubot <@${MANAGER}> older request`);
    const [older] = bot.sqs.receive().messages;
    await fileInline(`octocat <@${MANAGER}> newer request`);
    await bot.runWorker();
    bot.sqs.redeliver(older!.messageId);
    await bot.runWorker();

    expect((await bot.store.listByRequester(REQUESTER, 10)).map((r) => `${r.githubLogin} ${r.state}`).sort()).toEqual([
      "hubot PENDING",
      "octocat PENDING",
    ]);
    expect(await bot.store.getGitHubLogin(REQUESTER)).toBe("octocat");
  });

  it("remembers the login on the job's next delivery when saving it failed, and asks the manager once", async () => {
    // Both attempts of the worker's DynamoDB client, in the first delivery.
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: 2, match: isProfileItem });

    await fileInline(`octocat <@${MANAGER}> please`);
    await bot.runWorker();

    expect((await onlyRequest()).state).toBe("PENDING");
    expect(bot.slack.messagesTo(MANAGER)).toHaveLength(1);
    expect(await bot.store.getGitHubLogin(REQUESTER)).toBe("octocat");
    // Two failed attempts in the first delivery, then the second delivery's save.
    expect(bot.dynamodb.callsTo("PutItem").filter((call) => isProfileItem(call.input))).toHaveLength(3);
  });

  it("still asks the manager when the login cannot be remembered on any delivery", async () => {
    bot.dynamodb.failCall("PutItem", { fault: "internal", times: 100, match: isProfileItem });

    await fileInline(`octocat <@${MANAGER}> please`);
    await bot.runWorker();

    expect((await onlyRequest()).state).toBe("PENDING");
    expect(bot.slack.messagesTo(MANAGER)).toHaveLength(1);
    expect(bot.sqs.deadLetters).toEqual([]);
    expect(await bot.store.getGitHubLogin(REQUESTER)).toBeUndefined();
  });

  it("tells the person when the form could not be opened in time", async () => {
    const response = await bot.receive(
      slashCommand({ userId: "UEXPIRED1", text: "request", responseUrl: bot.slack.responseUrl("late") }),
    );

    // The form is opened before the acknowledgement, so the acknowledgement itself says it could not be.
    expect(String(JSON.parse(response.body ?? "{}").text)).toMatch(/something went wrong/);
  });

  it("opens the form with what was typed when the inline request is missing parts", async () => {
    await bot.receive(
      slashCommand({ userId: REQUESTER, text: "request hubot", responseUrl: bot.slack.responseUrl("cmd") }),
    );

    const view = JSON.stringify(bot.slack.callsTo("views.open")[0]?.params.view);
    expect(view).toContain('"initial_value":"hubot"');
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
  });

  it("files the request from the submitted form and reaches the manager", async () => {
    const response = await bot.receive(
      viewSubmission({
        userId: REQUESTER,
        callbackId: "seat_request_modal",
        values: requestFormValues({ githubLogin: "octocat", managerId: MANAGER, reason: "Reviews" }),
      }),
    );
    await bot.runWorker();

    expect(response.statusCode).toBe(200);
    expect(response.body ?? "").toBe("");
    expect((await onlyRequest()).state).toBe("PENDING");
    expect(managerDm().text).toContain("octocat");
  });

  it("shows a field error and stores nothing when the form names the requester as manager", async () => {
    const response = await bot.receive(
      viewSubmission({
        userId: REQUESTER,
        callbackId: "seat_request_modal",
        values: requestFormValues({ githubLogin: "octocat", managerId: REQUESTER, reason: "Reviews" }),
      }),
    );

    const body = JSON.parse(response.body ?? "{}");
    expect(body.response_action).toBe("errors");
    expect(body.errors.manager).toMatch(/yourself/);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
    expect(bot.sqs.sent).toEqual([]);
  });
});

describe("checks before the manager is asked", () => {
  it("refuses an invalid GitHub login at once, saying why, and stores nothing", async () => {
    const answer = await fileInline(`-octo--cat <@${MANAGER}> please`);

    expect(answer.text).toMatch(/not a valid GitHub username/);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
    expect(bot.sqs.sent).toEqual([]);
  });

  it("rejects a login that is not a member of the organization, tells the requester, and never asks the manager", async () => {
    await fileInline(`stranger-danger <@${MANAGER}> please`);
    await bot.runWorker();

    const request = await onlyRequest();
    expect(request.state).toBe("REJECTED");
    expect(request.rejection?.code).toBe("NOT_A_MEMBER");
    expect(bot.slack.messagesTo(MANAGER)).toEqual([]);
    expect(String(bot.slack.messagesTo(REQUESTER)[0]?.text)).toMatch(/not a member of the `acme` organization/);
  });

  it("rejects a login that already has a seat and describes the seat", async () => {
    bot.github.seats.set("octocat", {
      login: "octocat",
      planType: "business",
      createdAt: "2026-03-01T08:00:00Z",
      lastActivityAt: "2026-11-20T09:30:00Z",
    });

    await fileInline(`octocat <@${MANAGER}> please`);
    await bot.runWorker();

    const request = await onlyRequest();
    expect(request.rejection?.code).toBe("ALREADY_SEATED");
    const told = String(bot.slack.messagesTo(REQUESTER)[0]?.text);
    expect(told).toContain("already has a Copilot seat");
    expect(told).toContain("assigned on 2026-03-01");
    expect(bot.slack.messagesTo(MANAGER)).toEqual([]);
  });

  it("rejects a manager who is a bot", async () => {
    bot.slack.addUsers({ id: "UROBOT01", isBot: true });

    await fileInline(`octocat <@UROBOT01> please`);
    await bot.runWorker();

    expect((await onlyRequest()).rejection?.code).toBe("MANAGER_IS_BOT");
    expect(bot.github.callsTo("GET", "/orgs/{org}/members/{username}")).toEqual([]);
  });

  it("rejects a deactivated manager", async () => {
    bot.slack.addUsers({ id: "UGONE001", deleted: true });

    await fileInline(`octocat <@UGONE001> please`);
    await bot.runWorker();

    expect((await onlyRequest()).rejection?.code).toBe("MANAGER_INACTIVE");
  });

  it("refuses naming yourself as manager", async () => {
    const answer = await fileInline(`octocat <@${REQUESTER}> please`);

    expect(answer.text).toMatch(/named yourself/);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
  });

  it("refuses a second open request for the same login and says who it waits on", async () => {
    await fileInline(`octocat <@${MANAGER}> first`);
    await bot.runWorker();

    const answer = await fileInline(`octocat <@${ADMIN_ID}> second`, STRANGER);

    expect(answer.text).toContain("already an open request for `octocat`");
    expect(answer.text).toContain(`<@${MANAGER}>`);
    expect(await bot.store.listByRequester(STRANGER, 10)).toEqual([]);
  });

  it("allows a new request for a login once the earlier one was denied", async () => {
    await fileInline(`octocat <@${MANAGER}> first`);
    await bot.runWorker();
    const first = await onlyRequest();
    await click(MANAGER, "deny_request", first.id);
    await bot.receive(
      viewSubmission({
        userId: MANAGER,
        callbackId: "deny_reason_modal",
        values: { denial_reason: { value: { type: "plain_text_input", value: "" } } },
        privateMetadata: JSON.stringify({ requestId: first.id }),
      }),
    );

    const answer = await fileInline(`octocat <@${MANAGER}> second try`);

    expect(answer.text).not.toContain("already an open request");
    expect(await bot.store.listByRequester(REQUESTER, 10)).toHaveLength(2);
  });
});

async function pendingRequestId(): Promise<string> {
  await fileInline(`octocat <@${MANAGER}> pairing`);
  await bot.runWorker();
  const request = await onlyRequest();
  expect(request.state).toBe("PENDING");
  return request.id;
}

describe("who may decide", () => {
  it("tells anyone but the manager or an admin that they can't decide, and changes nothing", async () => {
    const id = await pendingRequestId();

    await click(STRANGER, "approve_request", id);
    await bot.runWorker();

    expect((await bot.store.get(id))?.state).toBe("PENDING");
    const told = bot.slack.responsesAt(`click-${STRANGER}`)[0];
    expect(told?.response_type).toBe("ephemeral");
    expect(String(told?.text)).toMatch(/Only <@UMANAGER1>.*can decide/);
    expect(bot.sqs.sent.filter((m) => m.includes("assign-seat"))).toEqual([]);
  });

  it("never lets requesters approve their own request, even when they are admins", async () => {
    await bot.receive(
      slashCommand({
        userId: ADMIN_ID,
        text: `request octocat <@${MANAGER}> me too`,
        responseUrl: bot.slack.responseUrl("cmd"),
      }),
    );
    await bot.runWorker();
    const [request] = await bot.store.listByRequester(ADMIN_ID, 10);

    await click(ADMIN_ID, "approve_request", request!.id);
    await bot.runWorker();

    expect((await bot.store.get(request!.id))?.state).toBe("PENDING");
    expect(String(bot.slack.responsesAt(`click-${ADMIN_ID}`)[0]?.text)).toMatch(/can't decide your own request/);
  });

  it("lets an admin approve on the manager's behalf", async () => {
    const id = await pendingRequestId();

    await click(ADMIN_ID, "approve_request", id);
    await bot.runWorker();

    const request = await bot.store.get(id);
    expect(request?.state).toBe("ASSIGNED");
    expect(request?.decidedBy).toBe(ADMIN_ID);
  });
});

describe("approving exactly once", () => {
  it("assigns once when the manager double-clicks", async () => {
    const id = await pendingRequestId();

    await click(MANAGER, "approve_request", id);
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect(bot.slack.responsesAt(`click-${MANAGER}`)).toHaveLength(1);
    expect(String(bot.slack.responsesAt(`click-${MANAGER}`)[0]?.text)).toMatch(/already approved/);
    expect((await bot.store.get(id))?.history.filter((h) => h.action === "approved")).toHaveLength(1);
  });

  it("assigns once when the manager and an admin click at the same moment", async () => {
    const id = await pendingRequestId();

    const responses = await Promise.all([
      click(MANAGER, "approve_request", id),
      click(ADMIN_ID, "approve_request", id),
      click(MANAGER, "approve_request", id),
    ]);
    await bot.runWorker();

    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(bot.sqs.sent.filter((m) => m.includes("assign-seat"))).toHaveLength(1);
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
  });

  it("neither assigns nor messages twice when SQS delivers the same jobs again", async () => {
    const id = await pendingRequestId();
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();
    const messagesBefore = bot.slack.callsTo("chat.postMessage").length;

    bot.sqs.duplicateAllSent();
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect(bot.slack.callsTo("chat.postMessage")).toHaveLength(messagesBefore);
    // The Approve click's job, delivered again, recognises its own decision: the manager is told nothing.
    expect(bot.slack.responsesAt(`click-${MANAGER}`)).toEqual([]);
  });

  it("treats a Slack retry of the same click like any second click", async () => {
    const id = await pendingRequestId();

    await click(MANAGER, "approve_request", id);
    await bot.receive(
      buttonClick({
        userId: MANAGER,
        actionId: "approve_request",
        value: id,
        responseUrl: bot.slack.responseUrl("retry"),
        headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
      }),
    );
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect((await bot.store.get(id))?.history.map((h) => h.action)).toEqual([
      "filed",
      "validated",
      "approved",
      "assigned",
    ]);
  });
});

describe("denying", () => {
  it("asks for a reason, then tells the requester with it and closes the request", async () => {
    const id = await pendingRequestId();

    await click(MANAGER, "deny_request", id);
    const modal = bot.slack.callsTo("views.open")[0]?.params.view as { private_metadata: string };
    await bot.receive(
      viewSubmission({
        userId: MANAGER,
        callbackId: "deny_reason_modal",
        privateMetadata: modal.private_metadata,
        values: { denial_reason: { value: { type: "plain_text_input", value: "No budget this quarter" } } },
      }),
    );
    await bot.runWorker();

    const request = await bot.store.get(id);
    expect(request?.state).toBe("DENIED");
    expect(request?.denialReason).toBe("No budget this quarter");
    expect(String(bot.slack.messagesTo(REQUESTER).at(-1)?.text)).toContain("No budget this quarter");
    expect(String(bot.slack.callsTo("chat.update").at(-1)?.params.text)).toMatch(/Denied by <@UMANAGER1>/);
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toEqual([]);
  });

  it("does not open the reason dialog for someone who may not decide", async () => {
    const id = await pendingRequestId();

    await click(STRANGER, "deny_request", id);

    expect(bot.slack.callsTo("views.open")).toEqual([]);
    expect((await bot.store.get(id))?.state).toBe("PENDING");
  });
});

describe("when GitHub fails", () => {
  it("retries a 5xx and then assigns the seat", async () => {
    const id = await pendingRequestId();
    bot.github.script("post", SELECTED_USERS, gitHubError(500, "Internal Server Error"));

    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(2);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
  });

  it("keeps retrying through queue redelivery while GitHub stays down, then succeeds", async () => {
    const id = await pendingRequestId();
    const outage = Array.from({ length: 5 }, () => gitHubError(500, "Internal Server Error"));
    bot.github.script("post", SELECTED_USERS, ...outage);

    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(6);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
  });

  it("tells the requester, instead of leaving the request open, when GitHub stays down through every delivery", async () => {
    const outage = Array.from({ length: 25 }, () => gitHubError(503, "Service Unavailable"));
    bot.github.script("get", "/orgs/{org}/members/{username}", ...outage);

    await fileInline(`octocat <@${MANAGER}> pairing`);
    await bot.runWorker();

    const request = await onlyRequest();
    expect(request.state).toBe("REJECTED");
    expect(request.rejection?.code).toBe("GITHUB_UNAVAILABLE");
    expect(String(bot.slack.messagesTo(REQUESTER).at(-1)?.text)).toMatch(/could not check the account with GitHub/);
    expect(bot.sqs.deadLetters).toEqual([]);
  });

  it("fails a permanent 422 in plain words to requester, manager and admins, and gives admins a Retry button", async () => {
    const id = await pendingRequestId();
    bot.github.script(
      "post",
      SELECTED_USERS,
      gitHubError(
        422,
        "Your organization has enabled Copilot access for all members. Enable access for selected members in order to manage seats via the API.",
      ),
    );

    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    const request = await bot.store.get(id);
    expect(request?.state).toBe("FAILED");
    expect(request?.failure?.code).toBe("SEAT_MANAGEMENT_NOT_SELECTED");
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect(String(bot.slack.messagesTo(REQUESTER).at(-1)?.text)).toMatch(/selected members/);
    expect(String(bot.slack.callsTo("chat.update").at(-1)?.params.text)).toMatch(/selected members/);
    const alert = bot.slack.messagesTo(ADMIN_ID).at(-1);
    expect(JSON.stringify(alert?.blocks)).toContain("retry_request");
  });

  it("lets an admin retry a failed assignment once the cause is fixed", async () => {
    const id = await pendingRequestId();
    bot.github.script("post", SELECTED_USERS, gitHubError(403, "Resource not accessible by integration"));
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();
    expect((await bot.store.get(id))?.failure?.code).toBe("GITHUB_FORBIDDEN");

    await click(ADMIN_ID, "retry_request", id);
    await bot.runWorker();

    const request = await bot.store.get(id);
    expect(request?.state).toBe("ASSIGNED");
    expect(request?.history.map((h) => h.action)).toEqual([
      "filed",
      "validated",
      "approved",
      "failed",
      "retried",
      "assigned",
    ]);
  });

  it("does not let a non-admin retry", async () => {
    const id = await pendingRequestId();
    bot.github.script("post", SELECTED_USERS, gitHubError(404, "Not Found"));
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    await click(MANAGER, "retry_request", id);
    await bot.runWorker();

    expect((await bot.store.get(id))?.state).toBe("FAILED");
    expect(String(bot.slack.responsesAt(`click-${MANAGER}`).at(-1)?.text)).toMatch(/Only Copilot admins/);
  });
});

describe("escaping what people type", () => {
  it("never lets a reason ping a channel or mention someone", async () => {
    await bot.receive(
      viewSubmission({
        userId: REQUESTER,
        callbackId: "seat_request_modal",
        values: requestFormValues({
          githubLogin: "octocat",
          managerId: MANAGER,
          reason: "<!channel> hi <@UADMIN01> & <https://evil.example|click>",
        }),
      }),
    );
    await bot.runWorker();

    const dm = JSON.stringify(managerDm().blocks);
    expect(dm).toContain("&lt;!channel&gt; hi &lt;@UADMIN01&gt; &amp; &lt;https://evil.example|click&gt;");
    expect(dm).not.toContain("<!channel>");
  });

  it("decodes Slack's escaping of inline text once and escapes it again on the way out", async () => {
    await fileInline(`octocat <@${MANAGER}> fix &lt;!here&gt; &amp; more`);
    await bot.runWorker();

    expect((await onlyRequest()).reason).toBe("fix <!here> & more");
    expect(JSON.stringify(managerDm().blocks)).toContain("fix &lt;!here&gt; &amp; more");
  });
});

describe("refusing requests Slack did not sign", () => {
  const body = () =>
    slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> hi`,
      responseUrl: bot.slack.responseUrl("cmd"),
    });

  it("answers 401 to a wrong signature and stores nothing", async () => {
    const event = slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> hi`,
      responseUrl: "x",
      secret: "not-the-secret",
    });

    const response = await bot.receive(event);

    expect(response.statusCode).toBe(401);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
    expect(bot.sqs.sent).toEqual([]);
  });

  it("answers 401 to a request signed more than five minutes ago", async () => {
    const event = slashCommand({
      userId: REQUESTER,
      text: "status",
      responseUrl: "x",
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });

    expect((await bot.receive(event)).statusCode).toBe(401);
  });

  it("answers 401 to a request stamped more than five minutes in the future", async () => {
    const event = slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> hi`,
      responseUrl: "x",
      timestamp: Math.floor(Date.now() / 1000) + 301,
    });

    expect((await bot.receive(event)).statusCode).toBe(401);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
  });

  it("answers 401 when the body was changed after signing", async () => {
    const event = body();
    event.body = event.body?.replace("octocat", "hubot");

    expect((await bot.receive(event)).statusCode).toBe(401);
    expect(await bot.store.listByRequester(REQUESTER, 10)).toEqual([]);
  });

  it("accepts a base64-encoded body with non-ASCII text", async () => {
    const event = slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> für Übersetzungen ✨`,
      responseUrl: bot.slack.responseUrl("cmd"),
    });
    event.body = Buffer.from(event.body ?? "", "utf8").toString("base64");
    event.isBase64Encoded = true;

    expect((await bot.receive(event)).statusCode).toBe(200);
    expect((await onlyRequest()).reason).toBe("für Übersetzungen ✨");
  });
});

describe("status, seat and help", () => {
  it("lists the caller's requests with state and approver", async () => {
    const id = await pendingRequestId();
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    const response = await bot.receive(slashCommand({ userId: REQUESTER, text: "status", responseUrl: "x" }));

    const text = JSON.stringify(JSON.parse(response.body ?? "{}").blocks);
    expect(text).toContain("octocat");
    expect(text).toContain("seat assigned");
    expect(text).toContain(`decided by <@${MANAGER}>`);
  });

  it("looks up the caller's own seat through the worker and answers with its details", async () => {
    const id = await pendingRequestId();
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();
    bot.github.seats.set("octocat", {
      login: "octocat",
      planType: "enterprise",
      lastActivityAt: "2026-11-19T12:00:00Z",
      lastActivityEditor: "vscode/1.99.0/copilot/1.300.0",
      pendingCancellationDate: "2026-12-01",
      assigningTeam: "platform",
    });

    const ack = await bot.receive(
      slashCommand({ userId: REQUESTER, text: "seat", responseUrl: bot.slack.responseUrl("seat") }),
    );
    await bot.runWorker();

    expect(JSON.parse(ack.body ?? "{}").text).toContain("Looking up");
    const shown = JSON.stringify(bot.slack.responsesAt("seat")[0]);
    for (const detail of ["enterprise", "vscode/1.99.0", "2026-12-01", "platform", "Last activity"])
      expect(shown).toContain(detail);
  });

  it("does not let a non-admin look up someone else's seat", async () => {
    const response = await bot.receive(
      slashCommand({ userId: STRANGER, text: "seat octocat", responseUrl: bot.slack.responseUrl("seat") }),
    );

    expect(JSON.parse(response.body ?? "{}").text).toMatch(/Only Copilot admins/);
    expect(bot.sqs.sent).toEqual([]);
  });

  it("lets an admin look up anyone's seat and says when there is none", async () => {
    await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "seat hubot", responseUrl: bot.slack.responseUrl("seat") }),
    );
    await bot.runWorker();

    expect(String(bot.slack.responsesAt("seat")[0]?.text)).toContain("`hubot` has no Copilot seat");
  });

  it("shows usage for help and for an unknown subcommand, escaping what was typed", async () => {
    const help = await bot.receive(slashCommand({ userId: REQUESTER, text: "help", responseUrl: "x" }));
    const unknown = await bot.receive(slashCommand({ userId: REQUESTER, text: "<!channel>", responseUrl: "x" }));

    expect(JSON.parse(help.body ?? "{}").text).toContain("/copilot request");
    const text = JSON.parse(unknown.body ?? "{}").text as string;
    expect(text).toContain("I don't know `&lt;!channel&gt;`");
    expect(text).toContain("/copilot status");
  });
});

describe("daily maintenance", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("queues the assignment again for an approved request whose job was lost, and the seat gets assigned", async () => {
    const id = await pendingRequestId();
    await approve(id);
    bot.sqs.reset(); // the assign-seat job never reached the worker

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const result = await bot.maintain();
    vi.useRealTimers();
    await bot.runWorker();

    expect(result.requeued).toBe(1);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
  });

  it("asks the manager after all when the request reached PENDING but the message never went out", async () => {
    await fileInline(`octocat <@${MANAGER}> pairing`);
    const { id } = await onlyRequest();
    bot.sqs.reset(); // the validation job was lost after it had moved the request on
    await bot.store.transition((await bot.store.get(id))!, "PENDING", { actorId: "system", action: "validated" });

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const result = await bot.maintain();
    vi.useRealTimers();
    await bot.runWorker();
    const again = await bot.maintain();

    expect(result.requeued).toBe(1);
    expect(managerDm().text).toContain("octocat");
    expect(again.requeued).toBe(0);
  });

  it("leaves requests alone that moved recently or are waiting on people", async () => {
    const id = await pendingRequestId();
    await approve(id);
    bot.sqs.reset();

    const result = await bot.maintain();

    expect(result.requeued).toBe(0);
    // Only the first listing for the stored subscription summary, which no request needs.
    expect(bot.sqs.sent.map((body) => JSON.parse(body).type)).toEqual(["refresh-subscription-summary"]);
  });
});

describe("credentials", () => {
  it("sends the GitHub token only to GitHub and the Slack token only to Slack", async () => {
    const id = await pendingRequestId();
    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect(bot.github.calls.length).toBeGreaterThan(0);
    expect(bot.github.calls.every((c) => c.authorization === `token ${GITHUB_TOKEN}`)).toBe(true);
    expect(JSON.stringify(bot.slack.calls)).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(bot.slack.responses)).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(bot.github.calls)).not.toContain(BOT_TOKEN);
  });
});

describe("GitHub rate limits", () => {
  /** GitHub's answer when the token's hourly budget is spent: 429 (or 403) with no requests left until `reset`. */
  const primaryRateLimit = (resetInSeconds: number) => ({
    status: 429,
    headers: {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + resetInSeconds),
    },
    body: {
      message: "API rate limit exceeded",
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    },
  });

  it("waits out a primary rate limit that ends within seconds and assigns the seat in the same delivery", async () => {
    const id = await pendingRequestId();
    bot.github.script("post", SELECTED_USERS, primaryRateLimit(1));

    await approve(id);
    const delivered = await bot.sqs.deliverOnce(bot.worker);

    expect(delivered).toBeGreaterThan(0);
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(2);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
  });

  it("gives a long rate-limit wait back to the queue instead of retrying GitHub within the delivery", async () => {
    const id = await pendingRequestId();
    bot.github.script("post", SELECTED_USERS, primaryRateLimit(600));

    await approve(id);
    await bot.sqs.deliverOnce(bot.worker);

    // One POST, then the job is back on the queue, still APPROVED: nothing slept in the function.
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect((await bot.store.get(id))?.state).toBe("APPROVED");
    expect(bot.sqs.depth).toBeGreaterThan(0);

    await bot.runWorker();
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(2);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
  });

  it("waits out a secondary rate limit (403 with retry-after) and then assigns the seat", async () => {
    const id = await pendingRequestId();
    bot.github.script("post", SELECTED_USERS, {
      status: 403,
      headers: { "retry-after": "1" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
    });

    await click(MANAGER, "approve_request", id);
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(2);
    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
  });
});
