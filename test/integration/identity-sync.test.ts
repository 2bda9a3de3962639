import { createHash } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import { DynamoDbIdentitySyncPass } from "../../src/dynamodb/dynamodb-identity-sync-pass.js";
import { GitHubSamlIdentities, type GraphQl } from "../../src/github/github-saml-identities.js";
import type { IdentityConflictError } from "../../src/identity/errors.js";
import { recordIdentity } from "../../src/identity/record-link.js";
import { type SyncDependencies, syncIdentities } from "../../src/identity/sync-identities.js";
import { runSyncPass, type SyncPassDependencies } from "../../src/identity/sync-pass.js";
import { createSlackClient } from "../../src/slack/slack-client.js";
import { SlackDirectoryByEmail } from "../../src/slack/slack-directory-by-email.js";
import { SlackFake } from "../fakes/slack-fake.js";
import { recreateTable, startDynalite } from "../support/dynalite-server.js";

const TABLE = "identity-sync-test";
const EMAIL_KEY = "signing-secret-of-the-test-app";
/** Small pages keep the test quick; the adapter's own test reads GitHub's 100 a page. */
const PAGE = 4;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let dynamodb: Awaited<ReturnType<typeof startDynalite>>;
let links: DynamoDbIdentityLinks;
let passes: DynamoDbIdentitySyncPass;
const SLACK_TOKEN = "xoxb-identity-sync";
let slack: SlackFake;

beforeAll(async () => {
  dynamodb = await startDynalite();
  const client = createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint });
  links = new DynamoDbIdentityLinks(client, TABLE);
  passes = new DynamoDbIdentitySyncPass(client, TABLE, EMAIL_KEY);
  slack = await new SlackFake(SLACK_TOKEN).start();
});
afterAll(async () => {
  await dynamodb.close();
  await slack.stop();
});
beforeEach(async () => {
  await recreateTable(dynamodb.client, TABLE);
  slack.reset();
});

interface SamlNode {
  nameId: string;
  emails: string[];
  login: string | null;
  id: number;
}

/** The organization's identity provider as GitHub's GraphQL API pages it: `first`/`after`, opaque cursors. */
function samlProvider(nodes: SamlNode[]): { graphql: GraphQl; calls: { after: unknown }[] } {
  const calls: { after: unknown }[] = [];
  const graphql: GraphQl = async (_query, variables) => {
    calls.push({ after: variables.after });
    const start = typeof variables.after === "string" ? Number(variables.after.replace("cursor:", "")) : 0;
    const end = start + Number(variables.first);
    const slice = nodes.slice(start, end);
    return {
      organization: {
        samlIdentityProvider: {
          externalIdentities: {
            pageInfo: { hasNextPage: end < nodes.length, endCursor: slice.length > 0 ? `cursor:${end}` : null },
            nodes: slice.map((node) => ({
              samlIdentity: { nameId: node.nameId, emails: node.emails.map((value) => ({ value })) },
              user: node.login ? { login: node.login, databaseId: node.id } : null,
            })),
          },
        },
      },
    };
  };
  return { graphql, calls };
}

/** Slack people `U0000001…`, found by the email `person<n>@acme.test`. */
const people = {
  slackUserIdByEmail: async (email: string) => {
    const n = /^person(\d+)@acme\.test$/.exec(email)?.[1];
    return n ? `U${n.padStart(7, "0")}` : undefined;
  },
};

function identities(count: number): SamlNode[] {
  return Array.from({ length: count }, (_, i) => ({
    nameId: `person${i + 1}@acme.test`,
    emails: [`Person${i + 1}@ACME.test`],
    login: `gh-person-${i + 1}`,
    id: 10_000 + i,
  }));
}

function deps(graphql: GraphQl, overrides: Partial<SyncDependencies> = {}): SyncDependencies {
  return {
    links,
    clock: { now: () => new Date("2026-11-21T03:00:00.000Z") },
    log: quiet,
    identities: new GitHubSamlIdentities(graphql, "acme", PAGE),
    people,
    progress: links,
    hasTimeLeft: () => true,
    ...overrides,
  };
}

describe("SAML identity sync", () => {
  it("links every SAML identity to the Slack person with its email, page after page", async () => {
    const { graphql, calls } = samlProvider(identities(PAGE * 2 + 1));

    const report = await syncIdentities(deps(graphql));

    expect(report).toMatchObject({ done: true, pages: 3, linked: PAGE * 2 + 1, conflicts: 0, unmatched: 0 });
    expect(calls.map((c) => c.after)).toEqual([null, `cursor:${PAGE}`, `cursor:${PAGE * 2}`]);
    expect(await links.linkOf("U0000009")).toMatchObject({
      githubLogin: "gh-person-9",
      githubId: 10_008,
      source: "saml",
    });
    expect(await links.cursorOf("saml")).toBeUndefined();
  });

  it("goes on where the last invocation stopped when one runs out of time", async () => {
    const { graphql, calls } = samlProvider(identities(PAGE * 3));
    let pagesLeft = 2;

    const first = await syncIdentities(deps(graphql, { hasTimeLeft: () => pagesLeft-- > 0 }));
    const second = await syncIdentities(deps(graphql));

    expect(first).toMatchObject({ done: false, pages: 2, linked: PAGE * 2 });
    expect(second).toMatchObject({ done: true, pages: 1, linked: PAGE });
    expect(calls.map((c) => c.after)).toEqual([null, `cursor:${PAGE}`, `cursor:${PAGE * 2}`]);
  });

  it("leaves out identities with no GitHub account yet and people Slack does not know", async () => {
    const { graphql } = samlProvider([
      { nameId: "person1@acme.test", emails: [], login: null, id: 0 },
      { nameId: "E12345", emails: ["contractor@elsewhere.test"], login: "contractor", id: 5 },
      { nameId: "E12346", emails: ["person2@acme.test"], login: "gh-person-2", id: 6 },
    ]);

    const report = await syncIdentities(deps(graphql));

    expect(report).toMatchObject({ done: true, linked: 1, unmatched: 1 });
    expect(await links.linkOfLogin("contractor")).toBeUndefined();
  });

  it("never replaces a sign-in, and reports a login another Slack person proved as a conflict the admins hear of", async () => {
    const told: IdentityConflictError[] = [];
    const notifier = { tellAdmins: async (conflict: IdentityConflictError) => void told.push(conflict) };
    const base = deps(samlProvider([]).graphql);
    // Person 1 signed in with another account; person 9 signed in as gh-person-2.
    await recordIdentity({ slackUserId: "U0000001", githubLogin: "personal-one", source: "oauth" }, "U0000001", base);
    await recordIdentity({ slackUserId: "U0000009", githubLogin: "gh-person-2", source: "oauth" }, "U0000009", base);
    const { graphql } = samlProvider(identities(2));

    const report = await syncIdentities(deps(graphql, { notifier }));

    expect(report).toMatchObject({ done: true, keptStronger: 1, conflicts: 1, linked: 0 });
    expect(await links.linkOf("U0000001")).toMatchObject({ githubLogin: "personal-one", source: "oauth" });
    expect(await links.linkOfLogin("gh-person-2")).toMatchObject({ slackUserId: "U0000009" });
    expect(told.map((c) => [c.githubLogin, c.claimedBy])).toEqual([["gh-person-2", "U0000002"]]);
  });

  it("ranks sources in the order IDENTITY_SOURCES gives: SAML listed first replaces a sign-in", async () => {
    const base = deps(samlProvider([]).graphql, { sourceOrder: ["saml", "oauth"] });
    await recordIdentity({ slackUserId: "U0000001", githubLogin: "personal-one", source: "oauth" }, "U0000001", base);
    const { graphql } = samlProvider(identities(1));

    const report = await syncIdentities(deps(graphql, { sourceOrder: ["saml", "oauth"] }));

    expect(report).toMatchObject({ linked: 1, keptStronger: 0 });
    expect(await links.linkOf("U0000001")).toMatchObject({ githubLogin: "gh-person-1", source: "saml" });
  });

  it("confirms links it made before instead of linking them again", async () => {
    const { graphql } = samlProvider(identities(3));
    await syncIdentities(deps(graphql));

    const again = await syncIdentities(deps(graphql));

    expect(again).toMatchObject({ done: true, linked: 0, confirmed: 3 });
  });
});

describe("the directory a pass keeps", () => {
  it("holds no address, nor a plain hash of one, and finds a person only with the same key", async () => {
    const client = createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint });
    await passes.remember("2026-11-21", [{ email: "Ada@Acme.test", slackUserId: "UADA0001" }]);

    const { Items = [] } = await client.send(new ScanCommand({ TableName: TABLE }));
    const stored = JSON.stringify(Items);
    expect(stored).not.toMatch(/ada@acme\.test/i);
    expect(stored).not.toContain(createHash("sha256").update("ada@acme.test").digest("hex"));
    expect(await passes.peopleOfPass("2026-11-21").slackUserIdByEmail("ada@acme.TEST")).toBe("UADA0001");
    const otherKey = new DynamoDbIdentitySyncPass(client, TABLE, "another-key");
    expect(await otherKey.peopleOfPass("2026-11-21").slackUserIdByEmail("ada@acme.test")).toBeUndefined();
  });
});

describe("a day's pass over Slack's directory", () => {
  /** Slack's directory in pages of 25, unpaced: the adapter's own test checks the pacing. */
  const DIRECTORY_PAGE = 25;
  function passDeps(graphql: GraphQl, overrides: Partial<SyncPassDependencies> = {}): SyncPassDependencies {
    const { identities: _identities, people: _people, ...base } = deps(graphql);
    const client = createSlackClient({ botToken: SLACK_TOKEN, apiUrl: slack.apiUrl }, quiet);
    return {
      ...base,
      directory: new SlackDirectoryByEmail(client, { pageSize: DIRECTORY_PAGE, minIntervalMs: 0 }),
      directoryStore: passes,
      passes,
      day: "2026-11-21",
      ...overrides,
    };
  }
  const slackPeople = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      id: `U${String(i + 1).padStart(7, "0")}`,
      email: `person${i + 1}@acme.test`,
    }));
  /** 300 identities; one in three has an email Slack knows. */
  const mostlyUnknown = () =>
    identities(300).map((identity, i) =>
      (i + 1) % 3 === 0
        ? identity
        : { ...identity, nameId: `E${i + 1}`, emails: [`contractor${i + 1}@elsewhere.test`] },
    );

  it("calls Slack once per directory page, not once per identity", async () => {
    slack.addUsers(...slackPeople(300));
    const { graphql } = samlProvider(mostlyUnknown());

    const report = await runSyncPass([new GitHubSamlIdentities(graphql, "acme", 100)], passDeps(graphql));

    expect(report).toMatchObject({ status: "done", directory: { pages: 12, people: 300 } });
    expect(report.report).toMatchObject({ done: true, linked: 100, unmatched: 200 });
    expect(slack.callsTo("users.list")).toHaveLength(300 / DIRECTORY_PAGE);
    expect(slack.calls.filter((call) => call.method !== "users.list" && call.method !== "auth.test")).toEqual([]);
    expect(await links.linkOf("U0000300")).toMatchObject({ githubLogin: "gh-person-300", source: "saml" });
  });

  it("starts a new pass from the first page of identities, whatever cursor an older run left", async () => {
    slack.addUsers(...slackPeople(3));
    const { graphql, calls } = samlProvider(identities(3));
    await links.saveCursor("saml", "cursor:2");

    const report = await runSyncPass([new GitHubSamlIdentities(graphql, "acme", 100)], passDeps(graphql));

    expect(calls.map((call) => call.after)).toEqual([null]);
    expect(report.report).toMatchObject({ done: true, linked: 3 });
  });

  it("reads the directory again from its start when Slack no longer knows the stored cursor", async () => {
    slack.addUsers(...slackPeople(60));
    const { graphql } = samlProvider(identities(60));
    let checks = 1;
    await runSyncPass(
      [new GitHubSamlIdentities(graphql, "acme", 100)],
      passDeps(graphql, { hasTimeLeft: () => checks-- > 0 }),
    );
    const stopped = await passes.currentPass();
    await passes.savePass({ ...(stopped as NonNullable<typeof stopped>), directoryCursor: "bm9wZQ==" });

    const report = await runSyncPass([new GitHubSamlIdentities(graphql, "acme", 100)], passDeps(graphql));

    expect(stopped).toMatchObject({ phase: "directory", directoryCursor: expect.any(String) });
    // The refused cursor, then the whole directory again: three pages of 25.
    expect(report).toMatchObject({ status: "done", directory: { pages: 3 }, report: { linked: 60 } });
    expect(slack.callsTo("users.list").map((call) => call.params.cursor ?? null)).toEqual([
      null,
      "bm9wZQ==",
      null,
      expect.any(String),
      expect.any(String),
    ]);
  });
});
