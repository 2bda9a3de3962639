import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { GITHUB_CALLBACK_PATH, GITHUB_CONNECT_PATH } from "../../src/identity/sign-in-routes.js";
import { closeServer, createLambdaHttpServer, listen } from "../../src/local/lambda-http-adapter.js";

let server: ReturnType<typeof createLambdaHttpServer> | undefined;

afterEach(async () => {
  if (server) await closeServer(server);
  server = undefined;
});

describe("npm start serves Sign in with GitHub beside Slack's endpoint", () => {
  it("hands GET /github/callback to the sign-in handler as API Gateway would, cookies and query included", async () => {
    const seen: APIGatewayProxyEventV2[] = [];
    server = createLambdaHttpServer(async () => ({ statusCode: 200, body: "slack" }), {
      path: "/slack/events",
      log: console,
      browserRoutes: {
        paths: [GITHUB_CONNECT_PATH, GITHUB_CALLBACK_PATH],
        handler: async (event) => {
          seen.push(event);
          return {
            statusCode: 200,
            headers: { "content-type": "text/html" },
            cookies: ["a=; Max-Age=0"],
            body: "page",
          };
        },
      },
    });
    await listen(server, 0);
    const { port } = server.address() as AddressInfo;

    const response = await fetch(`http://127.0.0.1:${port}/github/callback?code=c&state=s`, {
      headers: { cookie: "copilot_connect=n" },
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("page");
    expect(response.headers.get("set-cookie")).toBe("a=; Max-Age=0");
    expect(seen.map((e) => [e.rawPath, e.rawQueryString, e.headers.cookie])).toEqual([
      ["/github/callback", "code=c&state=s", "copilot_connect=n"],
    ]);
  });

  it("answers 404 for the sign-in paths when sign-in is not configured", async () => {
    server = createLambdaHttpServer(async () => ({ statusCode: 200, body: "slack" }), {
      path: "/slack/events",
      log: console,
    });
    await listen(server, 0);
    const { port } = server.address() as AddressInfo;

    const response = await fetch(`http://127.0.0.1:${port}/github/callback?code=c&state=s`);

    expect(response.status).toBe(404);
  });
});
