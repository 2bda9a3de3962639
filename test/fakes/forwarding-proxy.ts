import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeAnswer } from "./http-fake.js";
import { NO_ANSWER } from "./http-fake.js";

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
}

/** Forward the request, then drop the connection instead of relaying the answer: done, and the client cannot know. */
export const ANSWER_LOST: unique symbol = Symbol("answer lost");

/** Answers a request itself (a fault), returns `undefined` to forward it, or `ANSWER_LOST`. */
export type Interception = (request: ProxiedRequest) => FakeAnswer | typeof ANSWER_LOST | undefined;

/**
 * A loopback HTTP proxy that forwards every request byte for byte to one target and relays its answer, unless the
 * interception answers first. A request it does not answer (`NO_ANSWER`) is held until `releaseHangs()` or `stop()`.
 *
 * `cut()` models a process that is gone: from then on nothing passes either way — requests already forwarded never
 * get their answer back, new ones are never forwarded — so whatever was talking through the proxy stops for good.
 */
export class ForwardingProxy {
  private server?: Server;
  private readonly held = new Set<ServerResponse>();
  private readonly agent = new Agent({ keepAlive: true });
  private isCut = false;

  constructor(
    readonly target: string,
    private readonly intercept: Interception = () => undefined,
  ) {}

  get url(): string {
    if (!this.server) throw new Error("The forwarding proxy is not started");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  /** Nothing passes any more, in either direction; held connections stay open until `stop()`. */
  cut(): void {
    this.isCut = true;
  }

  /** Drops the connections of requests left without an answer; their clients see a reset. Not after `cut()`. */
  releaseHangs(): void {
    if (this.isCut) return;
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
  }

  /**
   * Closes the proxy. A cut proxy keeps its held connections open (unreferenced, so they do not keep the process
   * alive): dropping them would wake whatever was stopped behind it, after its test is over.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    if (this.isCut) {
      for (const res of this.held) res.socket?.unref();
      server.close();
      server.unref();
      return;
    }
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
    this.agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private hold(res: ServerResponse): void {
    this.held.add(res);
    res.on("close", () => this.held.delete(res));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ProxiedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      bytes: Buffer.concat(chunks),
    };
    if (this.isCut) return this.hold(res);
    const answer = this.intercept(request);
    if (answer === NO_ANSWER) return this.hold(res);
    if (answer === ANSWER_LOST) return this.forward(request, res, { dropAnswer: true });
    if (answer) {
      const text =
        answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-length": Buffer.byteLength(text), ...answer.headers });
      res.end(text);
      return;
    }
    this.forward(request, res);
  }

  private forward(request: ProxiedRequest, res: ServerResponse, { dropAnswer = false } = {}): void {
    const target = new URL(this.target);
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: this.agent,
      },
      async (answer) => {
        const chunks: Buffer[] = [];
        try {
          for await (const chunk of answer) chunks.push(chunk as Buffer);
        } catch {
          return this.dropOrHold(res);
        }
        if (this.isCut) return this.hold(res);
        if (dropAnswer) return res.socket?.destroy();
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      },
    );
    upstream.on("error", () => this.dropOrHold(res));
    upstream.end(request.bytes);
  }

  /** The target dropped the connection: the client's is dropped too, unless the proxy is cut. */
  private dropOrHold(res: ServerResponse): void {
    if (this.isCut) this.hold(res);
    else res.socket?.destroy();
  }
}
