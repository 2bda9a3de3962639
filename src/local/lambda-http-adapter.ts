import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { SlackLambdaHandler } from "../slack/lambda-handler.js";

export interface LambdaHttpAdapterOptions {
  /** The one route served, as API Gateway routes `POST /slack/events` to the function. */
  path: string;
  /** Larger bodies get 413 without reaching the handler. Slack's own payloads stay far below 1 MB. */
  maxBodyBytes?: number;
  /** What the handler is told is left of its time, as the Slack-facing Lambda's own 10-second limit. */
  timeoutMs?: number;
  log: Pick<Console, "error">;
  /** Serves every other request instead of answering 404 (the sandbox's page and Slack endpoints, on the same port). */
  otherRoutes?: (request: IncomingMessage, response: ServerResponse) => void;
  /**
   * GET routes of another Lambda handler on the same port, as API Gateway routes them in AWS: Sign in with GitHub's
   * `/github/connect` and `/github/callback` (see `localSignInRoutes`).
   */
  browserRoutes?: {
    paths: readonly string[];
    handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  };
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

class BodyTooLargeError extends Error {
  constructor() {
    super("Request body too large");
    this.name = "BodyTooLargeError";
  }
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers["content-length"] ?? 0) > maxBytes) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners("data");
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** The API Gateway HTTP API (payload format 2.0) event for a request, as API Gateway would build it. */
export function toApiGatewayEvent(request: IncomingMessage, body: string): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const method = request.method ?? "GET";
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: `${method} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: `${method} ${url.pathname}`,
      stage: "$default",
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    body,
    isBase64Encoded: false,
  };
}

function lambdaContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = "copilot-seat-bot-slack-events-local";
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8") : undefined;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}

/**
 * Serves the Slack-facing Lambda handler over plain HTTP, so `npm start` answers Slack with exactly the code that
 * runs behind API Gateway in AWS: the same timestamp window, signature check and parsing. Each request is turned
 * into the event API Gateway would send; a body over the limit gets 413, any other route 404, and a handler that
 * throws gets 500 (logged) instead of taking the process down.
 */
export function createLambdaHttpServer(handler: SlackLambdaHandler, options: LambdaHttpAdapterOptions): Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "GET" && options.browserRoutes?.paths.includes(path)) {
      request.resume();
      send(response, await options.browserRoutes.handler(toApiGatewayEvent(request, "")));
      return;
    }
    if (request.method !== "POST" || path !== options.path) {
      if (options.otherRoutes) return options.otherRoutes(request, response);
      request.resume();
      send(response, { statusCode: 404, body: "" });
      return;
    }
    let body: string;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      // Stop reading the rest: answer, then drop the connection.
      response.once("finish", () => request.destroy());
      send(response, { statusCode: 413, headers: { connection: "close" }, body: "" });
      return;
    }
    send(response, await handler(toApiGatewayEvent(request, body), lambdaContext(timeoutMs)));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      options.log.error(`${request.method} ${request.url} failed; answered 500:`, error);
      if (!response.headersSent) send(response, { statusCode: 500, body: "" });
      else response.destroy();
    });
  });
  // A client that stops sending must not hold a connection open longer than Slack would wait for an answer.
  server.requestTimeout = timeoutMs * 3;
  return server;
}

/** Listens on `port` on every interface, as Bolt's own HTTP receiver did; rejects with the listen error. */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once("error", failed);
    server.listen(port, () => {
      server.off("error", failed);
      resolve();
    });
  });
}

/** Stops accepting requests and closes idle keep-alive connections; resolves when every open request has ended. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
