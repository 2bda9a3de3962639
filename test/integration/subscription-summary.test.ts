import { afterAll, describe, expect, it, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbSubscriptionSummary } from "../../src/dynamodb/dynamodb-subscription-summary.js";
import { gitHubError } from "../fakes/github-fake.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { appHomeOpened, buttonClick, slashCommand } from "../support/slack-requests.js";
import { advanceMinutes } from "../support/time-travel.js";

/**
 * Admin views (the Home tab, `/copilot seats`) read a stored summary of the subscription instead of listing every
 * seat when they open; the maintenance sweep keeps it current, and the bot's own seat changes make it due.
 */

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";
const SEATS = "/orgs/{org}/copilot/billing/seats";
const BILLING = "/orgs/{org}/copilot/billing";

let nextEvent = 1;

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: REQUESTER }, { id: MANAGER }, { id: ADMIN_ID });
  fresh.github.members.add("octocat");
  fresh.github.seats.set("dormant", { login: "dormant", lastActivityAt: "2026-01-05T08:00:00Z" });
  fresh.github.seats.set("busy", { login: "busy", lastActivityAt: "2026-11-20T08:00:00Z" });
});

afterAll(() => {
  vi.useRealTimers();
});

function summaries(): DynamoDbSubscriptionSummary {
  return new DynamoDbSubscriptionSummary(
    createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint }),
    TABLE_NAME,
  );
}

function queuedSummaryRefreshes(): number {
  return bot.sqs.sent.filter((body) => JSON.parse(body).type === "refresh-subscription-summary").length;
}

function lastHomeOf(userId: string): string {
  const published = bot.slack.callsTo("views.publish").filter((c) => c.params.user_id === userId);
  expect(published.length).toBeGreaterThan(0);
  return JSON.stringify(published.at(-1)?.params.view);
}

/** Slack's `app_home_opened`, acknowledged, and only the job it queued run. */
async function openHomeOnly(userId: string): Promise<void> {
  const response = await bot.receive(appHomeOpened({ userId, eventId: `EvSummary${nextEvent++}` }));
  expect(response.statusCode).toBe(200);
  await bot.sqs.deliverOnce(bot.worker);
}

/** The first listing, as the sweep starts it on a new installation. */
async function storeFirstSummary(): Promise<void> {
  await bot.maintain();
  expect(queuedSummaryRefreshes()).toBe(1);
  await bot.runWorker();
  expect(await summaries().read()).toMatchObject({ listedAt: expect.any(String) });
}

async function assignOctocat(): Promise<void> {
  await bot.receive(
    slashCommand({ userId: REQUESTER, text: `request octocat <@${MANAGER}> pairing`, responseUrl: "http://x/r" }),
  );
  await bot.runWorker();
  const [request] = await bot.store.listByRequester(REQUESTER, 1);
  await bot.receive(
    buttonClick({ userId: MANAGER, actionId: "approve_request", value: request?.id ?? "", responseUrl: "http://x/c" }),
  );
  await bot.runWorker();
  expect((await bot.store.get(request?.id ?? ""))?.state).toBe("ASSIGNED");
}

describe("the admins' Home tab", () => {
  it("opens without a GitHub call once a listing is stored: its counts, longest-inactive seats and their age", async () => {
    // Prepare
    await storeFirstSummary();
    const before = bot.github.calls.length;

    // Act
    await openHomeOnly(ADMIN_ID);

    // Assess
    expect(bot.github.calls.slice(before)).toEqual([]);
    const home = lastHomeOf(ADMIN_ID);
    expect(home).toContain("Copilot subscription of `acme`");
    expect(home).toContain("Longest-inactive seats");
    expect(home.indexOf("`dormant`")).toBeLessThan(home.indexOf("`busy`"));
    expect(home).toContain("Counts and list from the listing of <!date^");
    expect(home).not.toContain("Seats changed since");
  });

  it("says the list is being prepared when none is stored, queues a listing instead of listing, then shows it", async () => {
    // Act
    await openHomeOnly(ADMIN_ID);

    // Assess: the open itself asked GitHub only for the counts, and queued the listing.
    expect(bot.github.callsTo("GET", SEATS)).toHaveLength(0);
    expect(bot.github.callsTo("GET", BILLING)).toHaveLength(1);
    expect(lastHomeOf(ADMIN_ID)).toContain("being listed for the first time");
    expect(queuedSummaryRefreshes()).toBe(1);

    await bot.runWorker();
    expect(bot.github.callsTo("GET", SEATS)).toHaveLength(1);
    await openHomeOnly(ADMIN_ID);
    expect(lastHomeOf(ADMIN_ID)).toContain("`dormant`");
  });
});

describe("/copilot seats", () => {
  it("answers from the stored summary with one GitHub call", async () => {
    // Prepare
    await storeFirstSummary();
    const before = bot.github.calls.length;

    // Act
    await bot.receive(slashCommand({ userId: ADMIN_ID, text: "seats", responseUrl: bot.slack.responseUrl("seats") }));
    await bot.runWorker();

    // Assess
    expect(bot.github.calls.slice(before).map((call) => call.template)).toEqual([BILLING]);
    const answer = JSON.stringify(bot.slack.responsesAt("seats").at(-1)?.blocks);
    expect(answer).toContain("`dormant`");
    expect(answer).toContain("As listed <!date^");
  });
});

describe("keeping the stored summary current", () => {
  it("leaves a current summary alone: the sweep queues no listing and lists nothing", async () => {
    // Prepare
    await storeFirstSummary();
    const sent = queuedSummaryRefreshes();

    // Act
    await bot.maintain();
    await bot.runWorker();

    // Assess
    expect(queuedSummaryRefreshes()).toBe(sent);
    expect(bot.github.callsTo("GET", SEATS)).toHaveLength(1);
  });

  it("notes an assignment, says so on the Home tab, and lists again at the next sweep", async () => {
    // Prepare
    await storeFirstSummary();
    const firstListing = (await summaries().read())?.listedAt ?? "";

    // Act
    await assignOctocat();

    // Assess: noted at once, shown, and renewed by the sweep once the spacing for one page has passed.
    const noted = await summaries().read();
    expect(noted?.seatsChangedAt && noted.seatsChangedAt >= firstListing).toBe(true);
    await openHomeOnly(ADMIN_ID);
    expect(lastHomeOf(ADMIN_ID)).toContain("Seats changed since");
    advanceMinutes(1);
    await bot.maintain();
    await bot.runWorker();
    const renewed = await summaries().read();
    expect(renewed?.listedAt && renewed.listedAt > firstListing).toBe(true);
    // A new seat nobody used yet is among the longest-inactive.
    expect(renewed?.summary?.longestInactive.map((seat) => seat.login)).toContain("octocat");
  });

  it("notes a revocation made with /copilot revoke", async () => {
    // Prepare
    await storeFirstSummary();
    const firstListing = (await summaries().read())?.listedAt ?? "";

    // Act
    const answer = await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "revoke dormant", responseUrl: bot.slack.responseUrl("revoke") }),
    );
    const confirm = (JSON.parse(answer.body ?? "{}").blocks ?? [])
      .flatMap((block: { elements?: { action_id: string; value: string }[] }) => block.elements ?? [])
      .find((element: { action_id: string }) => /revoke/.test(element.action_id));
    if (confirm) {
      await bot.receive(
        buttonClick({
          userId: ADMIN_ID,
          actionId: confirm.action_id,
          value: confirm.value,
          responseUrl: bot.slack.responseUrl("revoke"),
        }),
      );
    }
    await bot.runWorker();

    // Assess
    expect(bot.github.callsTo("DELETE", "/orgs/{org}/copilot/billing/selected_users")).toHaveLength(1);
    const noted = await summaries().read();
    expect(noted?.seatsChangedAt && noted.seatsChangedAt >= firstListing).toBe(true);
  });

  it("never stores a listing over a newer one", async () => {
    // Prepare
    const store = summaries();
    const summary = {
      seatManagementSetting: "assign_selected",
      seatBreakdown: {
        total: 2,
        addedThisCycle: 0,
        pendingInvitation: 0,
        pendingCancellation: 0,
        activeThisCycle: 1,
        inactiveThisCycle: 1,
      },
      perPersonSeatsPossible: true,
      longestInactive: [{ login: "newer", createdAt: "2026-01-01T00:00:00Z" }],
    };
    await store.store(summary, "2026-11-21T10:00:00.000Z");

    // Act
    const stored = await store.store(
      { ...summary, longestInactive: [{ login: "older", createdAt: "2026-01-01T00:00:00Z" }] },
      "2026-11-21T09:59:00.000Z",
    );

    // Assess
    expect(stored).toBe(false);
    const read = await store.read();
    expect(read?.listedAt).toBe("2026-11-21T10:00:00.000Z");
    expect(read?.summary?.longestInactive.map((seat) => seat.login)).toEqual(["newer"]);
  });

  it("gives a failed listing's claim back, so the next sweep lists at once", async () => {
    // Prepare: GitHub refuses the seat list once, for a reason retrying cannot fix.
    bot.github.script("get", SEATS, gitHubError(403, "Resource not accessible by integration"));
    await bot.maintain();
    await bot.runWorker();
    expect(await summaries().read()).not.toHaveProperty("refreshingUntil");

    // Act
    await bot.maintain();
    await bot.runWorker();

    // Assess
    expect((await summaries().read())?.summary?.longestInactive.map((seat) => seat.login)).toContain("dormant");
    expect(bot.sqs.deadLetters).toEqual([]);
  });

  it("ends a listing GitHub keeps failing on its last delivery instead of dead-lettering it", async () => {
    // Prepare
    bot.github.script("get", SEATS, ...Array.from({ length: 40 }, () => gitHubError(502, "Server Error")));

    // Act
    await bot.maintain();
    await bot.runWorker();

    // Assess
    expect(bot.sqs.deadLetters).toEqual([]);
    expect((await summaries().read())?.summary).toBeUndefined();
    expect(bot.github.callsTo("GET", SEATS).length).toBeGreaterThan(5);
  });

  it("lists once when two refreshes are asked for at the same time", async () => {
    // Act
    await bot.maintain();
    bot.sqs.duplicateAllSent();
    await bot.runWorker();

    // Assess
    expect(queuedSummaryRefreshes()).toBeGreaterThan(0);
    expect(bot.github.callsTo("GET", SEATS)).toHaveLength(1);
  });
});
