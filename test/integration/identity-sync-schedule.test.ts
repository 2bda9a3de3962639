import type { Context } from "aws-lambda";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import { recordIdentity } from "../../src/identity/record-link.js";
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
});

/**
 * Members of the organization with their emails on its verified domains, as GitHub answers GraphQL. By default one in
 * 25 is a Slack person (`person<n>@acme.test`); the rest are contractors Slack does not know, which keeps pages of a
 * hundred quick.
 */
const ONE_IN_25 = (n: number) => [n % 25 === 1 ? `Person${n}@ACME.test` : `contractor${n}@elsewhere.test`];
const EVERYONE = (n: number) => [`person${n}@acme.test`];
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
    // Time to try SAML (a check before the source and one before its page) and for one page of members.
    const first = await sync.handler(undefined, contextWithTimeFor(4));
    const second = await sync.handler();

    expect(first.report).toMatchObject({ done: false, pages: 1, linked: 4 });
    expect(second.report).toMatchObject({ done: true, pages: 1, linked: 2 });
    const lastPage = graphqlCalls().at(-1)?.body as { variables: { after: unknown } };
    expect(lastPage.variables.after).toBe(Buffer.from("100").toString("base64"));
    expect(await links.linkOf("U0000126")).toMatchObject({ source: "verified-email" });
  });

  it("stops without failing when Slack rate-limits the email lookups, and the next run goes on from that page", async () => {
    bot.github.verifiedDomainMembers = verifiedMembers(3, EVERYONE);
    bot.slack.failNext("users.lookupByEmail", { status: 429, retryAfter: 30 });

    const first = await sync.handler();
    const second = await sync.handler();

    expect(first.report).toMatchObject({ done: false, throttled: true, linked: 0 });
    expect(second.report).toMatchObject({ done: true, linked: 3 });
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

    expect(result).toEqual({ absent: [] });
    expect(graphqlCalls()).toHaveLength(0);
    expect(await links.linkOf("U0000001")).toBeUndefined();
  });

  it("tells the admins of a conflict once, not on every run, and again when it changes", async () => {
    // Person 9 signed in as gh-person-2, whose verified-domain email is person 2's.
    await recordIdentity({ slackUserId: "U0000009", githubLogin: "gh-person-2", source: "oauth" }, "U0000009", {
      links,
      ...system,
    });
    bot.github.verifiedDomainMembers = verifiedMembers(2, EVERYONE);

    const first = await sync.handler();
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

    await sync.handler();
    await sync.handler();

    expect(admins().filter((text) => text.includes("gh-person-2"))).toHaveLength(1);
  });
});
