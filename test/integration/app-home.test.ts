import { describe, expect, it } from "vitest";
import { gitHubError } from "../fakes/github-fake.js";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { appHomeOpened, buttonClick, slashCommand } from "../support/slack-requests.js";

const REQUESTER = "UREQUEST1";
const MANAGER = "UMANAGER1";

let nextEvent = 1;

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: REQUESTER }, { id: MANAGER }, { id: ADMIN_ID });
  fresh.github.members.add("octocat");
});

async function openHome(userId: string, eventId = `Ev${nextEvent++}`, headers: Record<string, string> = {}) {
  const response = await bot.receive(appHomeOpened({ userId, eventId, headers }));
  expect(response.statusCode).toBe(200);
  await bot.runWorker();
}

function lastHomeOf(userId: string): string {
  const published = bot.slack.callsTo("views.publish").filter((c) => c.params.user_id === userId);
  expect(published.length).toBeGreaterThan(0);
  return JSON.stringify(published.at(-1)?.params.view);
}

async function pendingRequest(): Promise<string> {
  await bot.receive(
    slashCommand({
      userId: REQUESTER,
      text: `request octocat <@${MANAGER}> reviews`,
      responseUrl: bot.slack.responseUrl("cmd"),
    }),
  );
  await bot.runWorker();
  const [request] = await bot.store.listByRequester(REQUESTER, 1);
  expect(request?.state).toBe("PENDING");
  return request!.id;
}

describe("the Home tab", () => {
  it("offers a Request button to someone without a seat", async () => {
    await openHome("UNEWCOMER");

    const home = lastHomeOf("UNEWCOMER");
    expect(home).toContain("You have no Copilot seat");
    expect(home).toContain("open_request_modal");
  });

  it("opens the request form from the Request button", async () => {
    await bot.receive(
      buttonClick({
        userId: REQUESTER,
        actionId: "open_request_modal",
        value: "request",
        responseUrl: "",
        inHomeTab: true,
      }),
    );

    expect(JSON.stringify(bot.slack.callsTo("views.open")[0]?.params.view)).toContain("seat_request_modal");
  });

  it("shows a person's seat and their requests", async () => {
    const id = await pendingRequest();
    await bot.receive(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: id, responseUrl: bot.slack.responseUrl("c") }),
    );
    await bot.runWorker();

    await openHome(REQUESTER);

    const home = lastHomeOf(REQUESTER);
    expect(home).toContain("Your Copilot seat");
    expect(home).toContain("`octocat`");
    expect(home).toContain("seat assigned");
  });

  it("shows managers what waits on them, with buttons that approve exactly like the DM's", async () => {
    const id = await pendingRequest();
    await openHome(MANAGER);
    expect(lastHomeOf(MANAGER)).toContain("Waiting on you");

    await bot.receive(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: id, responseUrl: "", inHomeTab: true }),
    );
    await bot.receive(
      buttonClick({ userId: ADMIN_ID, actionId: "approve_request", value: id, responseUrl: "", inHomeTab: true }),
    );
    await bot.runWorker();

    expect(bot.github.callsTo("POST", "/orgs/{org}/copilot/billing/selected_users")).toHaveLength(1);
    expect((await bot.store.get(id))?.decidedBy).toBe(MANAGER);
    expect(String(bot.slack.messagesTo(ADMIN_ID).at(-1)?.text)).toContain("already approved by <@UMANAGER1>");
    // refreshed after the change: nothing waits on the manager any more
    expect(lastHomeOf(MANAGER)).not.toContain("Waiting on you");
  });

  it("refreshes the requester's Home tab when their request changes", async () => {
    const id = await pendingRequest();
    const before = bot.slack.callsTo("views.publish").filter((c) => c.params.user_id === REQUESTER).length;

    await bot.receive(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: id, responseUrl: bot.slack.responseUrl("c") }),
    );
    await bot.runWorker();

    const after = bot.slack.callsTo("views.publish").filter((c) => c.params.user_id === REQUESTER).length;
    expect(after).toBeGreaterThan(before);
    expect(lastHomeOf(REQUESTER)).toContain("seat assigned");
  });

  it("shows admins the subscription and failed assignments with Retry", async () => {
    const id = await pendingRequest();
    bot.github.script(
      "post",
      "/orgs/{org}/copilot/billing/selected_users",
      gitHubError(403, "Resource not accessible by integration"),
    );
    await bot.receive(
      buttonClick({ userId: MANAGER, actionId: "approve_request", value: id, responseUrl: bot.slack.responseUrl("c") }),
    );
    await bot.runWorker();

    await openHome(ADMIN_ID);

    const home = lastHomeOf(ADMIN_ID);
    expect(home).toContain("Copilot subscription of `acme`");
    expect(home).toContain("Failed assignments");
    expect(home).toContain("retry_request");
  });

  it("lets admins decide requests that wait on someone else, from their Home tab", async () => {
    const id = await pendingRequest();

    await openHome(ADMIN_ID);
    const home = lastHomeOf(ADMIN_ID);
    expect(home).toContain("Waiting on other approvers");
    expect(home).toContain(`"value":"${id}"`);

    await bot.receive(
      buttonClick({ userId: ADMIN_ID, actionId: "approve_request", value: id, responseUrl: "", inHomeTab: true }),
    );
    await bot.runWorker();

    expect((await bot.store.get(id))?.state).toBe("ASSIGNED");
    expect(lastHomeOf(ADMIN_ID)).not.toContain(`"value":"${id}"`);
  });

  it("publishes once when Slack retries the same event", async () => {
    await openHome("UNEWCOMER", "EvSame");
    await openHome("UNEWCOMER", "EvSame", { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });

    expect(bot.slack.callsTo("views.publish").filter((c) => c.params.user_id === "UNEWCOMER")).toHaveLength(1);
  });
});

describe("many requests waiting on one manager", () => {
  async function fileFor(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      bot.github.members.add(`dev-${i}`);
      await bot.receive(
        slashCommand({
          userId: REQUESTER,
          text: `request dev-${i} <@${MANAGER}> reviews`,
          responseUrl: bot.slack.responseUrl("cmd"),
        }),
      );
    }
    await bot.runWorker();
  }

  it("shows how many wait in all, not the list's limit, and points to the rest", async () => {
    await fileFor(12);

    await openHome(MANAGER);

    const home = lastHomeOf(MANAGER);
    expect(home).toContain("*Waiting on you* (12)");
    expect(home).toContain("Showing the 10 oldest of 12");
    expect(home.match(/"action_id":"approve_request"/g)).toHaveLength(10);
  });

  it("lists every waiting request with /copilot waiting, page by page, the newest included", async () => {
    await fileFor(17);
    const newest = (await bot.store.listByRequester(REQUESTER, 1))[0];

    const first = await bot.receive(
      slashCommand({ userId: MANAGER, text: "waiting", responseUrl: bot.slack.responseUrl("waiting") }),
    );
    const firstPage = JSON.parse(first.body ?? "{}");
    const more = firstPage.blocks.at(-1).elements[0];
    await bot.receive(
      buttonClick({
        userId: MANAGER,
        actionId: more.action_id,
        value: more.value,
        responseUrl: bot.slack.responseUrl("waiting"),
      }),
    );
    await bot.runWorker();
    const secondPage = bot.slack.responsesAt("waiting").at(-1);

    expect(firstPage.text).toBe("17 requests waiting on you, oldest first");
    expect(JSON.stringify(firstPage.blocks).match(/"action_id":"approve_request"/g)).toHaveLength(15);
    expect(secondPage?.replace_original).toBe(true);
    expect(JSON.stringify(secondPage?.blocks).match(/"action_id":"approve_request"/g)).toHaveLength(2);
    expect(JSON.stringify(secondPage?.blocks)).toContain(newest?.id);
  });
});
