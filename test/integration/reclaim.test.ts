import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { summarizeSubscription } from "../../src/admin/subscription-summary.js";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import { DynamoDbReclaimStore } from "../../src/dynamodb/dynamodb-reclaim-store.js";
import { DynamoDbSubscriptionSummary } from "../../src/dynamodb/dynamodb-subscription-summary.js";
import type { SeatFixture } from "../../src/fakes/github-objects.js";
import type { ReclaimHolder } from "../../src/reclaim/ports.js";
import { reclaimWeek } from "../../src/reclaim/round.js";
import { reclaimDigestLine } from "../../src/slack/blocks/reclaim-messages.js";
import { gitHubError, PENDING_CANCELLATION_DATE } from "../fakes/github-fake.js";
import { auditedActions } from "../support/audit-reading.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand } from "../support/slack-requests.js";

const DAY = 24 * 60 * 60_000;
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";
const IDLE = "idle-ida";
const IDA = "UIDA0001";
const STRANGER = "USTRANGE1";

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, { id: IDA }, { id: STRANGER });
});

/** The clock only moves forward, across tests too. */
function advance(ms: number): void {
  const next = Date.now() + ms;
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(next);
}

afterAll(() => {
  vi.useRealTimers();
});

function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY).toISOString().replace(/\.\d+Z$/, "Z");
}

/** A seat assigned `assigned` days ago and last used `used` days ago (never, when null). */
function seat(login: string, assigned: number, used: number | null, more: Partial<SeatFixture> = {}): void {
  bot.github.members.add(login);
  bot.github.seats.set(login.toLowerCase(), {
    login,
    createdAt: daysAgo(assigned),
    ...(used === null ? {} : { lastActivityAt: daysAgo(used) }),
    ...more,
  });
}

function dynamo() {
  return createDocumentClient({ region: "us-east-1", endpoint: process.env.DYNAMODB_ENDPOINT ?? "" });
}

/** What the round stored about its holders, read past the bot. */
async function holders(): Promise<ReclaimHolder[]> {
  const store = new DynamoDbReclaimStore(dynamo(), TABLE_NAME);
  const all: ReclaimHolder[] = [];
  for (const roundId of (await store.current()).recent) {
    let cursor: string | undefined;
    do {
      const page = await store.listHolders(roundId, undefined, cursor);
      all.push(...page.holders);
      cursor = page.cursor;
    } while (cursor);
  }
  return all;
}

async function holder(login: string): Promise<ReclaimHolder | undefined> {
  return (await holders()).find((h) => h.login === login);
}

/** A proven link from a GitHub login to a Slack person, as Sign in with GitHub leaves it. */
async function link(login: string, slackUserId: string): Promise<void> {
  const at = new Date().toISOString();
  await new DynamoDbIdentityLinks(dynamo(), TABLE_NAME).saveLink(
    {
      slackUserId,
      githubLogin: login,
      githubId: 5000 + login.length,
      source: "oauth",
      linkedAt: at,
      lastConfirmedAt: at,
    },
    undefined,
  );
}

async function reconfigure(env: Record<string, string | undefined>): Promise<void> {
  await bot.reconfigure({
    RECLAIM_MODE: undefined,
    RECLAIM_EXEMPT: undefined,
    RECLAIM_GRACE: undefined,
    RECLAIM_IDLE_AFTER: undefined,
    RECLAIM_SNOOZE: undefined,
    // Rounds start from `/copilot reclaim start`, whatever weekday the moving clock reaches, unless a test says so.
    RECLAIM_DAY: "NONE",
    ...env,
  });
}

/** `/copilot reclaim start` and its confirmation, then the worker on everything queued. */
async function startRound(): Promise<void> {
  const answer = await bot.receive(
    slashCommand({ userId: ADMIN_ID, text: "reclaim start", responseUrl: bot.slack.responseUrl("start") }),
  );
  expect(JSON.stringify(JSON.parse(answer.body ?? "{}").blocks)).toContain("reclaim_confirm_start");
  await bot.receive(
    buttonClick({
      userId: ADMIN_ID,
      actionId: "reclaim_confirm_start",
      value: "start",
      responseUrl: bot.slack.responseUrl("confirm"),
      message: { channel: `D${ADMIN_ID}`, ts: `1700000${Date.now() % 100000}.000100` },
    }),
  );
  await bot.runWorker();
}

/** The questions a person got: DMs carrying Keep my seat. */
function questionsTo(userId: string): Record<string, unknown>[] {
  return bot.slack.messagesTo(userId).filter((m) => JSON.stringify(m.blocks ?? "").includes("reclaim_keep"));
}

function buttonValue(message: Record<string, unknown> | undefined, actionId: string): string {
  const blocks = (message?.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[];
  for (const block of blocks) {
    for (const element of block.elements ?? []) if (element.action_id === actionId) return element.value ?? "";
  }
  throw new Error(`No ${actionId} button`);
}

function click(userId: string, actionId: string, value: string) {
  return bot.receive(buttonClick({ userId, actionId, value, responseUrl: bot.slack.responseUrl(`click-${userId}`) }));
}

/** Past the grace period, then the sweep (twice at once, as overlapping runs would) and the worker. */
async function pastTheDeadline(days = 8): Promise<void> {
  advance(days * DAY);
  await Promise.all([bot.maintain(), bot.maintain()]);
  await bot.runWorker();
  await bot.maintain();
  await bot.runWorker();
}

function textsTo(userId: string): string {
  return bot.slack
    .messagesTo(userId)
    .map((m) => `${String(m.text)} ${JSON.stringify(m.blocks ?? [])}`)
    .join("\n");
}

describe("reclaiming idle seats", () => {
  beforeEach(async () => {
    await reconfigure({});
  });

  describe("the idle rule", () => {
    it("counts a seat idle only by the later of last activity and last sign-in, once it is old enough, and lists team seats with their team", async () => {
      await reconfigure({ RECLAIM_MODE: "report", RECLAIM_EXEMPT: "vip-vera,team:leadership" });
      seat("idle-ida", 200, 90);
      seat("never-nora", 200, null);
      seat("signs-in-sam", 200, 90, { lastAuthenticatedAt: daysAgo(3) });
      seat("busy-bo", 200, 2);
      seat("new-nick", 20, null);
      seat("team-tess", 200, 100, { assigningTeam: "platform" });
      seat("vip-vera", 200, 100);
      seat("lead-lee", 200, 100);
      bot.github.teams.set("leadership", ["lead-lee"]);
      seat("going-gil", 200, 100, { pendingCancellationDate: PENDING_CANCELLATION_DATE });

      await startRound();

      const report = textsTo(ADMIN_ID);
      for (const login of ["idle-ida", "never-nora"]) expect(report).toContain(login);
      for (const login of ["signs-in-sam", "busy-bo", "new-nick", "vip-vera", "lead-lee", "going-gil"]) {
        expect(report).not.toContain(login);
      }
      expect(report).toContain("team `platform`: 1 idle seat");
      expect(report).toContain("*2* idle seats held by people cost *$38.00* a month");
      expect(report).toContain("2 exempt");
      expect(report).toContain("1 too new to judge");
    });
  });

  describe("the weekly round", () => {
    it("starts by itself on RECLAIM_DAY from 09:00, once that day, and not on other days", async () => {
      const tomorrow = new Date(Date.now() + DAY);
      const weekday = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"][tomorrow.getUTCDay()] ?? "";
      await reconfigure({ RECLAIM_MODE: "report", RECLAIM_DAY: weekday });
      seat("idle-ida", 200, 90);
      const lists = () => bot.slack.messagesTo(ADMIN_ID).filter((m) => String(m.text).includes("idle Copilot seat"));

      await bot.maintain();
      await bot.runWorker();
      expect(lists()).toHaveLength(0);

      advance(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 10) - Date.now());
      await Promise.all([bot.maintain(), bot.maintain()]);
      await bot.runWorker();
      await bot.maintain();
      await bot.runWorker();
      expect(lists()).toHaveLength(1);
      expect(String(lists()[0]?.text)).toContain("1 idle Copilot seat");
    });
  });

  describe("report mode", () => {
    it("sends the admins one list with counts and cost, a CSV file when it is long, and asks nobody", async () => {
      await reconfigure({ RECLAIM_MODE: "report" });
      for (let i = 0; i < 30; i++) seat(`idle-${i}`, 200, 100);
      await link("idle-0", IDA);

      await startRound();

      const lists = bot.slack.messagesTo(ADMIN_ID).filter((m) => String(m.text).includes("idle Copilot seats cost"));
      expect(lists).toHaveLength(1);
      expect(String(lists[0]?.text)).toContain("30 idle Copilot seats cost $570.00 a month");
      const csv = bot.slack.uploads.find((u) => u.filename.endsWith(".csv"));
      expect(csv?.channelId).toBe(`D${ADMIN_ID}`);
      expect(csv?.bytes?.toString().split("\r\n").filter(Boolean)).toHaveLength(31);
      expect(questionsTo(IDA)).toHaveLength(0);
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    });
  });

  describe("ask mode", () => {
    it("asks each idle holder with a known Slack account once, lists the rest for admins, and cancels nothing after silence", async () => {
      await reconfigure({ RECLAIM_MODE: "ask" });
      seat(IDLE, 200, 90);
      seat("nobody-known", 200, 90);
      await link(IDLE, IDA);

      await startRound();
      await bot.maintain();
      await bot.runWorker();

      const [question, ...more] = questionsTo(IDA);
      expect(more).toEqual([]);
      expect(JSON.stringify(question?.blocks)).toContain("$19.00 a month");
      expect(JSON.stringify(question?.blocks)).toContain("reclaim_release");
      expect(textsTo(ADMIN_ID)).toContain("1 has no known Slack account");
      expect((await holder("nobody-known"))?.state).toBe("UNKNOWN");

      await pastTheDeadline();

      expect((await holder(IDLE))?.state).toBe("UNANSWERED");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
      expect(questionsTo(IDA)).toHaveLength(1);
    });
  });

  describe("switching modes mid-round", () => {
    it("a round that only asked cancels nothing at the deadline though RECLAIM_MODE became enforce", async () => {
      await reconfigure({ RECLAIM_MODE: "ask" });
      seat(IDLE, 200, 90);
      await link(IDLE, IDA);
      await startRound();
      await bot.maintain();
      await bot.runWorker();
      expect(questionsTo(IDA)).toHaveLength(1);

      await bot.reconfigure({ RECLAIM_MODE: "enforce" });
      await pastTheDeadline();

      // The clock may reach RECLAIM_DAY meanwhile and the weekly round ask again: the first round's outcome counts.
      const states = (await holders()).filter((h) => h.login === IDLE).map((h) => h.state);
      expect(states.at(-1)).toBe("UNANSWERED");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    });
  });

  describe("switching modes while a seat is being cancelled", () => {
    it("a seat whose cancellation was under way is not cancelled once RECLAIM_MODE left enforce", async () => {
      await reconfigure({ RECLAIM_MODE: "enforce" });
      seat(IDLE, 200, 90);
      await link(IDLE, IDA);
      await startRound();
      expect(questionsTo(IDA)).toHaveLength(1);
      bot.github.script(
        "delete",
        SELECTED_USERS,
        ...Array.from({ length: 40 }, () => gitHubError(502, "Server Error")),
      );
      await pastTheDeadline();
      const first = () => holders().then((all) => all.filter((h) => h.login === IDLE).at(-1));
      expect((await first())?.state).toBe("CANCELLING");

      await bot.reconfigure({ RECLAIM_MODE: "ask" });
      bot.github.script("delete", SELECTED_USERS);
      advance(11 * 60_000);
      await bot.maintain();
      await bot.runWorker();

      expect((await first())?.state).toBe("UNANSWERED");
      expect(bot.github.seats.get(IDLE)?.pendingCancellationDate).toBeUndefined();
    });
  });

  describe("answers", () => {
    beforeEach(async () => {
      await reconfigure({ RECLAIM_MODE: "enforce" });
      seat(IDLE, 200, 90);
      await link(IDLE, IDA);
      await startRound();
    });

    it("Keep my seat keeps it past the deadline and out of the next round until the snooze ends", async () => {
      const [question] = questionsTo(IDA);
      await click(IDA, "reclaim_keep", buttonValue(question, "reclaim_keep"));
      await bot.runWorker();

      expect((await holder(IDLE))?.state).toBe("KEPT");
      expect(JSON.stringify(bot.slack.responsesAt(`click-${IDA}`))).toContain("You kept your Copilot seat");
      await pastTheDeadline();
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
      expect(await auditedActions(bot, IDLE)).toContain("reclaim-kept");
      const week = await reclaimWeek(new Date(Date.now() - 14 * DAY), new Date(Date.now() + DAY), {
        store: new DynamoDbReclaimStore(dynamo(), TABLE_NAME),
      });
      expect(week).toEqual({ reclaimed: 0, kept: 1, monthlySaved: 0 });

      await startRound();
      expect(textsTo(ADMIN_ID)).toContain("1 kept by their holders");
      expect(questionsTo(IDA)).toHaveLength(1);
    });

    it("Keep my seat whose snooze could not be saved can be clicked again, and the next round leaves the seat alone", async () => {
      const [question] = questionsTo(IDA);
      const isSnooze = (input: Record<string, unknown>) =>
        (input.Item as { type?: { S?: string } } | undefined)?.type?.S === "reclaim-keep";
      await click(IDA, "reclaim_keep", buttonValue(question, "reclaim_keep"));
      bot.dynamodb.failCall("PutItem", { fault: "internal", times: 10, match: isSnooze });
      await bot.runWorker();
      bot.dynamodb.reset();
      await click(IDA, "reclaim_keep", buttonValue(question, "reclaim_keep"));
      await bot.runWorker();

      expect((await holder(IDLE))?.state).toBe("KEPT");
      await pastTheDeadline();
      await startRound();
      expect(questionsTo(IDA)).toHaveLength(1);
    });

    it("Keep and Release run at once: one answer stands, and the other is told which, not that the deadline passed", async () => {
      const [question] = questionsTo(IDA);
      await click(IDA, "reclaim_keep", buttonValue(question, "reclaim_keep"));
      await click(IDA, "reclaim_release", buttonValue(question, "reclaim_release"));
      const { event } = bot.sqs.receive();
      expect(event.Records).toHaveLength(2);

      // Two deliveries, each in a container of its own, as two Lambda invocations would take them.
      await Promise.all(event.Records.map((record) => bot.worker({ Records: [record] })));

      const settled = (await holder(IDLE))?.state;
      expect(["KEPT", "RELEASING"]).toContain(settled);
      const told = bot.slack.responsesAt(`click-${IDA}`).map((r) => String(r.text));
      expect(told.join("\n")).not.toContain("the deadline passed");
      expect(
        told.some((text) => text.includes(settled === "KEPT" ? "was already kept" : "is already being released")),
      ).toBe(true);
    });

    it("only the holder may answer; anyone else is told why and nothing changes", async () => {
      const [question] = questionsTo(IDA);
      await click(STRANGER, "reclaim_keep", buttonValue(question, "reclaim_keep"));
      await click(STRANGER, "reclaim_release", buttonValue(question, "reclaim_release"));
      await bot.runWorker();

      expect((await holder(IDLE))?.state).toBe("ASKED");
      const told = JSON.stringify(bot.slack.responsesAt(`click-${STRANGER}`));
      expect(told).toContain(`Only <@${IDA}> can answer`);
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    });

    it("Release it now cancels the seat once, through the seat terms' path, and tells the holder the date", async () => {
      const [question] = questionsTo(IDA);
      const value = buttonValue(question, "reclaim_release");
      await click(IDA, "reclaim_release", value);
      await click(IDA, "reclaim_release", value);
      await bot.runWorker();

      expect((await holder(IDLE))?.state).toBe("RELEASED");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS).map((c) => c.body)).toEqual([{ selected_usernames: [IDLE] }]);
      expect(textsTo(IDA)).toContain(`keeps working until ${PENDING_CANCELLATION_DATE}`);
      expect(JSON.stringify(bot.slack.responsesAt(`click-${IDA}`))).toContain("already being released");
      const actions = await auditedActions(bot, IDLE);
      expect(actions).toEqual(
        expect.arrayContaining(["reclaim-asked", "reclaim-release-requested", "reclaim-released", "seat-released"]),
      );
    });

    /** Clicks Release on the holder's question, which must release nothing; returns what the holder was told. */
    async function expectReleaseCalledOff(question: Record<string, unknown> | undefined): Promise<string> {
      await click(IDA, "reclaim_release", buttonValue(question, "reclaim_release"));
      await bot.runWorker();

      expect((await holder(IDLE))?.state).toBe("ASKED");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
      const told = JSON.stringify(bot.slack.responsesAt(`click-${IDA}`));
      expect(told).toContain("called off");
      return told;
    }

    it("a Release clicked once reclaiming is switched off releases nothing and says how to give the seat up", async () => {
      const [question] = questionsTo(IDA);
      await bot.reconfigure({ RECLAIM_MODE: "off" });

      expect(await expectReleaseCalledOff(question)).toContain("/copilot release");
    });

    it("a Release clicked once RECLAIM_MODE only reports releases nothing, before the round's next step stops it", async () => {
      const [question] = questionsTo(IDA);
      await bot.reconfigure({ RECLAIM_MODE: "report" });

      await expectReleaseCalledOff(question);
    });

    it("a Release clicked after its round stopped releases nothing, though reclaiming was switched on again", async () => {
      const [question] = questionsTo(IDA);
      await bot.reconfigure({ RECLAIM_MODE: "off" });
      await pastTheDeadline();
      await bot.reconfigure({ RECLAIM_MODE: "enforce" });

      await expectReleaseCalledOff(question);
    });

    it("a Release whose job could not be queued is finished by the next sweeps", async () => {
      const [question] = questionsTo(IDA);
      await click(IDA, "reclaim_release", buttonValue(question, "reclaim_release"));
      bot.sqs.failSend("internal", 2);
      await bot.runWorker();
      expect((await holder(IDLE))?.state).toBe("RELEASING");
      expect(JSON.stringify(bot.slack.responsesAt(`click-${IDA}`))).toContain("Releasing your Copilot seat");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);

      advance(11 * 60_000);
      await bot.maintain();
      await bot.runWorker();
      await bot.runWorker();

      expect((await holder(IDLE))?.state).toBe("RELEASED");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toHaveLength(1);
      expect(textsTo(IDA)).toContain(`keeps working until ${PENDING_CANCELLATION_DATE}`);
    });

    it("enforce cancels an unanswered seat at the deadline once and tells holder and admins the pending-cancellation date", async () => {
      await pastTheDeadline();

      expect((await holder(IDLE))?.state).toBe("CANCELLED");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toHaveLength(1);
      expect(textsTo(IDA)).toContain(`keeps working until ${PENDING_CANCELLATION_DATE}`);
      expect(textsTo(ADMIN_ID)).toContain(`pending cancellation until ${PENDING_CANCELLATION_DATE}`);
      const progress = bot.slack.callsTo("chat.update").map((c) => JSON.stringify(c.params.blocks ?? ""));
      expect(progress.at(-1)).toContain("cancelled: *1*");
      expect(progress.at(-1)).toContain("finished");
      await bot.receive(
        slashCommand({ userId: ADMIN_ID, text: "audit export", responseUrl: bot.slack.responseUrl("export") }),
      );
      await bot.runWorker();
      const csv = bot.slack.uploads.find((u) => u.filename.startsWith("copilot-audit"))?.bytes?.toString() ?? "";
      expect(csv).toMatch(/,system,reclaim-asked,idle-ida,,,PLANNED,ASKED,round /);
      expect(csv).toMatch(
        /,system,reclaim-cancelled,idle-ida,,,CANCELLING,CANCELLED,round .*pending cancellation 2026-12-01/,
      );
      expect(await auditedActions(bot, IDLE)).toEqual(
        expect.arrayContaining(["reclaim-cancelling", "reclaim-cancelled", "seat-reclaimed"]),
      );
      const week = await reclaimWeek(new Date(Date.now() - 7 * DAY), new Date(Date.now() + DAY), {
        store: new DynamoDbReclaimStore(dynamo(), TABLE_NAME),
      });
      expect(reclaimDigestLine(week)).toBe(
        "Idle seats this week: 1 reclaimed, 0 kept by their holders; $19.00 a month saved.",
      );
      // A late click is told the seat is already going.
      await click(IDA, "reclaim_keep", buttonValue(questionsTo(IDA)[0], "reclaim_keep"));
      await bot.runWorker();
      expect(JSON.stringify(bot.slack.responsesAt(`click-${IDA}`))).toContain("already cancelled");
    });

    it("reads the seat again right before cancelling, and leaves alone a holder who became active", async () => {
      const fixture = bot.github.seats.get(IDLE);
      if (fixture) fixture.lastAuthenticatedAt = new Date(Date.now() + 7 * DAY).toISOString();
      await pastTheDeadline();

      expect((await holder(IDLE))?.state).toBe("SPARED");
      expect(bot.github.callsTo("GET", "/orgs/{org}/members/{username}/copilot").length).toBeGreaterThan(0);
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    });

    it("leaves alone a holder who became exempt before the deadline", async () => {
      await bot.reconfigure({ RECLAIM_EXEMPT: "team:keepers" });
      bot.github.teams.set("keepers", [IDLE]);
      await pastTheDeadline();

      expect((await holder(IDLE))?.state).toBe("SPARED");
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    });

    it("cancels nobody when an exempt team cannot be read, as its members may be exempt", async () => {
      await bot.reconfigure({ RECLAIM_EXEMPT: "team:hidden" });
      await pastTheDeadline();

      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
      const states = (await holders()).filter((h) => h.login === IDLE).map((h) => h.state);
      expect(states.at(-1)).toBe("ASKED");
      // GitHub answers 404 for a team the app cannot see, though its description of the endpoint lists no 404.
      expect(new Set(bot.github.contractViolations)).toEqual(
        new Set(["GET /orgs/{org}/teams/{team_slug}/members does not document status 404"]),
      );
      bot.github.contractViolations.length = 0;
    });

    it("the kill switch: RECLAIM_MODE=off stops the round before its next step, and nothing is cancelled", async () => {
      await bot.reconfigure({ RECLAIM_MODE: "off" });
      await pastTheDeadline();

      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
      expect((await holder(IDLE))?.state).toBe("ASKED");
      const progress = bot.slack.callsTo("chat.update").map((c) => String(c.params.text));
      expect(progress.some((text) => text.includes("stopped"))).toBe(true);
    });
  });

  describe("preview", () => {
    it("shows what a round would do now and changes nothing", async () => {
      await reconfigure({ RECLAIM_MODE: "enforce" });
      seat(IDLE, 200, 90);
      await link(IDLE, IDA);

      await bot.receive(
        slashCommand({ userId: ADMIN_ID, text: "reclaim preview", responseUrl: bot.slack.responseUrl("preview") }),
      );
      await bot.runWorker();

      const [answer] = bot.slack.responsesAt("preview");
      expect(JSON.stringify(answer)).toContain("Reclaim preview");
      expect(JSON.stringify(answer)).toContain(IDLE);
      expect(JSON.stringify(answer)).toContain("1 holder would be asked");
      expect(questionsTo(IDA)).toEqual([]);
      expect(await holders()).toEqual([]);
      expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    });

    it("is for admins only", async () => {
      const answer = await bot.receive(
        slashCommand({ userId: STRANGER, text: "reclaim preview", responseUrl: bot.slack.responseUrl("p") }),
      );
      expect(JSON.parse(answer.body ?? "{}").text).toMatch(/admin/i);
      expect(bot.sqs.sent).toEqual([]);
    });
  });

  describe("resilience", () => {
    it("a round that ended while its end could not be recorded does not block the next rounds", async () => {
      await reconfigure({ RECLAIM_MODE: "report" });
      seat(IDLE, 200, 90);
      const endsRound = (input: Record<string, unknown>) =>
        String(input.UpdateExpression).includes("REMOVE activeRoundId");
      bot.dynamodb.failCall("UpdateItem", { fault: "internal", times: 50, match: endsRound });

      await startRound();
      bot.dynamodb.reset();
      advance(60_000);
      await bot.maintain();
      await startRound();

      const lists = bot.slack.messagesTo(ADMIN_ID).filter((m) => String(m.text).includes("idle Copilot seats cost"));
      expect(lists).toHaveLength(2);
    });

    it("a plan too big for one invocation goes on in the next, writing every holder once and telling the admins once", async () => {
      await reconfigure({ RECLAIM_MODE: "ask" });
      for (let i = 0; i < 450; i++) seat(`far-${i}`, 200, 100);
      // Less left than a plan keeps in reserve: each invocation writes one chunk of holders and queues the rest.
      bot.workerTimeoutMs = 19_000;

      await startRound();

      const plans = bot.sqs.sent.filter((body) => body.includes('"reclaim-plan"'));
      // The admin's start queued the first; each invocation that ran short queued the next.
      expect(plans.length).toBeGreaterThanOrEqual(2);
      const all = await holders();
      expect(all).toHaveLength(450);
      expect(new Set(all.map((h) => h.login)).size).toBe(450);
      expect(all.every((h) => h.state === "UNKNOWN")).toBe(true);
      const lists = bot.slack.messagesTo(ADMIN_ID).filter((m) => String(m.text).includes("idle Copilot seats cost"));
      expect(lists).toHaveLength(1);
      expect(JSON.stringify(lists[0]?.blocks)).toContain("450 have no known Slack account");
    });

    it("a holder written late, after the round began asking, is settled as not asked and the round finishes", async () => {
      await reconfigure({ RECLAIM_MODE: "ask" });
      seat(IDLE, 200, 90);
      await link(IDLE, IDA);
      await startRound();
      const store = new DynamoDbReclaimStore(dynamo(), TABLE_NAME);
      const roundId = (await store.current()).activeRoundId ?? "";
      const [asked] = await holders();
      expect(asked?.state).toBe("ASKED");
      // A second delivery of the plan writes a holder after the round moved on to asking.
      const at = new Date().toISOString();
      await store.addHolders([
        { ...(asked as ReclaimHolder), login: "late-lou", state: "PLANNED", updatedAt: at, history: [] },
      ]);

      await pastTheDeadline();

      expect((await store.getRound(roundId))?.state).toBe("DONE");
      expect((await holders()).find((h) => h.roundId === roundId && h.login === "late-lou")?.state).toBe("UNKNOWN");
    });

    it("storing a subscription summary leaves alone a refresh claim another run took after this run's ran out", async () => {
      const summaries = new DynamoDbSubscriptionSummary(dynamo(), TABLE_NAME);
      const t0 = Date.now();
      const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
      expect(await summaries.claimRefresh(at(0), at(5))).toBe(true);
      expect(await summaries.claimRefresh(at(6), at(11))).toBe(true);
      const summary = summarizeSubscription(
        {
          seatManagementSetting: "assign_selected",
          seatBreakdown: {
            total: 0,
            addedThisCycle: 0,
            pendingInvitation: 0,
            pendingCancellation: 0,
            activeThisCycle: 0,
            inactiveThisCycle: 0,
          },
        },
        [],
      );

      expect(await summaries.store(summary, at(0))).toBe(true);
      await summaries.releaseRefresh(at(5));

      expect((await summaries.read())?.refreshingUntil).toBe(at(11));
    });

    it("a round interrupted while asking resumes where it stopped, and asks nobody twice", async () => {
      await reconfigure({ RECLAIM_MODE: "ask" });
      const people = Array.from({ length: 12 }, (_, i) => ({ login: `quiet-${i}`, user: `UQUIET${i}0` }));
      bot.slack.addUsers(...people.map((p) => ({ id: p.user })));
      for (const p of people) {
        seat(p.login, 200, 100);
        await link(p.login, p.user);
      }
      const questions = () => people.reduce((n, p) => n + questionsTo(p.user).length, 0);
      await bot.receive(
        slashCommand({ userId: ADMIN_ID, text: "reclaim start", responseUrl: bot.slack.responseUrl("start") }),
      );
      await bot.receive(
        buttonClick({
          userId: ADMIN_ID,
          actionId: "reclaim_confirm_start",
          value: "start",
          responseUrl: bot.slack.responseUrl("confirm"),
        }),
      );
      // The confirmation's job begins the round, then its plan runs.
      await bot.sqs.deliverOnce(bot.worker);
      await bot.sqs.deliverOnce(bot.worker);
      expect(questions()).toBe(0);

      // The batch's worker dies while its next question hangs, after some questions went out.
      let hung = false;
      await bot.abandonWorker(() => {
        if (!hung && questions() >= 5) {
          bot.slack.failNext("chat.postMessage", "hang");
          hung = true;
        }
        return hung && bot.slack.callsTo("chat.postMessage").some((c) => c.fault === "hang");
      });
      const before = questions();
      expect(before).toBeGreaterThanOrEqual(5);
      expect(before).toBeLessThan(people.length);

      advance(3 * 60_000);
      await bot.runWorker();
      await bot.maintain();
      await bot.runWorker();

      for (const p of people) expect(questionsTo(p.user), p.login).toHaveLength(1);
    });
  });
});
