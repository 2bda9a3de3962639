import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { environmentWithSecrets, forgetSecrets } from "../../src/config/secrets.js";
import { NO_ANSWER, startHttpFake } from "../fakes/http-fake.js";

/** Secrets Manager's JSON protocol for GetSecretValue, enough for the AWS SDK. */
let secretString = "";
let reads = 0;
let answering = true;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  server = await startHttpFake((request) => {
    const target = String(request.headers["x-amz-target"]);
    const { SecretId } = JSON.parse(request.rawBody) as { SecretId: string };
    if (target !== "secretsmanager.GetSecretValue")
      return { status: 400, body: { __type: "UnknownOperationException" } };
    reads += 1;
    if (!answering) return NO_ANSWER;
    return {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: {
        ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${SecretId}`,
        Name: SecretId,
        SecretString: secretString,
      },
    };
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: server.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  forgetSecrets();
  reads = 0;
  answering = true;
});

describe("credentials from Secrets Manager", () => {
  it("merges the secret's values over the environment and reads the secret once per container", async () => {
    secretString = JSON.stringify({ SLACK_BOT_TOKEN: "xoxb-from-secret", GITHUB_TOKEN: "ghp_from_secret" });
    const env = { SECRET_NAME: "copilot-bot", GITHUB_ORG: "acme", SLACK_BOT_TOKEN: "xoxb-stale" };

    const first = await environmentWithSecrets(env);
    const second = await environmentWithSecrets(env);

    expect(first).toEqual({
      SECRET_NAME: "copilot-bot",
      GITHUB_ORG: "acme",
      SLACK_BOT_TOKEN: "xoxb-from-secret",
      GITHUB_TOKEN: "ghp_from_secret",
    });
    expect(second).toBe(first);
    expect(reads).toBe(1);
  });

  it("reads the secret again after forgetSecrets, so credentials put after a failed start are picked up", async () => {
    secretString = JSON.stringify({ SLACK_BOT_TOKEN: "" });
    await environmentWithSecrets({ SECRET_NAME: "copilot-bot" });
    forgetSecrets();
    secretString = JSON.stringify({ SLACK_BOT_TOKEN: "xoxb-now-set" });

    const env = await environmentWithSecrets({ SECRET_NAME: "copilot-bot" });

    expect(env.SLACK_BOT_TOKEN).toBe("xoxb-now-set");
    expect(reads).toBe(2);
  });

  it("gives up on a Secrets Manager that does not answer after two attempts, and the next start reads again", async () => {
    secretString = JSON.stringify({ SLACK_BOT_TOKEN: "xoxb-from-secret" });
    answering = false;

    await expect(environmentWithSecrets({ SECRET_NAME: "copilot-bot" })).rejects.toThrow(/requestTimeout/);
    expect(reads).toBe(2);
    answering = true;
    expect((await environmentWithSecrets({ SECRET_NAME: "copilot-bot" })).SLACK_BOT_TOKEN).toBe("xoxb-from-secret");
  });

  it("says what the secret must hold when it is not a JSON object", async () => {
    secretString = "xoxb-just-a-token";

    await expect(environmentWithSecrets({ SECRET_NAME: "copilot-bot" })).rejects.toThrow(/must hold a JSON object/);
  });

  it("uses the environment alone when no secret is named", async () => {
    const env = { GITHUB_ORG: "acme" };

    expect(await environmentWithSecrets(env)).toBe(env);
    expect(reads).toBe(0);
  });
});
