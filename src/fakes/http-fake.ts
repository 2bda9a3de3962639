import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  rawBody: string;
  bytes: Buffer;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * An answer that never comes: the fake holds the connection open, as a server that stopped responding would, until
 * `releaseHangs()` or `close()` drops it (the client then sees the connection reset).
 */
export const NO_ANSWER: unique symbol = Symbol("no answer");
export type FakeAnswer = FakeResponse | typeof NO_ANSWER;

export interface HttpFakeHandle {
  url: string;
  /** Drops every connection held by `NO_ANSWER`. */
  releaseHangs: () => void;
  close: () => Promise<void>;
}

/** A loopback HTTP server for the fakes of outside systems; each fake decides how to answer. */
export async function startHttpFake(
  answer: (request: FakeRequest) => Promise<FakeAnswer> | FakeAnswer,
): Promise<HttpFakeHandle> {
  const held = new Set<ServerResponse>();
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const request: FakeRequest = {
      method: req.method ?? "GET",
      url: new URL(req.url ?? "/", "http://fake"),
      headers: req.headers,
      rawBody: bytes.toString("utf8"),
      bytes,
    };
    try {
      const answered = await answer(request);
      if (answered === NO_ANSWER) {
        held.add(res);
        res.on("close", () => held.delete(res));
        return;
      }
      const { status, body, headers = {} } = answered;
      const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, {
        ...(body !== undefined && typeof body !== "string"
          ? { "content-type": "application/json; charset=utf-8" }
          : {}),
        ...headers,
      });
      res.end(text);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const releaseHangs = () => {
    for (const res of held) res.socket?.destroy();
    held.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    releaseHangs,
    close: () =>
      new Promise<void>((resolve) => {
        releaseHangs();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fake of an outside system on its own loopback port: subclasses say how it answers. */
export abstract class HttpFakeServer {
  private server?: HttpFakeHandle;

  protected abstract answer(request: FakeRequest): Promise<FakeAnswer> | FakeAnswer;

  get url(): string {
    if (!this.server) throw new Error(`${this.constructor.name} is not started`);
    return this.server.url;
  }

  async start(): Promise<this> {
    this.server = await startHttpFake((request) => this.answer(request));
    return this;
  }

  /** Drops the connections of requests the fake chose not to answer (`NO_ANSWER`); the clients see a reset. */
  releaseHangs(): void {
    this.server?.releaseHangs();
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
