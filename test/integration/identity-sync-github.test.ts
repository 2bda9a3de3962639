import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GitHubSamlIdentities } from "../../src/github/github-saml-identities.js";
import { createGitHubClient } from "../../src/github/octokit.js";
import { PeopleLookupThrottledError } from "../../src/identity/sync-identities.js";
import { SlackPeopleDirectoryByEmail } from "../../src/slack/slack-people-by-email.js";
import { GitHubFake } from "../fakes/github-fake.js";

const ORG = "acme";
const TOKEN = "ghp_sync_test_token";
let github: GitHubFake;
let saml: GitHubSamlIdentities;

beforeAll(async () => {
  github = await new GitHubFake(ORG, TOKEN).start();
  const client = createGitHubClient({
    apiUrl: github.url,
    auth: { kind: "token", token: TOKEN },
    retryBaseMs: 1,
  });
  saml = new GitHubSamlIdentities((query, variables) => client.graphql(query, variables), ORG);
});
afterAll(async () => {
  await github.stop();
});
beforeEach(() => {
  github.reset();
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
});

describe("Slack people by email", () => {
  const directory = (answer: () => Promise<unknown>) =>
    new SlackPeopleDirectoryByEmail({ users: { lookupByEmail: answer } } as never);

  it("finds a full member", async () => {
    expect(await directory(async () => ({ user: { id: "U0000001" } })).slackUserIdByEmail("a@acme.test")).toBe(
      "U0000001",
    );
  });

  it("never links a guest, a bot or a deactivated account", async () => {
    for (const user of [
      { id: "U1", is_restricted: true },
      { id: "U2", is_ultra_restricted: true },
      { id: "U3", is_bot: true },
      { id: "U4", deleted: true },
    ]) {
      expect(await directory(async () => ({ user })).slackUserIdByEmail("a@acme.test")).toBeUndefined();
    }
  });

  it("says the directory is rate limited, so the sync can stop and go on at its next run", async () => {
    const throttled = directory(async () => {
      throw Object.assign(new Error("A rate limit was exceeded"), { code: "slack_webapi_rate_limited_error" });
    });

    await expect(throttled.slackUserIdByEmail("a@acme.test")).rejects.toBeInstanceOf(PeopleLookupThrottledError);
  });

  it("finds nobody for an email Slack does not know", async () => {
    const unknown = directory(async () => {
      throw Object.assign(new Error("An API error occurred: users_not_found"), { data: { error: "users_not_found" } });
    });

    expect(await unknown.slackUserIdByEmail("nobody@acme.test")).toBeUndefined();
  });
});
