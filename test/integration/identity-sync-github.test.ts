import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GitHubSamlIdentities } from "../../src/github/github-saml-identities.js";
import { createGitHubClient } from "../../src/github/octokit.js";
import { DirectoryCursorExpiredError, DirectoryThrottledError } from "../../src/identity/sync-pass.js";
import { createSlackClient } from "../../src/slack/slack-client.js";
import { SlackDirectoryByEmail, type SlackDirectoryOptions } from "../../src/slack/slack-directory-by-email.js";
import { GitHubFake } from "../fakes/github-fake.js";
import { SlackFake } from "../fakes/slack-fake.js";

const ORG = "acme";
const TOKEN = "ghp_sync_test_token";
let github: GitHubFake;
let saml: GitHubSamlIdentities;
const SLACK_TOKEN = "xoxb-sync-test";
let slack: SlackFake;

beforeAll(async () => {
  github = await new GitHubFake(ORG, TOKEN).start();
  slack = await new SlackFake(SLACK_TOKEN).start();
  const client = createGitHubClient({
    apiUrl: github.url,
    auth: { kind: "token", token: TOKEN },
    retryBaseMs: 1,
  });
  saml = new GitHubSamlIdentities((query, variables) => client.graphql(query, variables), ORG);
});
afterAll(async () => {
  await github.stop();
  await slack.stop();
});
beforeEach(() => {
  github.reset();
  slack.reset();
});

describe("GitHub's SAML identities, through Octokit's GraphQL client", () => {
  it("are read 100 a page, with each identity's login, numeric ID and emails", async () => {
    github.samlIdentities = Array.from({ length: 150 }, (_, i) => ({
      nameId: `p${i}@acme.test`,
      emails: [`P${i}@Acme.test`, `p${i}@acme.test`],
      login: `gh-p${i}`,
      id: 500 + i,
    }));

    const first = await saml.page(undefined);
    const second = await saml.page(first.nextCursor);

    expect(first.identities).toHaveLength(100);
    expect(first.identities[0]).toEqual({ githubLogin: "gh-p0", githubId: 500, emails: ["p0@acme.test"] });
    expect(second.identities).toHaveLength(50);
    expect(second.nextCursor).toBeUndefined();
    expect(github.contractViolations).toEqual([]);
  });

  it("are none, and say the source is absent, when the organization has no SAML", async () => {
    expect(await saml.page(undefined)).toEqual({ identities: [], absent: true });
  });

  it("are asked for with queries that fit GitHub's published GraphQL schema, which the fake checks", async () => {
    github.samlIdentities = [{ nameId: "p@acme.test", emails: ["p@acme.test"], login: "p", id: 1 }];
    await saml.page(undefined);
    expect(github.contractViolations).toEqual([]);

    // The same check refuses a query GitHub would refuse: `nameID` is not a field of `ExternalIdentitySamlAttributes`.
    const client = createGitHubClient({ apiUrl: github.url, auth: { kind: "token", token: TOKEN }, retryBaseMs: 1 });
    const wrong = new GitHubSamlIdentities(
      (query, variables) => client.graphql(query.replace("nameId", "nameID"), variables),
      ORG,
    );
    await wrong.page(undefined).catch(() => undefined);
    expect(github.contractViolations.join("\n")).toMatch(/does not fit GitHub's published schema: .*nameID/);
  });
});

describe("Slack's directory, read a page at a time", () => {
  const quiet = { info() {}, warn() {}, error() {} };
  const directory = (options: SlackDirectoryOptions = {}) =>
    new SlackDirectoryByEmail(createSlackClient({ botToken: SLACK_TOKEN, apiUrl: slack.apiUrl }, quiet), {
      minIntervalMs: 0,
      ...options,
    });

  it("reads 200 members a page and keeps only full members with an email", async () => {
    slack.addUsers(
      ...Array.from({ length: 250 }, (_, i) => ({ id: `U${String(i).padStart(7, "0")}`, email: `p${i}@acme.test` })),
      { id: "UGUEST01", email: "guest@acme.test", restricted: true },
      { id: "UGUEST02", email: "single@acme.test", ultraRestricted: true },
      { id: "UBOT0001", email: "bot@acme.test", isBot: true },
      { id: "UGONE001", email: "gone@acme.test", deleted: true },
      { id: "UOTHER01", email: "partner@elsewhere.test", teamId: "T0OTHER" },
      { id: "UNOMAIL1" },
    );
    const reader = directory();

    const first = await reader.page(undefined);
    const second = await reader.page(first.nextCursor);

    expect(slack.callsTo("users.list").map((call) => call.params.limit)).toEqual(["200", "200"]);
    expect(first.people).toHaveLength(200);
    expect(first.people[0]).toEqual({ slackUserId: "U0000000", email: "p0@acme.test" });
    expect(second.people.map((person) => person.slackUserId)).not.toContain("UGUEST01");
    expect(second.people).toHaveLength(50);
    expect(second.nextCursor).toBeUndefined();
  });

  it("makes a few calls at once, then spaces them to stay within Slack's Tier 2 rate", async () => {
    slack.addUsers(...Array.from({ length: 4 }, (_, i) => ({ id: `U000000${i}`, email: `p${i}@acme.test` })));
    let now = 1_000_000;
    const waits: number[] = [];
    const reader = directory({
      pageSize: 1,
      burst: 2,
      minIntervalMs: 3_000,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });

    let cursor: string | undefined;
    for (let call = 0; call < 4; call++) {
      cursor = (await reader.page(cursor)).nextCursor;
      now += 1_000;
    }

    // Two at once; the third 3 s after the first, the fourth 3 s after that.
    expect(waits).toEqual([1_000, 2_000]);
    expect(slack.callsTo("users.list")).toHaveLength(4);
  });

  it("says the directory is rate limited, so the pass can stop and go on at its next run", async () => {
    slack.failNext("users.list", { status: 429, retryAfter: 30 });

    await expect(directory().page(undefined)).rejects.toBeInstanceOf(DirectoryThrottledError);
  });

  it("says a cursor Slack no longer knows has expired, so the pass reads the directory again", async () => {
    await expect(directory().page("bm9wZQ==")).rejects.toBeInstanceOf(DirectoryCursorExpiredError);
  });
});
