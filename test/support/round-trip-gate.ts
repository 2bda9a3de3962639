import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What one counted piece of work cost in calls through the gate. */
export interface RoundTrips {
  /** Batches let through one after the other: the round trips someone waiting on the work waits for. */
  sequential: number;
  /** Every request, side by side or not. */
  requests: number;
}

interface Route {
  server: Server;
  target: string;
}

/**
 * Counts sequential round trips to the services behind it (DynamoDB, SQS). While `count` runs, it holds every request
 * until none has arrived for `quietMs`, then lets the whole batch through at once: calls made side by side pass in one
 * batch, and a call that needs another's answer can only arrive after that batch was let through, so it opens the
 * next one. Outside `count` it forwards at once. Counting is conservative: a call made late, after its neighbours
 * were let through, counts as a round trip of its own, as it would cost one.
 */
export class RoundTripGate {
  private readonly routes: Route[] = [];
  private readonly agent = new Agent({ keepAlive: true });
  private held: (() => void)[] = [];
  private quietTimer: NodeJS.Timeout | undefined;
  private counting: RoundTrips | undefined;

  constructor(private readonly quietMs = 30) {}

  /** Opens one route per service; point each at its service with `route(i).target = …` before the first call. */
  async start(routes: number): Promise<this> {
    for (let i = 0; i < routes; i++) {
      const route: Route = { server: createServer((req, res) => void this.pass(route, req, res)), target: "" };
      await new Promise<void>((resolve) => route.server.listen(0, "127.0.0.1", resolve));
      this.routes.push(route);
    }
    return this;
  }

  url(route: number): string {
    const server = this.routes[route]?.server;
    if (!server) throw new Error(`The gate has no route ${route}`);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  target(route: number, target: string): void {
    const found = this.routes[route];
    if (!found) throw new Error(`The gate has no route ${route}`);
    found.target = target;
  }

  /** Runs `work` with every call through the gate batched, and says how many batches and calls it took. */
  async count<T>(work: () => Promise<T>): Promise<{ result: T } & RoundTrips> {
    if (this.counting) throw new Error("The gate is already counting");
    const counted: RoundTrips = { sequential: 0, requests: 0 };
    this.counting = counted;
    try {
      const result = await work();
      return { result, ...counted };
    } finally {
      this.counting = undefined;
      this.release();
    }
  }

  async stop(): Promise<void> {
    this.release();
    this.agent.destroy();
    await Promise.all(
      this.routes.map(({ server }) => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      }),
    );
  }

  private release(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    const batch = this.held;
    this.held = [];
    if (batch.length > 0 && this.counting) this.counting.sequential += 1;
    for (const go of batch) go();
  }

  private async pass(route: Route, req: IncomingMessage, res: import("node:http").ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const forward = () => {
      const target = new URL(route.target);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: this.agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.socket?.destroy());
      upstream.end(Buffer.concat(chunks));
    };
    if (!this.counting) return forward();
    this.counting.requests += 1;
    this.held.push(forward);
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.release(), this.quietMs);
  }
}
