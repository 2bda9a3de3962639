import { describe, expect, it } from "vitest";
import { gitHubError } from "../fakes/github-fake.js";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { buttonClick, slashCommand } from "../support/slack-requests.js";

const MEMBER = "UMEMBER01";
const SELECTED_USERS = "/orgs/{org}/copilot/billing/selected_users";
const SELECTED_TEAMS = "/orgs/{org}/copilot/billing/selected_teams";

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, { id: MEMBER });
  for (const login of ["octocat", "hubot", "monalisa"]) fresh.github.members.add(login);
});

async function command(text: string, userId = ADMIN_ID, responseUrl = "cmd") {
  const response = await bot.receive(slashCommand({ userId, text, responseUrl: bot.slack.responseUrl(responseUrl) }));
  expect(response.statusCode).toBe(200);
  return JSON.parse(response.body || "{}") as {
    text?: string;
    blocks?: { elements?: { action_id: string; value: string }[] }[];
  };
}

function buttonIn(message: { blocks?: unknown }, actionId: string): { action_id: string; value: string } {
  const blocks = (message.blocks ?? []) as { elements?: { action_id: string; value: string }[] }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  expect(button, `a ${actionId} button`).toBeDefined();
  return button!;
}

function clickButton(
  userId: string,
  button: { action_id: string; value: string },
  responseUrl: string,
  messageTs = "1700000001.000001",
) {
  return bot.receive(
    buttonClick({
      userId,
      actionId: button.action_id,
      value: button.value,
      responseUrl: bot.slack.responseUrl(responseUrl),
      message: { channel: `D${userId}`, ts: messageTs },
    }),
  );
}

describe("admin commands are for admins", () => {
  it.each(["seats", "grant octocat", "revoke octocat", "grant-team web", "revoke-team web", "audit", "audit export"])(
    "answers `%s` from a non-admin with an admins-only message and queues nothing",
    async (text) => {
      const answer = await command(text, MEMBER);

      expect(answer.text).toMatch(/Only Copilot admins can/);
      expect(bot.sqs.sent).toEqual([]);
    },
  );
});

describe("/copilot seats", () => {
  it("shows plan, seat management, the breakdown, the policies and the 10 longest-inactive seats", async () => {
    for (let day = 10; day <= 21; day++) {
      bot.github.seats.set(`dev${day}`, { login: `dev${day}`, lastActivityAt: `2026-11-${day}T08:00:00Z` });
    }
    bot.github.seats.set("idle", { login: "idle", lastActivityAt: null, createdAt: "2026-02-01T00:00:00Z" });
    // The maintenance sweep lists the seats for the stored summary the command reads.
    await bot.maintain();
    await bot.runWorker();

    await command("seats");
    await bot.runWorker();

    const answer = bot.slack.responsesAt("cmd")[0]!;
    const text = JSON.stringify(answer.blocks);
    expect(text).toContain("*Seats*\\n13");
    expect(text).toContain("selected members and teams");
    expect(text).toContain("ide chat: *enabled*");
    const inactive = text.slice(text.indexOf("Longest-inactive"));
    // never used first, then the oldest activity: dev10 … dev18; dev19 to dev21 are the most recent and left out
    expect(inactive.indexOf("`idle`")).toBeLessThan(inactive.indexOf("`dev10`"));
    expect(inactive).toContain("`dev18`");
    expect(inactive).not.toContain("`dev19`");
  });

  it("says plainly that the API cannot manage individual seats when access is for all members", async () => {
    bot.github.billing = { seatManagementSetting: "assign_all" };

    await command("seats");
    await bot.runWorker();

    expect(JSON.stringify(bot.slack.responsesAt("cmd")[0]?.blocks)).toContain(
      "cannot assign or remove individual seats",
    );
  });

  it("explains a missing permission instead of failing silently", async () => {
    bot.github.script("get", "/orgs/{org}/copilot/billing", gitHubError(403, "Resource not accessible by integration"));

    await command("seats");
    await bot.runWorker();

    expect(String(bot.slack.responsesAt("cmd")[0]?.text)).toMatch(/GitHub Copilot Business/);
  });
});

describe("/copilot grant", () => {
  it("assigns a seat directly with the admin as the actor and tells the admin", async () => {
    const answer = await command("grant hubot");
    await bot.runWorker();

    expect(answer.text).toContain("hubot");
    expect(bot.github.callsTo("POST", SELECTED_USERS).map((c) => c.body)).toEqual([{ selected_usernames: ["hubot"] }]);
    const [grant] = await bot.store.listByRequester(ADMIN_ID, 5);
    expect(grant?.state).toBe("ASSIGNED");
    expect(grant?.history.map((h) => `${h.action}:${h.actorId}`)).toEqual([
      `filed:${ADMIN_ID}`,
      "validated:system",
      `approved:${ADMIN_ID}`,
      "assigned:system",
    ]);
    expect(String(bot.slack.messagesTo(ADMIN_ID).at(-1)?.text)).toContain("`hubot` now has a Copilot seat");
    // The granted account is not the admin's own.
    expect(await bot.store.getGitHubLogin(ADMIN_ID)).toBeUndefined();
  });

  it("does not make the granted seat the admin's own to give back", async () => {
    await command("grant hubot");
    await bot.runWorker();

    const release = await command("release");
    await clickButton(ADMIN_ID, { action_id: "release_seat", value: JSON.stringify({ githubLogin: "hubot" }) }, "rel");
    await bot.runWorker();

    expect(release.text).toContain("I don't know a Copilot seat of yours to give back");
    expect(String(bot.slack.responsesAt("rel")[0]?.text)).toContain("only your own seat");
    expect(bot.github.seats.has("hubot")).toBe(true);
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
  });

  it("runs the same checks as a request: a login outside the organization is refused", async () => {
    await command("grant stranger");
    await bot.runWorker();

    const [grant] = await bot.store.listByRequester(ADMIN_ID, 5);
    expect(grant?.rejection?.code).toBe("NOT_A_MEMBER");
    expect(bot.github.callsTo("POST", SELECTED_USERS)).toEqual([]);
  });
});

describe("/copilot revoke", () => {
  it("asks for confirmation first and changes nothing until it is given", async () => {
    bot.github.seats.set("octocat", { login: "octocat" });

    const answer = await command("revoke octocat");

    expect(answer.text).toMatch(/end of the current billing cycle/);
    buttonIn(answer, "confirm_revoke");
    expect(bot.github.calls).toEqual([]);
  });

  it("cancels the seat once however often the confirmation is clicked, and records it", async () => {
    bot.github.seats.set("octocat", { login: "octocat" });
    const confirm = buttonIn(await command("revoke octocat"), "confirm_revoke");

    await clickButton(ADMIN_ID, confirm, "confirm");
    await clickButton(ADMIN_ID, confirm, "confirm");
    await bot.runWorker();

    expect(bot.github.callsTo("DELETE", SELECTED_USERS).map((c) => c.body)).toEqual([
      { selected_usernames: ["octocat"] },
    ]);
    const answers = bot.slack.responsesAt("confirm").map((r) => String(r.text));
    expect(answers.some((t) => t.includes("already confirmed"))).toBe(true);
    expect(answers.some((t) => t.includes("pending cancellation") && t.includes("2026-12-01"))).toBe(true);
    const audit = await bot.store.listByRequester(ADMIN_ID, 1);
    expect(audit).toEqual([]);
    const trail = await command("audit octocat");
    expect(JSON.stringify(trail.blocks)).toContain("seat-revoked");
  });

  it("says the revoke may not have started when neither the job could be queued nor the click's claim given back", async () => {
    bot.github.seats.set("octocat", { login: "octocat" });
    const confirm = buttonIn(await command("revoke octocat"), "confirm_revoke");
    // The Slack-facing function's clients make two attempts each.
    bot.sqs.failSend("internal", 2);
    bot.dynamodb.failCall("DeleteItem", { fault: "internal", times: 2 });

    const response = await clickButton(ADMIN_ID, confirm, "confirm");

    expect(response.statusCode).toBe(200);
    expect(bot.slack.responsesAt("confirm").map((r) => String(r.text))).toEqual([
      expect.stringMatching(/could not confirm that it received this, so it may not have/),
    ]);
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
  });

  it("explains that a seat from a team cannot be removed per person, naming the team", async () => {
    bot.github.seats.set("octocat", { login: "octocat", assigningTeam: "platform" });
    const confirm = buttonIn(await command("revoke octocat"), "confirm_revoke");

    await clickButton(ADMIN_ID, confirm, "confirm");
    await bot.runWorker();

    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
    expect(String(bot.slack.responsesAt("confirm").at(-1)?.text)).toContain("through the team `platform`");
  });

  it("refuses a confirmation clicked by someone who is not an admin", async () => {
    bot.github.seats.set("octocat", { login: "octocat" });
    const confirm = buttonIn(await command("revoke octocat"), "confirm_revoke");

    await clickButton(MEMBER, confirm, "member");
    await bot.runWorker();

    expect(String(bot.slack.responsesAt("member")[0]?.text)).toMatch(/Only Copilot admins/);
    expect(bot.github.callsTo("DELETE", SELECTED_USERS)).toEqual([]);
  });
});

describe("team seats", () => {
  it("shows the team's member count before adding seats, then reports the seats created", async () => {
    bot.github.teams.set("web", ["octocat", "hubot", "monalisa"]);
    bot.github.seats.set("octocat", { login: "octocat" });

    await command("grant-team web");
    await bot.runWorker();
    const confirmation = bot.slack.responsesAt("cmd")[0]!;
    expect(String(confirmation.text)).toContain("all 3 members of the team `web`");
    expect(bot.github.callsTo("POST", SELECTED_TEAMS)).toEqual([]);

    await clickButton(ADMIN_ID, buttonIn(confirmation, "confirm_team_change"), "team");
    await clickButton(ADMIN_ID, buttonIn(confirmation, "confirm_team_change"), "team");
    await bot.runWorker();

    expect(bot.github.callsTo("POST", SELECTED_TEAMS).map((c) => c.body)).toEqual([{ selected_teams: ["web"] }]);
    // The worker answers both clicks; which answer comes last depends on the order it takes them in.
    const answers = bot.slack.responsesAt("team").map((r) => String(r.text));
    expect(answers.filter((text) => text.includes("2 seats created"))).toHaveLength(1);
    expect(answers.filter((text) => text.includes("already confirmed"))).toHaveLength(1);
  });

  it("sets a team's seats to pending cancellation", async () => {
    bot.github.teams.set("web", ["hubot", "monalisa"]);
    bot.github.seats.set("hubot", { login: "hubot", assigningTeam: "web" });
    bot.github.seats.set("monalisa", { login: "monalisa", assigningTeam: "web" });

    await command("revoke-team web");
    await bot.runWorker();
    await clickButton(ADMIN_ID, buttonIn(bot.slack.responsesAt("cmd")[0]!, "confirm_team_change"), "team");
    await bot.runWorker();

    expect(bot.github.callsTo("DELETE", SELECTED_TEAMS)).toHaveLength(1);
    expect(String(bot.slack.responsesAt("team").at(-1)?.text)).toContain("2 seats set to pending cancellation");
  });

  it("says when there is no such team", async () => {
    await command("grant-team nowhere");
    await bot.runWorker();

    expect(String(bot.slack.responsesAt("cmd")[0]?.text)).toContain("There is no team `nowhere`");
  });
});

describe("/copilot audit", () => {
  async function grantAll(logins: string[]) {
    for (const login of logins) {
      bot.github.members.add(login);
      await command(`grant ${login}`);
      await bot.runWorker();
    }
  }

  it("lists who did what, newest first, and pages with a More button", async () => {
    await grantAll(["a1", "a2", "a3", "a4", "a5", "a6"]); // 4 entries each: 24 entries, 20 a page

    const first = await command("audit");
    const firstText = JSON.stringify(first.blocks);
    expect(firstText.indexOf("`a6`")).toBeLessThan(firstText.indexOf("`a5`"));
    expect(firstText).not.toContain("`a1`");

    await clickButton(ADMIN_ID, buttonIn(first, "audit_more"), "more");
    await bot.runWorker();
    const second = bot.slack.responsesAt("more")[0]!;
    expect(second.replace_original).toBe(true);
    expect(JSON.stringify(second.blocks)).toContain("`a1`");
    expect(JSON.stringify(second.blocks)).toContain("End of the audit trail");
  });

  it("filters by GitHub login", async () => {
    await grantAll(["a1", "a2"]);

    const answer = await command("audit a1");

    const text = JSON.stringify(answer.blocks);
    expect(text).toContain("`a1`");
    expect(text).not.toContain("`a2`");
  });

  it("exports the whole trail as a CSV file in the admin's DM", async () => {
    await grantAll(["a1"]);
    bot.github.seats.set("=cmd", { login: "=cmd" });

    await command("audit export");
    await bot.runWorker();

    const upload = bot.slack.uploads[0]!;
    expect(upload.channelId).toBe(`D${ADMIN_ID}`);
    expect(upload.filename).toMatch(/^copilot-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = upload.bytes!.toString("utf8").trim().split("\r\n");
    expect(rows[0]).toBe("time,actor_slack_id,action,github_login,team,request_id,from_state,to_state,detail");
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatch(/,system,assigned,a1,,[0-9a-f-]+,APPROVED,ASSIGNED,seats_created=1$/);
    expect(rows[4]).toMatch(new RegExp(`,${ADMIN_ID},filed,a1,,[0-9a-f-]+,,VALIDATING,$`));
  });
});
