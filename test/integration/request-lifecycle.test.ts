import { afterAll, describe, expect, it, vi } from "vitest";
import type { SeatRequest } from "../../src/request/seat-request.js";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand, viewSubmission } from "../support/slack-requests.js";

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const OTHER_MANAGER = "UMANAGER2";
const GUEST = "UGUEST001";
const STRANGER = "USTRANGE1";

const bot = useBot((fresh) => {
  fresh.slack.addUsers(
    { id: REQUESTER, name: "Rita Requester" },
    { id: MANAGER, name: "Max Manager" },
    { id: OTHER_MANAGER, name: "Olga Other" },
    { id: GUEST, name: "Gus Guest", restricted: true },
    { id: ADMIN_ID },
    { id: STRANGER },
  );
  fresh.github.members.add("octocat");
});

/**
 * The clock only ever moves forward, across tests too (the fake clock keeps running from wherever the last test left
 * it): each test starts at the next occurrence of the day and hour it needs.
 */
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
function moveTo(at: number): void {
  if (at < Date.now()) throw new Error("The test clock never goes back.");
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(at);
}
function nextUtc(day: (typeof DAYS)[number], hour: number, minute = 0): number {
  const at = new Date(Date.now() + 60 * 60_000);
  at.setUTCHours(hour, minute, 0, 0);
  while (at.getTime() <= Date.now() || at.getUTCDay() !== DAYS.indexOf(day)) at.setUTCDate(at.getUTCDate() + 1);
  return at.getTime();
}
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

afterAll(() => {
  vi.useRealTimers();
});

async function fileRequest(): Promise<SeatRequest> {
  const response = await bot.receive(
    slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> pairing every day`,
      responseUrl: bot.slack.responseUrl("cmd"),
    }),
  );
  expect(response.statusCode).toBe(200);
  await bot.runWorker();
  const [request] = await bot.store.listByRequester(REQUESTER, 1);
  expect(request?.state).toBe("PENDING");
  return request as SeatRequest;
}

/** The maintenance Lambda twice at the same moment, then the worker on whatever they queued. */
async function sweepTwiceAtOnce(): Promise<void> {
  await Promise.all([bot.maintain(), bot.maintain()]);
  await bot.runWorker();
}

function click(userId: string, actionId: string, requestId: string) {
  return bot.receive(
    buttonClick({ userId, actionId, value: requestId, responseUrl: bot.slack.responseUrl(`click-${userId}`) }),
  );
}

function privateAnswers(userId: string): string {
  return bot.slack
    .responsesAt(`click-${userId}`)
    .map((r) => String(r.text))
    .join("\n");
}

function threadReplies(userId: string) {
  return bot.slack.messagesTo(userId).filter((m) => m.thread_ts !== undefined);
}

function textsTo(userId: string): string[] {
  return bot.slack.messagesTo(userId).map((m) => String(m.text));
}

function updatesOf(channel: string) {
  return bot.slack.callsTo("chat.update").filter((c) => c.params.channel === channel && !c.fault);
}

function actions(request: SeatRequest | undefined): string[] {
  return (request?.history ?? []).map((entry) => entry.action);
}

describe("reminders", () => {
  it("reminds the approver in the approval message's thread on the first working hour past REMINDER_AFTER, not over the weekend", async () => {
    moveTo(nextUtc("FRI", 10));
    const request = await fileRequest();
    const [approval] = bot.slack.messagesTo(MANAGER);

    moveTo(nextUtc("SAT", 12));
    await sweepTwiceAtOnce();
    moveTo(nextUtc("SUN", 23));
    await sweepTwiceAtOnce();
    moveTo(nextUtc("MON", 9, 45));
    await sweepTwiceAtOnce();
    expect(threadReplies(MANAGER)).toEqual([]);

    moveTo(nextUtc("MON", 10, 15));
    await sweepTwiceAtOnce();

    const replies = threadReplies(MANAGER);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.thread_ts).toBe(approval?.thread_ts ?? (await bot.store.get(request.id))?.managerMessage?.ts);
    expect(String(replies[0]?.text)).toContain("Reminder");
    expect(textsTo(REQUESTER).filter((text) => text.includes("I reminded"))).toHaveLength(1);
    const stored = await bot.store.get(request.id);
    expect(actions(stored)).toEqual(["filed", "validated", "reminded"]);
    expect(stored?.state).toBe("PENDING");
  });

  it("posts the reminder as a reply to the approval message itself", async () => {
    moveTo(nextUtc("TUE", 9));
    await fileRequest();
    const askCall = bot.slack.callsTo("chat.postMessage").find((c) => c.params.channel === MANAGER);
    expect(askCall).toBeDefined();

    moveTo(nextUtc("WED", 9, 15));
    await sweepTwiceAtOnce();

    const [reply] = threadReplies(MANAGER);
    const stored = (await bot.store.listByRequester(REQUESTER, 1))[0];
    expect(reply?.channel).toBe(stored?.managerMessage?.channel);
    expect(reply?.thread_ts).toBe(stored?.managerMessage?.ts);
  });

  it("reminds again every REMINDER_AFTER, once per period however often the sweep runs", async () => {
    moveTo(nextUtc("MON", 8));
    const request = await fileRequest();

    for (const [day, hour] of [
      ["TUE", 8],
      ["TUE", 9],
      ["TUE", 12],
      ["WED", 8],
      ["WED", 9],
    ] as const) {
      moveTo(nextUtc(day, hour, 10));
      await sweepTwiceAtOnce();
    }

    expect(threadReplies(MANAGER)).toHaveLength(2);
    expect(actions(await bot.store.get(request.id)).filter((a) => a === "reminded")).toHaveLength(2);
  });
});

describe("escalation", () => {
  it("after ESCALATE_AFTER of working time sends the admins the approval message once, and the approver's message says so", async () => {
    moveTo(nextUtc("MON", 10));
    const request = await fileRequest();

    moveTo(nextUtc("THU", 10, 15));
    await sweepTwiceAtOnce();
    moveTo(Date.now() + 15 * 60_000);
    await sweepTwiceAtOnce();

    const toAdmin = bot.slack.messagesTo(ADMIN_ID);
    expect(toAdmin).toHaveLength(1);
    expect(JSON.stringify(toAdmin[0]?.blocks)).toContain("approve_request");
    expect(String(toAdmin[0]?.text)).toContain("Escalated");
    const stored = await bot.store.get(request.id);
    expect(actions(stored).filter((a) => a === "escalated")).toHaveLength(1);
    const managerChannel = stored?.managerMessage?.channel ?? "";
    const lastRedraw = updatesOf(managerChannel).at(-1);
    expect(JSON.stringify(lastRedraw?.params.blocks)).toContain("Escalated to the Copilot admins");
    expect(JSON.stringify(lastRedraw?.params.blocks)).toContain("approve_request");
  });

  it("lets an admin decide from their copy, and then every copy loses its buttons", async () => {
    moveTo(nextUtc("MON", 10));
    const request = await fileRequest();
    moveTo(nextUtc("THU", 10, 15));
    await sweepTwiceAtOnce();

    await click(ADMIN_ID, "approve_request", request.id);
    await bot.runWorker();

    expect((await bot.store.get(request.id))?.state).toBe("ASSIGNED");
    const stored = await bot.store.get(request.id);
    const adminCopy = stored?.approvalCopies?.[0];
    expect(adminCopy?.userId).toBe(ADMIN_ID);
    const adminRedraw = updatesOf(adminCopy?.channel ?? "").at(-1);
    expect(String(adminRedraw?.params.text)).toContain("assigned");
    expect(JSON.stringify(adminRedraw?.params.blocks)).not.toContain("approve_request");
  });
});

describe("expiry", () => {
  it("tells the requester their request expired though its messages could not be queued when it expired", async () => {
    moveTo(nextUtc("MON", 10));
    const request = await fileRequest();
    moveTo(Date.now() + 14 * DAY + 20 * 60_000);
    // Both sweeps' sends of the messages' job, and their retries, fail.
    bot.sqs.failSend("internal", 4);
    await Promise.all([bot.maintain(), bot.maintain()]).catch(() => {});
    expect((await bot.store.get(request.id))?.state).toBe("EXPIRED");
    expect(textsTo(REQUESTER).filter((text) => text.includes("expired"))).toEqual([]);

    moveTo(Date.now() + 15 * 60_000);
    await sweepTwiceAtOnce();

    expect(textsTo(REQUESTER).filter((text) => text.includes("expired"))).toHaveLength(1);
  });

  it("after EXPIRE_AFTER ends the request as EXPIRED, tells the requester how to ask again and takes the approver's buttons away", async () => {
    moveTo(nextUtc("MON", 10));
    const request = await fileRequest();

    moveTo(Date.now() + 14 * DAY + 20 * 60_000);
    await sweepTwiceAtOnce();

    const stored = await bot.store.get(request.id);
    expect(stored?.state).toBe("EXPIRED");
    expect(actions(stored).filter((a) => a === "expired")).toHaveLength(1);
    const expiredNotes = textsTo(REQUESTER).filter((text) => text.includes("expired"));
    expect(expiredNotes).toHaveLength(1);
    expect(expiredNotes[0]).toContain("/copilot request");
    const redraw = updatesOf(stored?.managerMessage?.channel ?? "").at(-1);
    expect(String(redraw?.params.text)).toContain("Expired");
    expect(JSON.stringify(redraw?.params.blocks)).not.toContain("approve_request");
  });

  it("frees the login's open-request slot, so a new request for it is accepted", async () => {
    moveTo(nextUtc("MON", 10));
    await fileRequest();
    moveTo(Date.now() + 15 * DAY);
    await sweepTwiceAtOnce();

    const answer = await bot.receive(
      slashCommand({
        userId: REQUESTER,
        text: `request octocat <@${OTHER_MANAGER}> asking again`,
        responseUrl: bot.slack.responseUrl("again"),
      }),
    );
    await bot.runWorker();

    expect(JSON.parse(answer.body ?? "{}").text).toContain("Got it");
    const requests = await bot.store.listByRequester(REQUESTER, 5);
    expect(requests.map((r) => r.state)).toEqual(["PENDING", "EXPIRED"]);
  });

  it("is recorded in the audit trail, by the bot", async () => {
    moveTo(nextUtc("MON", 10));
    await fileRequest();
    moveTo(Date.now() + 15 * DAY);
    await sweepTwiceAtOnce();

    const answer = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "audit octocat", responseUrl: bot.slack.responseUrl("a") }),
    );

    const lines = JSON.stringify(JSON.parse(answer.body ?? "{}").blocks);
    expect(lines).toContain("*expired*");
    expect(lines.match(/\*expired\*/g)).toHaveLength(1);
  });
});

describe("the audit export", () => {
  it("lists every lifecycle transition: forwarded, reminded, escalated, expired", async () => {
    moveTo(nextUtc("MON", 10));
    const request = await fileRequest();
    await forwardTo(MANAGER, request.id, OTHER_MANAGER);
    await bot.runWorker();
    moveTo(nextUtc("THU", 10, 15));
    await sweepTwiceAtOnce();
    moveTo(Date.now() + 15 * DAY);
    await sweepTwiceAtOnce();

    await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "audit export", responseUrl: bot.slack.responseUrl("export") }),
    );
    await bot.runWorker();

    const csv = bot.slack.uploads[0]?.bytes?.toString("utf8") ?? "";
    for (const action of ["forwarded", "reminded", "escalated", "expired"]) {
      expect(csv).toContain(`,${action},octocat,`);
    }
    expect(csv).toMatch(/,system,expired,octocat,,[0-9a-f-]+,PENDING,EXPIRED,/);
  });
});

describe("cancel", () => {
  it("lets the requester withdraw a waiting request with the Cancel button in their DM; the approver's message says so", async () => {
    const request = await fileRequest();
    const dm = bot.slack.messagesTo(REQUESTER).find((m) => JSON.stringify(m.blocks).includes("cancel_request"));
    expect(dm).toBeDefined();

    await Promise.all([click(REQUESTER, "cancel_request", request.id), click(REQUESTER, "cancel_request", request.id)]);
    await bot.runWorker();

    const stored = await bot.store.get(request.id);
    expect(stored?.state).toBe("CANCELLED");
    expect(actions(stored).filter((a) => a === "cancelled")).toHaveLength(1);
    const redraw = updatesOf(stored?.managerMessage?.channel ?? "").at(-1);
    expect(String(redraw?.params.text)).toContain("Cancelled by");
    expect(JSON.stringify(redraw?.params.blocks)).not.toContain("approve_request");
    expect(textsTo(REQUESTER).filter((text) => text.includes("You cancelled"))).toHaveLength(1);
  });

  it("refuses anyone but the requester, the approver included, and tells them why", async () => {
    const request = await fileRequest();

    await click(MANAGER, "cancel_request", request.id);
    await click(STRANGER, "cancel_request", request.id);
    await bot.runWorker();

    expect((await bot.store.get(request.id))?.state).toBe("PENDING");
    expect(privateAnswers(MANAGER)).toContain(`Only <@${REQUESTER}>, who filed this request, can cancel it`);
    expect(privateAnswers(STRANGER)).toContain("can cancel it");
  });

  it("works as /copilot cancel, and says so when nothing is waiting", async () => {
    const request = await fileRequest();

    const first = await bot.receive(
      slashCommand({ userId: REQUESTER, text: "cancel", responseUrl: bot.slack.responseUrl("c1") }),
    );
    await bot.runWorker();
    await bot.receive(slashCommand({ userId: REQUESTER, text: "cancel", responseUrl: bot.slack.responseUrl("c2") }));
    await bot.runWorker();

    // The acknowledgement says it is under way; the worker answers through response_url.
    expect(JSON.parse(first.body ?? "{}").text).toContain("Looking for your waiting request");
    expect(String(bot.slack.responsesAt("c1").at(-1)?.text)).toContain("is cancelled");
    expect(String(bot.slack.responsesAt("c2").at(-1)?.text)).toContain("no request waiting");
    expect((await bot.store.get(request.id))?.state).toBe("CANCELLED");
  });

  it("is too late once the request was decided", async () => {
    const request = await fileRequest();
    await click(MANAGER, "deny_request", request.id);
    await bot.receive(
      viewSubmission({
        userId: MANAGER,
        callbackId: "deny_reason_modal",
        values: { denial_reason: { value: { type: "plain_text_input", value: "" } } },
        privateMetadata: JSON.stringify({ requestId: request.id }),
      }),
    );

    await click(REQUESTER, "cancel_request", request.id);
    await bot.runWorker();

    expect((await bot.store.get(request.id))?.state).toBe("DENIED");
    expect(privateAnswers(REQUESTER)).toContain("already denied");
  });
});

function forwardTo(actorId: string, requestId: string, newApproverId: string) {
  return bot.receive(
    viewSubmission({
      userId: actorId,
      callbackId: "forward_request_modal",
      values: { new_approver: { value: { type: "users_select", selected_user: newApproverId } } },
      privateMetadata: JSON.stringify({ requestId }),
    }),
  );
}

describe("forward", () => {
  it("opens a person picker for the approver, hands the request to the chosen person, and updates the old message", async () => {
    const request = await fileRequest();
    const oldMessage = (await bot.store.get(request.id))?.managerMessage;

    await click(MANAGER, "forward_request", request.id);
    expect(JSON.stringify(bot.slack.callsTo("views.open")[0]?.params.view)).toContain("users_select");
    const response = await forwardTo(MANAGER, request.id, OTHER_MANAGER);
    expect(response.body ?? "").toBe("");
    await bot.runWorker();

    const stored = await bot.store.get(request.id);
    expect(stored?.managerId).toBe(OTHER_MANAGER);
    expect(actions(stored)).toEqual(["filed", "validated", "forwarded"]);
    const toNew = bot.slack.messagesTo(OTHER_MANAGER);
    expect(toNew).toHaveLength(1);
    expect(JSON.stringify(toNew[0]?.blocks)).toContain("approve_request");
    const oldRedraw = updatesOf(oldMessage?.channel ?? "").find((c) => c.params.ts === oldMessage?.ts);
    expect(String(oldRedraw?.params.text)).toContain(`Forwarded to <@${OTHER_MANAGER}>`);
    expect(JSON.stringify(oldRedraw?.params.blocks)).not.toContain("approve_request");
    expect(textsTo(REQUESTER).some((text) => text.includes("was forwarded to"))).toBe(true);
    expect(await bot.store.countWaitingOn(OTHER_MANAGER)).toBe(1);
    expect(await bot.store.countWaitingOn(MANAGER)).toBe(0);
  });

  it("after a forward only the new approver (or an admin) decides; the old one is told why", async () => {
    const request = await fileRequest();
    await forwardTo(MANAGER, request.id, OTHER_MANAGER);
    await bot.runWorker();

    await click(MANAGER, "approve_request", request.id);
    await bot.runWorker();
    expect((await bot.store.get(request.id))?.state).toBe("PENDING");
    expect(privateAnswers(MANAGER)).toContain(`Only <@${OTHER_MANAGER}>`);

    await click(OTHER_MANAGER, "approve_request", request.id);
    await bot.sqs.deliverOnce(bot.worker);
    expect((await bot.store.get(request.id))?.state).toBe("APPROVED");
    expect(privateAnswers(OTHER_MANAGER)).toBe("");
  });

  it("refuses the requester next to the picker, and a guest as new approver by DM once the worker looked them up", async () => {
    const request = await fileRequest();

    const toRequester = JSON.parse((await forwardTo(MANAGER, request.id, REQUESTER)).body ?? "{}");
    const toGuest = await forwardTo(MANAGER, request.id, GUEST);
    await bot.runWorker();

    expect(toRequester.errors.new_approver).toContain("filed this request");
    expect(toGuest.body ?? "").toBe("");
    const told = textsTo(MANAGER).filter((text) => text.includes("did not go through"));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain("guest");
    expect((await bot.store.get(request.id))?.managerId).toBe(MANAGER);
  });

  it("refuses people who may not decide the request, and tells them why", async () => {
    const request = await fileRequest();

    await click(STRANGER, "forward_request", request.id);
    const submitted = JSON.parse((await forwardTo(STRANGER, request.id, OTHER_MANAGER)).body ?? "{}");
    await bot.runWorker();

    expect(bot.slack.callsTo("views.open")).toEqual([]);
    expect(privateAnswers(STRANGER)).toContain(`Only <@${MANAGER}>`);
    expect(submitted.errors.new_approver).toContain("Only");
    expect((await bot.store.get(request.id))?.managerId).toBe(MANAGER);
  });
});

describe("status and Home", () => {
  it("show reminders, escalation and the end of a request", async () => {
    moveTo(nextUtc("MON", 10));
    await fileRequest();
    moveTo(nextUtc("THU", 10, 15));
    await sweepTwiceAtOnce();

    const status = await bot.receive(
      slashCommand({ userId: REQUESTER, text: "status", responseUrl: bot.slack.responseUrl("s") }),
    );
    const shown = JSON.stringify(JSON.parse(status.body ?? "{}").blocks);
    expect(shown).toContain("approver reminded once");
    expect(shown).toContain("escalated to the Copilot admins");

    const home = bot.slack
      .callsTo("views.publish")
      .filter((c) => c.params.user_id === REQUESTER)
      .at(-1);
    expect(JSON.stringify(home?.params.view)).toContain("cancel_request");
  });
});
