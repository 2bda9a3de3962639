import { afterAll, describe, expect, it, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbRequestStatistics } from "../../src/dynamodb/dynamodb-request-statistics.js";
import type { SeatRequest } from "../../src/request/seat-request.js";
import { PENDING_CANCELLATION_DATE } from "../fakes/github-fake.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { appHomeOpened, buttonClick, slashCommand } from "../support/slack-requests.js";

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const STRANGER = "USTRANGE1";
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";
const DAY = 24 * 60 * 60_000;

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: REQUESTER }, { id: MANAGER }, { id: ADMIN_ID }, { id: STRANGER });
  fresh.github.members.add("octocat");
});

/** The clock only moves forward, across tests too (see request-lifecycle.test.ts). */
function advance(ms: number): void {
  const next = Date.now() + ms;
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(next);
}

afterAll(() => {
  vi.useRealTimers();
});

function click(userId: string, actionId: string, value: string) {
  return bot.receive(buttonClick({ userId, actionId, value, responseUrl: bot.slack.responseUrl(`click-${userId}`) }));
}

async function sweepTwiceAtOnce(): Promise<void> {
  await Promise.all([bot.maintain(), bot.maintain()]);
  await bot.runWorker();
}

function textsTo(userId: string): string[] {
  return bot.slack.messagesTo(userId).map((m) => String(m.text));
}

/** A 30-day seat, filed inline, approved and assigned. */
async function timeBoundSeat(): Promise<SeatRequest> {
  const answer = await bot.receive(
    slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> for 30d a month of pairing`,
      responseUrl: bot.slack.responseUrl("cmd"),
    }),
  );
  expect(JSON.parse(answer.body ?? "{}").text).toContain("for 30d");
  await bot.runWorker();
  const [request] = await bot.store.listByRequester(REQUESTER, 1);
  expect(request?.seatDuration).toBe("30d");
  await click(MANAGER, "approve_request", request?.id ?? "");
  await bot.runWorker();
  const assigned = await bot.store.get(request?.id ?? "");
  expect(assigned?.state).toBe("ASSIGNED");
  return assigned as SeatRequest;
}

describe("time-bound seats", () => {
  it("shows the approver the seat's term before they decide, and the end date once assigned", async () => {
    const assigned = await timeBoundSeat();

    const [approval] = bot.slack.messagesTo(MANAGER);
    expect(JSON.stringify(approval?.blocks)).toContain("*Seat for*\\n30 days");
    const endsIn = Date.parse(assigned.seatEndsAt ?? "") - Date.now();
    expect(endsIn).toBeGreaterThan(29 * DAY);
    expect(endsIn).toBeLessThanOrEqual(30 * DAY);
    expect(textsTo(REQUESTER).some((text) => text.includes("This seat is for 30 days"))).toBe(true);
  });

  it("refuses a term that is not one of SEAT_DURATIONS", async () => {
    const answer = await bot.receive(
      slashCommand({
        userId: REQUESTER,
        text: `request octocat <@${MANAGER}> for 45d reason`,
        responseUrl: bot.slack.responseUrl("cmd"),
      }),
    );

    expect(JSON.parse(answer.body ?? "{}").text).toContain("45d");
    expect(await bot.store.listByRequester(REQUESTER, 5)).toEqual([]);
  });

  it("warns the holder SEAT_END_WARNING before the end, once, with Extend and Release now", async () => {
    await timeBoundSeat();

    advance(22 * DAY);
    await sweepTwiceAtOnce();
    const warningsSoFar = bot.slack
      .messagesTo(REQUESTER)
      .filter((m) => JSON.stringify(m.blocks).includes("extend_seat"));
    expect(warningsSoFar).toHaveLength(0);

    advance(1 * DAY + 60 * 60_000);
    await sweepTwiceAtOnce();
    advance(15 * 60_000);
    await sweepTwiceAtOnce();

    const warnings = bot.slack.messagesTo(REQUESTER).filter((m) => JSON.stringify(m.blocks).includes("extend_seat"));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0]?.blocks)).toContain("release_seat");
  });

  it("at the end cancels the seat at GitHub once and tells holder and approver the pending-cancellation date", async () => {
    const assigned = await timeBoundSeat();

    advance(30 * DAY + 20 * 60_000);
    await sweepTwiceAtOnce();
    advance(15 * 60_000);
    await sweepTwiceAtOnce();

    const ended = await bot.store.get(assigned.id);
    expect(ended?.state).toBe("ENDED");
    expect(ended?.history.map((h) => h.action).slice(-2)).toEqual(["seat-ending", "seat-ended"]);
    expect(bot.github.callsTo("DELETE", SELECTED_USERS).map((c) => c.body)).toEqual([
      { selected_usernames: ["octocat"] },
    ]);
    expect(ended?.seatEnd?.pendingCancellationDate).toBe(PENDING_CANCELLATION_DATE);
    const toHolder = textsTo(REQUESTER).filter((text) => text.includes("has ended"));
    expect(toHolder).toHaveLength(1);
    expect(toHolder[0]).toContain(PENDING_CANCELLATION_DATE);
    const toApprover = textsTo(MANAGER).filter((text) => text.includes("has ended"));
    expect(toApprover).toHaveLength(1);
    expect(toApprover[0]).toContain(PENDING_CANCELLATION_DATE);
  });

  it("tells holder and approver that the seat ended though Slack failed every delivery of the job that ended it", async () => {
    const assigned = await timeBoundSeat();
    advance(30 * DAY + 20 * 60_000);
    bot.slack.failNext("chat.postMessage", { status: 500, error: "internal_error" }, 1000);

    await sweepTwiceAtOnce();
    expect((await bot.store.get(assigned.id))?.state).toBe("ENDED");
    expect(bot.sqs.deadLetters.map((message) => JSON.parse(message.body).type)).toContain("end-seat");
    bot.slack.recover();
    advance(15 * 60_000);
    await sweepTwiceAtOnce();

    expect(textsTo(REQUESTER).filter((text) => text.includes("has ended"))).toHaveLength(1);
    expect(textsTo(MANAGER).filter((text) => text.includes("has ended"))).toHaveLength(1);
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toHaveLength(1);
  });

  it("stops queueing the messages of a seat that ended once Slack has refused them for two weeks", async () => {
    const assigned = await timeBoundSeat();
    advance(30 * DAY + 20 * 60_000);
    bot.slack.failNext("chat.postMessage", { error: "missing_scope" }, 1000);
    await sweepTwiceAtOnce();
    expect((await bot.store.get(assigned.id))?.state).toBe("ENDED");

    advance(15 * DAY);
    await sweepTwiceAtOnce();
    const sentBefore = bot.sqs.sent.length;
    advance(15 * 60_000);
    await sweepTwiceAtOnce();

    expect(bot.sqs.sent.slice(sentBefore).map((body) => JSON.parse(body).type)).not.toContain("end-seat");
  });

  it("says so to the holder and the admins when the seat comes through a team, instead of failing silently", async () => {
    const assigned = await timeBoundSeat();
    bot.github.seats.set("octocat", { login: "octocat", assigningTeam: "backend" });

    advance(30 * DAY + 20 * 60_000);
    await sweepTwiceAtOnce();

    expect((await bot.store.get(assigned.id))?.seatEnd?.throughTeam).toBe("backend");
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    expect(textsTo(REQUESTER).some((text) => text.includes("comes through the team `backend`"))).toBe(true);
    expect(textsTo(ADMIN_ID).filter((text) => text.includes("comes through the team `backend`"))).toHaveLength(1);
  });

  it("Extend files an extension through the same approval, and once approved the seat lasts a term longer", async () => {
    const assigned = await timeBoundSeat();
    advance(24 * DAY);
    await sweepTwiceAtOnce();

    await click(STRANGER, "extend_seat", assigned.id);
    await bot.runWorker();
    expect(String(bot.slack.responsesAt(`click-${STRANGER}`)[0]?.text)).toContain("who holds this seat");
    await click(REQUESTER, "extend_seat", assigned.id);
    await bot.runWorker();

    const [extension] = await bot.store.listByRequester(REQUESTER, 1);
    expect(extension?.kind).toBe("extension");
    expect(extension?.state).toBe("PENDING");
    const ask = bot.slack.messagesTo(MANAGER).at(-1);
    expect(String(JSON.stringify(ask?.blocks))).toContain("asks to extend");
    await click(MANAGER, "approve_request", extension?.id ?? "");
    await bot.runWorker();

    const original = await bot.store.get(assigned.id);
    expect(Date.parse(original?.seatEndsAt ?? "") - Date.parse(assigned.seatEndsAt ?? "")).toBe(30 * DAY);
    expect((await bot.store.get(extension?.id ?? ""))?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(1);
    expect(textsTo(REQUESTER).some((text) => text.includes("extended your Copilot seat"))).toBe(true);

    // The original end passes without the seat ending.
    advance(7 * DAY);
    await sweepTwiceAtOnce();
    expect((await bot.store.get(assigned.id))?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
  });
});

/** The holder, warned a week before the end, clicks Extend: the extension request, waiting on the approver. */
async function extensionAsked(assigned: SeatRequest): Promise<SeatRequest | undefined> {
  advance(24 * DAY);
  await sweepTwiceAtOnce();
  await click(REQUESTER, "extend_seat", assigned.id);
  await bot.runWorker();
  const [extension] = await bot.store.listByRequester(REQUESTER, 1);
  return extension;
}

describe("an extension decided as the term ends", () => {
  it("waits for the seat's end and assigns it anew, instead of keeping a seat that is being cancelled", async () => {
    const assigned = await timeBoundSeat();
    const extension = await extensionAsked(assigned);
    await click(MANAGER, "approve_request", extension?.id ?? "");
    // The approval runs and queues the assignment; before that runs, the term ends and its cancellation is queued.
    await bot.sqs.deliverOnce(bot.worker);
    advance(7 * DAY);
    await bot.maintain();
    expect((await bot.store.get(assigned.id))?.state).toBe("ENDING");

    await bot.runWorker();

    expect((await bot.store.get(assigned.id))?.state).toBe("ENDED");
    const extended = await bot.store.get(extension?.id ?? "");
    expect(extended?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toHaveLength(1);
    // The cancelled seat is assigned again after the cancellation, so the holder keeps it.
    const calls = bot.github.calls.filter((call) => call.template === SELECTED_USERS).map((call) => call.method);
    expect(calls.slice(-2)).toEqual(["DELETE", "POST"]);
    expect(bot.github.seats.get("octocat")?.pendingCancellationDate).toBeUndefined();
  });
});

describe("an extension of a seat an admin revoked meanwhile", () => {
  it("assigns the seat again, so that the extension the holder is told of is true", async () => {
    const assigned = await timeBoundSeat();
    const asked = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "revoke octocat", responseUrl: bot.slack.responseUrl("revoke") }),
    );
    expect(JSON.stringify(JSON.parse(asked.body ?? "{}").blocks)).toContain("confirm_revoke");
    await click(ADMIN_ID, "confirm_revoke", "octocat");
    await bot.runWorker();
    expect(bot.github.seats.get("octocat")?.pendingCancellationDate).toBe(PENDING_CANCELLATION_DATE);

    const extension = await extensionAsked(assigned);
    await click(MANAGER, "approve_request", extension?.id ?? "");
    await bot.runWorker();

    expect((await bot.store.get(extension?.id ?? ""))?.state).toBe("ASSIGNED");
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toHaveLength(2);
    expect(bot.github.seats.get("octocat")?.pendingCancellationDate).toBeUndefined();
    const original = await bot.store.get(assigned.id);
    expect(Date.parse(original?.seatEndsAt ?? "") - Date.parse(assigned.seatEndsAt ?? "")).toBe(30 * DAY);
  });
});

describe("giving a seat back", () => {
  it("/copilot release asks for confirmation, then cancels the seat once and states the pending-cancellation date", async () => {
    await timeBoundSeat();

    const asked = await bot.receive(
      slashCommand({ userId: REQUESTER, text: "release", responseUrl: bot.slack.responseUrl("r") }),
    );
    const confirmation = JSON.parse(asked.body ?? "{}");
    expect(JSON.stringify(confirmation.blocks)).toContain("release_seat");
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);

    const value = JSON.stringify({ githubLogin: "octocat" });
    await Promise.all([click(REQUESTER, "release_seat", value), click(REQUESTER, "release_seat", value)]);
    await bot.runWorker();

    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toHaveLength(1);
    const answers = bot.slack.responsesAt(`click-${REQUESTER}`).map((r) => String(r.text));
    expect(answers.some((text) => text.includes("You gave back") && text.includes(PENDING_CANCELLATION_DATE))).toBe(
      true,
    );
    const [request] = await bot.store.listByRequester(REQUESTER, 1);
    expect(request?.state).toBe("ENDED");
    expect(request?.seatEnd?.reason).toBe("released");

    const audit = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "audit octocat", responseUrl: bot.slack.responseUrl("a") }),
    );
    expect(JSON.stringify(JSON.parse(audit.body ?? "{}").blocks)).toContain("*seat-released*");
  });

  const GITHUB_REFUSES = {
    status: 403,
    body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" },
  };

  it("tells the holder when GitHub refuses to cancel the seat, instead of leaving the job to die untold", async () => {
    await timeBoundSeat();
    bot.github.script("delete", SELECTED_USERS, ...Array(5).fill(GITHUB_REFUSES));

    await click(REQUESTER, "release_seat", JSON.stringify({ githubLogin: "octocat" }));
    await bot.runWorker();

    expect(bot.slack.responsesAt(`click-${REQUESTER}`).map((r) => String(r.text))).toEqual([
      expect.stringMatching(/GitHub refused: Resource not accessible/),
    ]);
    expect(bot.sqs.deadLetters).toEqual([]);
    const [request] = await bot.store.listByRequester(REQUESTER, 1);
    expect(request?.state).toBe("ASSIGNED");
  });

  it("tells the holder by direct message when GitHub refuses a Release clicked on the Home tab", async () => {
    await timeBoundSeat();
    bot.github.script("delete", SELECTED_USERS, ...Array(5).fill(GITHUB_REFUSES));
    const dmsBefore = bot.slack.messagesTo(REQUESTER).length;

    await bot.receive(
      buttonClick({
        userId: REQUESTER,
        actionId: "release_seat",
        value: JSON.stringify({ githubLogin: "octocat" }),
        responseUrl: "",
        inHomeTab: true,
      }),
    );
    await bot.runWorker();

    const told = bot.slack.messagesTo(REQUESTER).slice(dmsBefore);
    expect(told.map((message) => String(message.text))).toEqual([
      expect.stringMatching(/GitHub refused: Resource not accessible/),
    ]);
    expect(bot.sqs.deadLetters).toEqual([]);
  });

  it("refuses to release someone else's seat", async () => {
    await timeBoundSeat();

    await click(STRANGER, "release_seat", JSON.stringify({ githubLogin: "octocat" }));
    await bot.runWorker();

    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    expect(String(bot.slack.responsesAt(`click-${STRANGER}`)[0]?.text)).toContain("only your own seat");
  });

  it("does not let a person give back a seat whose login they only typed into a request", async () => {
    // A colleague's seat, assigned outside the bot: the request for it is refused, and its login remembered.
    bot.github.seats.set("octocat", { login: "octocat", planType: "business", createdAt: "2026-03-01T08:00:00Z" });
    await bot.receive(
      slashCommand({ userId: STRANGER, text: `request octocat <@${MANAGER}> mine?`, responseUrl: "http://x/r" }),
    );
    await bot.runWorker();
    expect((await bot.store.listByRequester(STRANGER, 1))[0]?.rejection?.code).toBe("ALREADY_SEATED");

    const command = await bot.receive(
      slashCommand({ userId: STRANGER, text: "release", responseUrl: bot.slack.responseUrl("r") }),
    );
    await click(STRANGER, "release_seat", JSON.stringify({ githubLogin: "octocat" }));
    await bot.runWorker();
    await bot.receive(appHomeOpened({ userId: STRANGER, eventId: "Ev0TYPEDLOGIN" }));

    const answer = JSON.parse(command.body ?? "{}") as { text?: string; blocks?: unknown };
    expect(answer.text).toContain("I don't know a Copilot seat of yours to give back");
    expect(JSON.stringify(answer.blocks ?? [])).not.toContain("release_seat");
    expect(String(bot.slack.responsesAt(`click-${STRANGER}`)[0]?.text)).toContain("only your own seat");
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    const home = bot.slack
      .callsTo("views.publish")
      .filter((c) => c.params.user_id === STRANGER)
      .at(-1);
    expect(JSON.stringify(home?.params.view)).toContain("*Your Copilot seat* (`octocat`)");
    expect(JSON.stringify(home?.params.view)).not.toContain("release_seat");
  });

  it("offers the release button on the Home tab of a seat holder", async () => {
    await timeBoundSeat();

    const home = bot.slack
      .callsTo("views.publish")
      .filter((c) => c.params.user_id === REQUESTER)
      .at(-1);

    expect(JSON.stringify(home?.params.view)).toContain("release_seat");
  });
});

describe("the digest's seat figures", () => {
  it("count seats given back in the week and time-bound seats ending in the week after", async () => {
    await timeBoundSeat();
    const statistics = new DynamoDbRequestStatistics(
      createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint }),
      TABLE_NAME,
    );
    const weekAgo = new Date(Date.now() - 7 * DAY).toISOString();
    const now = new Date().toISOString();
    const inThreeWeeks = new Date(Date.now() + 23 * DAY).toISOString();

    expect(await statistics.seatTerms(weekAgo, now)).toEqual({ seatsEndingNextWeek: 0, seatsReleased: 0 });
    expect((await statistics.seatTerms(now, inThreeWeeks)).seatsEndingNextWeek).toBe(1);

    await bot.receive(slashCommand({ userId: REQUESTER, text: "release", responseUrl: bot.slack.responseUrl("r") }));
    await click(REQUESTER, "release_seat", JSON.stringify({ githubLogin: "octocat" }));
    await bot.runWorker();

    const after = new Date(Date.now() + 1000).toISOString();
    expect(await statistics.seatTerms(weekAgo, after)).toEqual({ seatsEndingNextWeek: 0, seatsReleased: 1 });
  });
});
