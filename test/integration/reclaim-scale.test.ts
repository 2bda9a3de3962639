import { describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import { DynamoDbReclaimStore } from "../../src/dynamodb/dynamodb-reclaim-store.js";
import { BATCH_SIZE, WAVE_BATCHES } from "../../src/reclaim/round.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand } from "../support/slack-requests.js";

const HOLDERS = 2_010;
const DAY = 24 * 60 * 60_000;

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID });
});

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

describe("a reclaim round over more than 2,000 seats", () => {
  it("finishes with every idle holder asked exactly once, in waves the sweep tops up", async () => {
    await bot.reconfigure({ RECLAIM_MODE: "ask" });
    const client = createDocumentClient({ region: "us-east-1", endpoint: process.env.DYNAMODB_ENDPOINT ?? "" });
    const links = new DynamoDbIdentityLinks(client, TABLE_NAME);
    const people = Array.from({ length: HOLDERS }, (_, i) => ({
      login: `idle-${i}`,
      user: `U${String(i).padStart(8, "0")}`,
    }));
    const long = new Date(Date.now() - 200 * DAY).toISOString().replace(/\.\d+Z$/, "Z");
    for (const p of people) bot.github.seats.set(p.login, { login: p.login, createdAt: long, lastActivityAt: long });
    for (let i = 0; i < 50; i++)
      bot.github.seats.set(`busy-${i}`, { login: `busy-${i}`, lastActivityAt: new Date().toISOString() });
    const at = new Date().toISOString();
    await inParallel(people, (p) =>
      links.saveLink(
        {
          slackUserId: p.user,
          githubLogin: p.login,
          githubId: 100_000 + Number(p.user.slice(1)),
          source: "oauth",
          linkedAt: at,
          lastConfirmedAt: at,
        },
        undefined,
      ),
    );

    await bot.receive(
      slashCommand({ userId: ADMIN_ID, text: "reclaim start", responseUrl: bot.slack.responseUrl("s") }),
    );
    await bot.receive(
      buttonClick({
        userId: ADMIN_ID,
        actionId: "reclaim_confirm_start",
        value: "start",
        responseUrl: bot.slack.responseUrl("c"),
      }),
    );
    await bot.runWorker();
    // The first wave only: at most WAVE_BATCHES batches' questions before the sweep queues more.
    const firstWave = bot.slack
      .callsTo("chat.postMessage")
      .filter((c) => String(c.params.text).includes("looks unused"));
    expect(firstWave.length).toBeGreaterThan(0);
    expect(firstWave.length).toBeLessThanOrEqual(WAVE_BATCHES * BATCH_SIZE * 1.5);
    expect(firstWave.length).toBeLessThan(HOLDERS);

    for (let sweep = 0; sweep < 3; sweep++) {
      await Promise.all([bot.maintain(), bot.maintain()]);
      await bot.runWorker();
    }

    const asked = new Map<string, number>();
    for (const call of bot.slack.callsTo("chat.postMessage")) {
      if (call.fault || !String(call.params.text).includes("looks unused")) continue;
      const channel = String(call.params.channel);
      asked.set(channel, (asked.get(channel) ?? 0) + 1);
    }
    expect(asked.size).toBe(HOLDERS);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
    expect(bot.slack.callsTo("chat.postMessage").some((c) => String(c.params.channel).startsWith("Ubusy"))).toBe(false);

    const store = new DynamoDbReclaimStore(client, TABLE_NAME);
    const [roundId = ""] = (await store.current()).recent;
    const states = new Map<string, number>();
    let cursor: string | undefined;
    do {
      const page = await store.listHolders(roundId, undefined, cursor);
      for (const h of page.holders) states.set(h.state, (states.get(h.state) ?? 0) + 1);
      cursor = page.cursor;
    } while (cursor);
    expect(Object.fromEntries(states)).toEqual({ ASKED: HOLDERS });
    expect((await store.listBatches(roundId)).every((b) => b.state === "ASKED")).toBe(true);
  }, 600_000);
});
