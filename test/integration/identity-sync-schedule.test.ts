import type { Context } from "aws-lambda";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import { recordIdentity } from "../../src/identity/record-link.js";
import { systemClock } from "../../src/request/ports.js";
import { ADMIN_ID, TABLE_NAME, useBot } from "../support/bot-under-test.js";

/** Slack people `U0000001…` with the email `person<n>@acme.test`, and the admin. */
const people = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `U${String(i + 1).padStart(7, "0")}`,
    email: `person${i + 1}@acme.test`,
  }));

const bot = useBot((fresh) => {
  fresh.slack.addUsers({ id: ADMIN_ID }, ...people(150));
});

type SyncModule = typeof import("../../functions/identity-sync.js");
let sync: SyncModule;
let links: DynamoDbIdentityLinks;

beforeAll(async () => {
  sync = await import("../../functions/identity-sync.js");
  links = new DynamoDbIdentityLinks(
    createDocumentClient({ region: "us-east-1", endpoint: bot.dynamodb.endpoint }),
    TABLE_NAME,
  );
});

afterEach(() => {
  delete process.env.IDENTITY_SOURCES;
  vi.restoreAllMocks();
});

/** The runs that follow happen at `iso` (UTC, the default `TIME_ZONE`), as far as the bot's clock tells. */
function onDay(iso: string): void {
  vi.spyOn(systemClock, "now").mockReturnValue(new Date(iso));
}

/**
 * Members of the organization with their emails on its verified domains, as GitHub answers GraphQL. By default one in
 * 25 is a Slack person (`person<n>@acme.test`); the rest are contractors Slack does not know, which keeps pages of a
 * hundred quick.
 */
const ONE_IN_25 = (n: number) => [n % 25 === 1 ? `Person${n}@ACME.test` : `contractor${n}@elsewhere.test`];
const EVERYONE = (n: number) => [`person${n}@acme.test`];
/** Every third member is a Slack person; the others have no Slack account (cheap to match: nothing to record). */
const ONE_IN_3 = (n: number) => [n % 3 === 0 ? `person${n}@acme.test` : `contractor${n}@elsewhere.test`];
function verifiedMembers(count: number, emailOf = ONE_IN_25) {
  return Array.from({ length: count }, (_, i) => ({
    login: `gh-person-${i + 1}`,
    id: 20_000 + i,
    emails: emailOf(i + 1),
  }));
}

/** A Lambda context with time for `pages` more GraphQL pages, then less than the sync's reserve. */
function contextWithTimeFor(pages: number): Context {
  let checks = pages;
  return { getRemainingTimeInMillis: () => (checks-- > 0 ? 60_000 : 10_000) } as unknown as Context;
}

const graphqlCalls = () => bot.github.calls.filter((call) => call.path === "/graphql");
const directoryCalls = () => bot.slack.callsTo("users.list");
const admins = () => bot.slack.messagesTo(ADMIN_ID).map((message) => String(message.text));
const system = { clock: { now: () => new Date() }, log: { info() {}, warn() {}, error() {} } };

describe("the scheduled identity sync", () => {
  it("without SAML, links members by their verified-domain emails, a hundred members a page", async () => {
    bot.github.verifiedDomainMembers = [
      ...verifiedMembers(149),
      // A member without an email on a verified domain cannot be matched to anyone.
      { login: "no-domain-email", id: 99, emails: [] },
    ];

    const result = await sync.handler();

    expect(result.source).toBe("verified-email");
    expect(result.absent).toEqual(["saml"]);
    expect(result.status).toBe("done");
    expect(result.report).toMatchObject({ done: true, pages: 2, linked: 6, conflicts: 0, unmatched: 143 });
    expect(await links.linkOf("U0000126")).toMatchObject({
      githubLogin: "gh-person-126",
      githubId: 20_125,
      source: "verified-email",
    });
    expect(await links.linkOfLogin("gh-person-1")).toMatchObject({ slackUserId: "U0000001" });
    expect(await links.linkOfLogin("no-domain-email")).toBeUndefined();
  });

  it("goes on where the last invocation stopped when it runs out of time", async () => {
    bot.github.verifiedDomainMembers = verifiedMembers(150);
    // Time for the directory's one page, the identity phase, SAML (a check before the source and one before its page)
    // and one page of members.
    const first = await sync.handler(undefined, contextWithTimeFor(6));
    const second = await sync.handler();

    expect(first.report).toMatchObject({ done: false, pages: 1, linked: 4 });
    expect(second.report).toMatchObject({ done: true, pages: 1, linked: 2 });
    const lastPage = graphqlCalls().at(-1)?.body as { variables: { after: unknown } };
    expect(lastPage.variables.after).toBe(Buffer.from("100").toString("base64"));
    expect(await links.linkOf("U0000126")).toMatchObject({ source: "verified-email" });
  });

  it("stops without failing when Slack rate-limits the directory, and the next run goes on from that page", async () => {
    bot.github.verifiedDomainMembers = verifiedMembers(3, EVERYONE);
    bot.slack.failNext("users.list", { status: 429, retryAfter: 30 });

    const first = await sync.handler();
    const second = await sync.handler();

    expect(first).toMatchObject({ status: "directory", directory: { pages: 0, throttled: true } });
    expect(first.report).toBeUndefined();
    expect(graphqlCalls()).toHaveLength(2);
    expect(second).toMatchObject({ status: "done", report: { done: true, linked: 3 } });
    expect(await links.linkOf("U0000001")).toMatchObject({ githubLogin: "gh-person-1", source: "verified-email" });
  });

  it("uses the organization's SAML identities when it has them, and not the verified-domain emails", async () => {
    bot.github.samlIdentities = [{ nameId: "person1@acme.test", emails: [], login: "saml-one", id: 7 }];
    bot.github.verifiedDomainMembers = verifiedMembers(3, EVERYONE);

    const result = await sync.handler();

    expect(result.source).toBe("saml");
    expect(await links.linkOf("U0000001")).toMatchObject({ githubLogin: "saml-one", source: "saml" });
    expect(await links.linkOf("U0000002")).toBeUndefined();
  });

  it("runs only the sources IDENTITY_SOURCES lists", async () => {
    process.env.IDENTITY_SOURCES = "oauth,typed";
    bot.github.verifiedDomainMembers = verifiedMembers(3);

    const result = await sync.handler();

    expect(result).toMatchObject({ status: "nothing-to-sync", absent: [] });
    expect(graphqlCalls()).toHaveLength(0);
    expect(directoryCalls()).toHaveLength(0);
    expect(await links.linkOf("U0000001")).toBeUndefined();
  });

  it("tells the admins of a conflict once, not on every day's pass, and again when it changes", async () => {
    // Person 9 signed in as gh-person-2, whose verified-domain email is person 2's.
    await recordIdentity({ slackUserId: "U0000009", githubLogin: "gh-person-2", source: "oauth" }, "U0000009", {
      links,
      ...system,
    });
    bot.github.verifiedDomainMembers = verifiedMembers(2, EVERYONE);

    onDay("2026-11-21T04:00:00Z");
    const first = await sync.handler();
    onDay("2026-11-22T04:00:00Z");
    const second = await sync.handler();

    expect(first.report).toMatchObject({ conflicts: 1, linked: 1 });
    expect(second.report).toMatchObject({ conflicts: 1 });
    const told = admins().filter((text) => text.includes("gh-person-2"));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain("<@U0000009> has it");
    expect(told[0]).toContain("<@U0000002> just proved it too");
    expect(await links.linkOfLogin("gh-person-2")).toMatchObject({ slackUserId: "U0000009", source: "oauth" });

    // Now person 3's verified email is on gh-person-2: a different conflict, told again.
    bot.github.verifiedDomainMembers = [{ login: "gh-person-2", id: 20_001, emails: ["person3@acme.test"] }];
    onDay("2026-11-23T04:00:00Z");
    await sync.handler();

    const toldNow = admins().filter((text) => text.includes("gh-person-2"));
    expect(toldNow).toHaveLength(2);
    expect(toldNow[1]).toContain("<@U0000003> just proved it too");
  });

  it("tells a conflict again on the next run when telling the admins failed", async () => {
    await recordIdentity({ slackUserId: "U0000009", githubLogin: "gh-person-2", source: "oauth" }, "U0000009", {
      links,
      ...system,
    });
    bot.github.verifiedDomainMembers = verifiedMembers(2, EVERYONE);
    bot.slack.failNext("chat.postMessage", { error: "fatal_error" });

    onDay("2026-11-21T04:00:00Z");
    await sync.handler();
    onDay("2026-11-22T04:00:00Z");
    await sync.handler();

    expect(admins().filter((text) => text.includes("gh-person-2"))).toHaveLength(1);
  });

  it("reads Slack's directory a page of 200 at a time, not one lookup per identity", async () => {
    bot.slack.addUsers(...people(450).slice(150));
    bot.github.verifiedDomainMembers = verifiedMembers(450, ONE_IN_3);

    const result = await sync.handler();

    expect(result).toMatchObject({ status: "done", directory: { pages: 3, people: 450 } });
    expect(result.report).toMatchObject({ done: true, pages: 5, linked: 150, unmatched: 300 });
    expect(directoryCalls()).toHaveLength(3);
    expect(bot.slack.callsTo("users.lookupByEmail")).toHaveLength(0);
    expect(await links.linkOf("U0000450")).toMatchObject({ githubLogin: "gh-person-450", source: "verified-email" });
  });

  it("goes on reading the directory from its cursor when a run stops in the middle, and completes the pass", async () => {
    bot.slack.addUsers(...people(450).slice(150));
    bot.github.verifiedDomainMembers = verifiedMembers(450, ONE_IN_3);

    const first = await sync.handler(undefined, contextWithTimeFor(1));
    const identityPagesAfterFirst = graphqlCalls().length;
    const second = await sync.handler();

    // The admin, first in the directory, has no email.
    expect(first).toMatchObject({ status: "directory", directory: { pages: 1, people: 199 } });
    expect(identityPagesAfterFirst).toBe(0);
    expect(second).toMatchObject({ status: "done", directory: { pages: 2 }, report: { done: true, linked: 150 } });
    expect(await links.linkOf("U0000450")).toMatchObject({ githubLogin: "gh-person-450" });
    const [firstCall, ...later] = directoryCalls();
    expect(firstCall?.params.cursor).toBeUndefined();
    expect(later).toHaveLength(2);
    expect(later.every((call) => typeof call.params.cursor === "string")).toBe(true);
  });

  it("does nothing on the day's later runs once the day's pass is complete, and starts a new pass the next day", async () => {
    bot.github.verifiedDomainMembers = verifiedMembers(3, EVERYONE);
    onDay("2026-11-21T03:00:00Z");
    const pass = await sync.handler();
    const calls = { slack: bot.slack.calls.length, github: bot.github.calls.length };

    onDay("2026-11-21T04:00:00Z");
    const laterThatDay = await sync.handler();
    // Before 03:00 the runs still belong to the day before.
    onDay("2026-11-22T02:00:00Z");
    const beforeThree = await sync.handler();

    expect(pass).toMatchObject({ day: "2026-11-21", status: "done", report: { linked: 3 } });
    expect(laterThatDay).toMatchObject({ day: "2026-11-21", status: "already-done", directory: { pages: 0 } });
    expect(laterThatDay.report).toBeUndefined();
    expect(beforeThree).toMatchObject({ day: "2026-11-21", status: "already-done" });
    expect({ slack: bot.slack.calls.length, github: bot.github.calls.length }).toEqual(calls);

    onDay("2026-11-22T03:00:00Z");
    const nextDay = await sync.handler();

    expect(nextDay).toMatchObject({ day: "2026-11-22", status: "done", report: { confirmed: 3 } });
    expect(directoryCalls()).toHaveLength(2);
  });

  it("matches nobody from an earlier pass's directory: a person deactivated since is not linked", async () => {
    bot.github.verifiedDomainMembers = verifiedMembers(1, EVERYONE);
    onDay("2026-11-21T03:00:00Z");
    await sync.handler();

    // Person 2 leaves Slack; then GitHub shows a member with their email.
    bot.slack.addUsers({ id: "U0000002", email: "person2@acme.test", deleted: true });
    bot.github.verifiedDomainMembers = verifiedMembers(2, EVERYONE);
    onDay("2026-11-22T03:00:00Z");
    const nextDay = await sync.handler();

    expect(nextDay.report).toMatchObject({ done: true, confirmed: 1, linked: 0, unmatched: 1 });
    expect(await links.linkOfLogin("gh-person-2")).toBeUndefined();
  });
});
