import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { awsClientSettings, type TimeLeft } from "../aws/aws-client-settings.js";

export interface DynamoDbSettings {
  region: string;
  /** A local server (dynalite) instead of AWS. */
  endpoint?: string;
}

/**
 * A client whose calls have the deadlines of `awsClientSettings`; with `timeLeft`, they also share the invocation's
 * time, as the Slack-facing function's calls must.
 */
export function createDocumentClient(settings: DynamoDbSettings, timeLeft?: TimeLeft): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: settings.region,
    ...awsClientSettings(timeLeft),
    ...(settings.endpoint
      ? { endpoint: settings.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
  // The SDK's logger middleware filters every input and output for a log line even with no logger (~0.4 ms a call).
  client.middlewareStack.remove("loggerMiddleware");
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
