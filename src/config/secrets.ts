import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { awsClientSettings } from "../aws/aws-client-settings.js";
import type { Env } from "./config.js";

let cached: Promise<Env> | undefined;

/**
 * In Lambda the credentials live in one Secrets Manager secret (a JSON object of the same variable names), named by
 * SECRET_NAME. It is read once per container and merged over the environment; without SECRET_NAME (locally and in
 * tests) the environment alone is used.
 */
export function environmentWithSecrets(env: Env = process.env): Promise<Env> {
  cached ??= readSecrets(env).catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readSecrets(env: Env): Promise<Env> {
  const secretName = env.SECRET_NAME;
  if (!secretName) return env;
  // With a deadline: a cold Slack-facing container reads the secret while Slack waits.
  const client = new SecretsManagerClient(awsClientSettings());
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
  let values: unknown;
  try {
    values = JSON.parse(SecretString ?? "");
  } catch {
    throw new Error(`The secret ${secretName} must hold a JSON object such as {"SLACK_BOT_TOKEN": "xoxb-…"}.`);
  }
  if (typeof values !== "object" || values === null) {
    throw new Error(`The secret ${secretName} must hold a JSON object of credential names to values.`);
  }
  return { ...env, ...(values as Env) };
}

/**
 * Drops the cached secret values, so that a container which started before an operator put the credentials (or
 * read incomplete ones) reads them again on its next invocation instead of failing until AWS recycles it.
 */
export function forgetSecrets(): void {
  cached = undefined;
}
