import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A file's content: text, bytes, or lines produced on demand (so a huge report never sits in memory). */
export type StoredContent = string | Buffer | (() => Iterable<string> | AsyncIterable<string>);

export interface StorageRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  status: number;
}

/**
 * The blob storage behind the reports API's pre-signed download links, on its own host and port, apart from the
 * GitHub fake. It records every request's headers, so tests can assert that no credentials ever arrive, and can
 * refuse a link as expired once, answering like Azure Blob Storage does.
 *
 * It has its own small server rather than `startHttpFake`, which answers with whole bodies: a report generated line
 * by line must be streamed, with backpressure, or the memory test would measure the fake instead of the digest.
 */
export class ReportStorageFake {
  readonly requests: StorageRequest[] = [];
  private readonly files = new Map<string, StoredContent>();
  private readonly expiring = new Map<string, number>();
  private signatures = 0;
  private server?: Server;
  private baseUrl?: string;

  get url(): string {
    if (!this.baseUrl) throw new Error("Report storage fake not started");
    return this.baseUrl;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://storage");
      const name = decodeURIComponent(url.pathname.replace(/^\/reports\//, ""));
      const record = (status: number) =>
        this.requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers, status });
      const content = this.files.get(name);
      const refusals = this.expiring.get(name) ?? 0;
      if (refusals > 0) {
        this.expiring.set(name, refusals - 1);
        record(403);
        res.writeHead(403, { "content-type": "application/xml", "x-ms-error-code": "AuthenticationFailed" });
        res.end(
          '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.\nRequestId:00000000-0000-0000-0000-000000000000\nTime:2026-06-10T09:00:00.0000000Z</Message><AuthenticationErrorDetail>Signed expiry time [Wed, 10 Jun 2026 08:00:00 GMT] must be after signed start time [Wed, 10 Jun 2026 09:00:00 GMT]</AuthenticationErrorDetail></Error>',
        );
        return;
      }
      if (req.method !== "GET" || content === undefined) {
        record(404);
        res.writeHead(404, { "content-type": "application/xml" });
        res.end(
          '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>',
        );
        return;
      }
      record(200);
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      if (typeof content !== "function") {
        res.end(content);
        return;
      }
      void (async () => {
        for await (const line of content()) {
          if (!res.write(line)) await once(res, "drain");
        }
        res.end();
      })().catch((error) => res.destroy(error as Error));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(): void {
    this.requests.length = 0;
    this.files.clear();
    this.expiring.clear();
  }

  put(name: string, content: StoredContent): void {
    this.files.set(name, content);
  }

  /** A fresh pre-signed link to a file: each call signs anew, as GitHub does each time the links are asked for. */
  link(name: string): string {
    this.signatures += 1;
    return `${this.url}/reports/${encodeURIComponent(name)}?sv=2025-01-05&se=2026-06-10T10%3A00%3A00Z&sr=b&sp=r&sig=fake${this.signatures}`;
  }

  /** The next download(s) of this file are refused as an expired link would be; the ones after succeed. */
  expireNextDownload(name: string, times = 1): void {
    this.expiring.set(name, times);
  }

  downloadsOf(name: string): StorageRequest[] {
    return this.requests.filter((r) => r.path === `/reports/${encodeURIComponent(name)}`);
  }
}
