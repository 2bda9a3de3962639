import { createVerify, generateKeyPairSync } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { GitHubCopilotSeats } from "../../src/github/github-copilot-seats.js";
import { createGitHubClient } from "../../src/github/octokit.js";
import { GitHubFake } from "../fakes/github-fake.js";
import { ORG } from "../support/bot-under-test.js";

const INSTALLATION_TOKEN = "ghs_installation0123456789";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

let github: GitHubFake;
const jwtsSeen: string[] = [];

function verifyJwt(jwt: string): Record<string, unknown> {
  const [header, payload, signature] = jwt.split(".");
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(publicKey, Buffer.from(signature ?? "", "base64url"))) throw new Error("bad JWT signature");
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
}

beforeAll(async () => {
  github = await new GitHubFake(ORG, INSTALLATION_TOKEN).start();
  // GitHub's token exchange: a JWT signed with the app's private key buys an installation token.
  github.route("post", "/app/installations/{installation_id}/access_tokens", ({ params }, _body, request) => {
    const jwt = String(request.headers.authorization).replace(/^bearer /i, "");
    jwtsSeen.push(jwt);
    const claims = verifyJwt(jwt);
    if (claims.iss !== "12345" || params.installation_id !== "678")
      return { status: 401, body: { message: "A JSON web token could not be decoded" } };
    return {
      status: 201,
      body: { token: INSTALLATION_TOKEN, expires_at: new Date(Date.now() + 3600_000).toISOString() },
    };
  });
});

afterAll(async () => {
  await github.stop();
});

afterEach(() => {
  expect(github.contractViolations).toEqual([]);
});

describe("GitHub App authentication", () => {
  it("signs a JWT with the app's key, trades it for an installation token once, and uses that token", async () => {
    github.members.add("octocat");
    const config = loadConfig({
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-1",
      GITHUB_ORG: ORG,
      GITHUB_API_URL: github.url,
      GITHUB_APP_ID: "12345",
      GITHUB_APP_INSTALLATION_ID: "678",
      // As it would be pasted into a one-line .env file.
      GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: "pkcs1", format: "pem" }).toString().replace(/\n/g, "\\n"),
    });
    const seats = new GitHubCopilotSeats(createGitHubClient({ ...config.github, retryBaseMs: 1 }), ORG);

    expect(await seats.isOrganizationMember("octocat")).toBe(true);
    expect(await seats.getSeat("octocat")).toBeUndefined();

    expect(jwtsSeen).toHaveLength(1);
    const orgCalls = github.calls.filter((c) => c.path.startsWith("/orgs/"));
    expect(orgCalls.map((c) => c.authorization)).toEqual([
      `token ${INSTALLATION_TOKEN}`,
      `token ${INSTALLATION_TOKEN}`,
    ]);
  });
});
