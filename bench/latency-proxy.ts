import type { AddressInfo } from "node:net";
import { connect, createServer, type Socket } from "node:net";

export interface LatencyProxy {
  url: string;
  /** HTTP requests that have passed so far (counted by their request line). */
  readonly requests: number;
  close: () => Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|PATCH|HEAD) /;

/**
 * A TCP proxy that holds every byte the client sends for `delayMs` before passing it on: one request over a kept-alive
 * connection costs one extra `delayMs`, the way a round trip to a service in another place does. Answers pass at once.
 */
export async function startLatencyProxy(target: string, delayMs: number): Promise<LatencyProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const later = (action: () => void) => (delayMs > 0 ? setTimeout(action, delayMs) : action());
    client.on("data", (chunk: Buffer) => {
      if (REQUEST_LINE.test(chunk.subarray(0, 8).toString("latin1"))) requests += 1;
      later(() => upstream.writable && upstream.write(chunk));
    });
    client.on("end", () => later(() => upstream.end()));
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
