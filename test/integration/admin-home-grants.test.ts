import { afterAll, describe, expect, it, vi } from "vitest";
import { ADMIN_ID, SECOND_ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { appHomeOpened, slashCommand } from "../support/slack-requests.js";

/** A grant has no approver, so when one stops between its steps the other admins are the ones who must see it. */

let nextEvent = 1;

const bot = useBot(
  (fresh) => {
    fresh.slack.addUsers({ id: ADMIN_ID }, { id: SECOND_ADMIN_ID });
    fresh.github.members.add("octocat");
  },
  { secondAdmin: true },
);

afterAll(() => {
  vi.useRealTimers();
});

async function openHome(userId: string): Promise<string> {
  const response = await bot.receive(appHomeOpened({ userId, eventId: `EvGrant${nextEvent++}` }));
  expect(response.statusCode).toBe(200);
  await bot.runWorker();
  const published = bot.slack.callsTo("views.publish").filter((call) => call.params.user_id === userId);
  expect(published.length).toBeGreaterThan(0);
  return JSON.stringify(published.at(-1)?.params.view);
}

/** Admin A grants `octocat`; the grant passes its checks and then fails to be approved on every delivery. */
async function grantStuckInPending(): Promise<string> {
  await bot.receive(
    slashCommand({ userId: ADMIN_ID, text: "grant octocat", responseUrl: bot.slack.responseUrl("grant") }),
  );
  bot.dynamodb.failCall("UpdateItem", {
    fault: "internal",
    times: 20,
    match: (input) => JSON.stringify(input).includes("direct grant by an admin"),
  });
  await bot.runWorker().catch(() => {});
  bot.dynamodb.reset();
  bot.sqs.reset();
  const [grant] = await bot.store.listByRequester(ADMIN_ID, 1);
  expect(grant?.kind).toBe("grant");
  expect(grant?.state).toBe("PENDING");
  return grant?.id ?? "";
}

describe("another admin's grant stuck in PENDING", () => {
  it("is listed on the other admin's Home tab, with who granted which login", async () => {
    // Prepare
    await grantStuckInPending();

    // Act
    const home = await openHome(SECOND_ADMIN_ID);

    // Assess
    expect(home).toContain("Grants not through yet* (1)");
    expect(home).toContain(`<@${ADMIN_ID}> granted \`octocat\``);
  });

  it("is not listed as someone else's on the granting admin's own Home tab", async () => {
    // Prepare
    await grantStuckInPending();

    // Act
    const home = await openHome(ADMIN_ID);

    // Assess
    expect(home).not.toContain("Grants not through yet");
  });
});
