import { config as loadDotEnv } from "dotenv";
import { EChartsUsageChart } from "../charts/usage-chart.js";
import { ConfigError } from "../config/config.js";
import { loadDigestConfig } from "../digest/digest-config.js";
import { DigestFailedError } from "../digest/errors.js";
import { runWeeklyDigest } from "../digest/run-weekly-digest.js";
import { createDigestDependencies } from "../wiring/digest.js";

/**
 * `npm run digest`: builds the weekly digest once, with the same configuration as `npm start` plus DIGEST_CHANNEL,
 * and posts it.
 *
 * Request figures come from DYNAMODB_ENDPOINT when it is set. Without it, `npm start` keeps requests in an embedded
 * dynalite under .data/, whose LevelDB files only one process may open: a second server on them while `npm start`
 * runs takes this process down. So the digest leaves request figures out and says so, instead of reading zeros.
 */
async function main(): Promise<void> {
  loadDotEnv({ quiet: true });
  const config = loadDigestConfig(process.env);
  let requests: { unavailable: string } | undefined;
  if (!config.dynamodb.endpoint) {
    requests = { unavailable: "no DynamoDB endpoint configured for this local run" };
    console.warn(
      "Request figures and the usage history are left out: DYNAMODB_ENDPOINT is not set. To include them, start `npm start` and set DYNAMODB_ENDPOINT to the embedded DynamoDB endpoint it prints.",
    );
  }
  const run = await runWeeklyDigest(
    createDigestDependencies(config, {
      chart: new EChartsUsageChart(),
      ...(requests ? { requests, history: requests } : {}),
    }),
  );
  for (const line of run.posted) console.log(`Posted: ${line}`);
  for (const line of run.leftOut) console.log(`Left out: ${line}`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof DigestFailedError ? error.message : error);
  process.exit(1);
});
