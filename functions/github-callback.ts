import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { loadConfig } from "../src/config/config.js";
import { logger } from "../src/config/logger.js";
import { environmentWithSecrets } from "../src/config/secrets.js";
import { metrics } from "../src/config/telemetry.js";
import { createSignInHandler } from "../src/identity/github-callback-handler.js";
import { lazily } from "../src/wiring/lazy-start.js";
import { createSignInDependencies } from "../src/wiring/sign-in.js";

const ready = lazily(async () =>
  createSignInHandler(createSignInDependencies(loadConfig(await environmentWithSecrets()))),
);

/** Sign in with GitHub, through API Gateway: `GET /github/connect` and `GET /github/callback`, from people's browsers. */
export const handler = async (event: APIGatewayProxyEventV2, context?: Context) => {
  if (context) logger.addContext(context);
  try {
    return await (await ready())(event);
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
