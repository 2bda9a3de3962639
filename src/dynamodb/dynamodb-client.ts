import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoDbSettings {
  region: string;
  /** A local server (dynalite) instead of AWS. */
  endpoint?: string;
}

/**
 * Every DynamoDB call has a deadline: a single-item request that takes more than a second is a stuck connection, and
 * two tries must fit in Slack's 3-second acknowledgement with room to answer. (The SDK's default has none.)
 */
const REQUEST_TIMEOUT_MS = 1000;
const CONNECTION_TIMEOUT_MS = 500;
const MAX_ATTEMPTS = 2;

export function createDocumentClient(settings: DynamoDbSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: settings.region,
    maxAttempts: MAX_ATTEMPTS,
    // Newer SDKs only warn when a request runs past `requestTimeout` unless told to fail it.
    requestHandler: {
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...(settings.endpoint
      ? { endpoint: settings.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
  // The SDK's logger middleware filters every input and output for a log line even with no logger (~0.4 ms a call).
  client.middlewareStack.remove("loggerMiddleware");
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
