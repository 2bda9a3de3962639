import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Structured JSON logs for the Lambda functions (service name and level from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_LOG_LEVEL, which the stack sets). Only messages and errors are logged, never configuration or tokens.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "copilot-seat-bot" });
