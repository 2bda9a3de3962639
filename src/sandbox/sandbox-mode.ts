import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import type { Env } from "../config/config.js";
import { ensureTable } from "../dynamodb/create-table.js";
import type { ScheduledJob } from "../local/scheduled-jobs.js";
import { LocalStartError } from "../local/start-up-errors.js";

/**
 * Everything that connects the bot to a real Slack workspace or GitHub organization. Any one of them set means the
 * person starting the bot means a real workspace: the sandbox never runs beside one, and a partial configuration
 * gets the configuration's own message naming every problem.
 */
export const REAL_WORKSPACE_VARIABLES = [
  "SLACK_SIGNING_SECRET",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "GITHUB_ORG",
  "GITHUB_TOKEN",
  "GITHUB_APP_ID",
  "GITHUB_APP_PRIVATE_KEY",
  "GITHUB_APP_INSTALLATION_ID",
] as const;

export const SANDBOX_FLAG = "--sandbox";

/**
 * Whether `npm start` runs the sandbox: asked for with `--sandbox`, or nothing of a real workspace is configured.
 * `--sandbox` beside real credentials is refused, naming them, rather than quietly ignoring either.
 */
export function sandboxRequested(args: readonly string[], env: Env): boolean {
  const configured = REAL_WORKSPACE_VARIABLES.filter((name) => env[name]?.trim());
  if (args.includes(SANDBOX_FLAG) && configured.length > 0) {
    throw new LocalStartError(
      `The sandbox runs only without a real workspace, but ${configured.join(", ")} ${configured.length === 1 ? "is" : "are"} set (in the environment or .env): unset ${configured.length === 1 ? "it" : "them"} to use the sandbox, or drop ${SANDBOX_FLAG} to run against the real workspace.`,
    );
  }
  return args.includes(SANDBOX_FLAG) || configured.length === 0;
}

/** Runs the scheduled job of that name now, with now as its scheduled time, as the sandbox's controls ask. */
export async function runNow(jobs: readonly ScheduledJob[], name: string): Promise<void> {
  const job = jobs.find((candidate) => candidate.name === name);
  if (!job)
    throw new LocalStartError(`No scheduled job called "${name}"; there are ${jobs.map((j) => j.name).join(", ")}.`);
  await job.run(new Date());
}

/** Deletes the bot's table and creates it again empty: "reset sandbox" starts the data over too. */
export async function emptyTable(settings: { tableName: string; region: string; endpoint?: string }): Promise<void> {
  const client = new DynamoDBClient({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    await client.send(new DeleteTableCommand({ TableName: settings.tableName }));
    // DeleteTable answers while the table is still DELETING; creating it again before it is gone would be refused
    // as "in use" and then find no table at all.
    for (let tries = 0; ; tries++) {
      try {
        await client.send(new DescribeTableCommand({ TableName: settings.tableName }));
      } catch (error) {
        if (error instanceof ResourceNotFoundException) break;
        throw error;
      }
      if (tries >= 100) throw new Error(`Table ${settings.tableName} was not deleted.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await ensureTable(client, settings.tableName);
  } finally {
    client.destroy();
  }
}
