import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/config.js";
import { createDocumentClient } from "../dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../dynamodb/dynamodb-identity-links.js";
import { ConnectStateSigner } from "../identity/connect-state.js";
import type { IdentityServices } from "../identity/identity-services.js";
import type { RequesterLoginPolicy } from "../identity/requester-login.js";

export function createIdentityLinks(
  config: Config,
  client: DynamoDBDocumentClient = createDocumentClient(config.dynamodb),
): DynamoDbIdentityLinks {
  return new DynamoDbIdentityLinks(client, config.dynamodb.tableName);
}

/** The worker's check of whose account a request is for (`REQUIRE_PROVEN_LOGIN`). */
export function createRequesterLoginPolicy(config: Config): RequesterLoginPolicy {
  return { links: createIdentityLinks(config), requireProven: config.requireProvenLogin ?? false };
}

/** The Slack side of identities: cheap to build, no GitHub client (the Slack-facing bundle stays small). */
export function createIdentityServices(config: Config, client?: DynamoDBDocumentClient): IdentityServices {
  return {
    links: createIdentityLinks(config, client),
    requireProvenLogin: config.requireProvenLogin ?? false,
    ...(config.signIn
      ? { signIn: { signer: new ConnectStateSigner(config.signIn.clientSecret), publicUrl: config.signIn.publicUrl } }
      : {}),
  };
}
