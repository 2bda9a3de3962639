import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReportDownloadError, ReportDownloader, ReportLinkExpiredError } from "../../src/github/report-download.js";

const LINK = "https://storage.example.net/reports/users.ndjson?sig=abc";

/** A fetch that answers with these chunks, recording what it was asked. */
function fetchAnswering(chunks: (string | Uint8Array)[], init: ResponseInit = { status: 200 }) {
  const asked: { url: string; init?: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, requestInit?: RequestInit) => {
    asked.push({ url: String(url), ...(requestInit ? { init: requestInit } : {}) });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks)
          controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
        controller.close();
      },
    });
    return new Response(body, init);
  };
  return { fetch: fetch as typeof globalThis.fetch, asked };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe("ReportDownloader", () => {
  it("yields one record per line, whatever the chunk boundaries", async () => {
    const { fetch } = fetchAnswering(['{"a":1}\n{"a"', ":2}\r\n\n", '{"a":3}']);

    const records = await collect(new ReportDownloader({ fetch }).records(LINK));

    expect(records).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it("decodes a character split across two chunks", async () => {
    const bytes = new TextEncoder().encode('{"login":"zoë"}\n');
    const split = bytes.indexOf(0xc3) + 1;
    const { fetch } = fetchAnswering([bytes.slice(0, split), bytes.slice(split)]);

    expect(await collect(new ReportDownloader({ fetch }).records(LINK))).toEqual([{ login: "zoë" }]);
  });

  it("leaves a byte order mark out of the first record", async () => {
    const { fetch } = fetchAnswering(["\uFEFF", '{"a":1}\n{"a":2}\n']);

    expect(await collect(new ReportDownloader({ fetch }).records(LINK))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("yields every line's record, in order, wherever the pieces of the download split the bytes", async () => {
    const record = fc.record({ login: fc.string({ unit: "grapheme", maxLength: 6 }), n: fc.integer() });
    const line = fc.tuple(fc.oneof(record, fc.constant(undefined)), fc.constantFrom("\n", "\r\n"));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.array(fc.nat(40), { maxLength: 10 }),
        async (lines, cuts) => {
          const bytes = new TextEncoder().encode(
            lines.map(([value, end]) => (value === undefined ? "" : JSON.stringify(value)) + end).join(""),
          );
          const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((start, index) => bytes.slice(start, at[index] ?? bytes.length));
          const { fetch } = fetchAnswering(pieces);

          const records = await collect(new ReportDownloader({ fetch }).records(LINK));

          expect(records).toEqual(lines.flatMap(([value]) => (value === undefined ? [] : [value])));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("hands over the records before a line that is not JSON, then names that line", async () => {
    const { fetch } = fetchAnswering(['{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n']);
    const seen: unknown[] = [];

    await expect(
      (async () => {
        for await (const record of new ReportDownloader({ fetch }).records(LINK)) seen.push(record);
      })(),
    ).rejects.toThrow(/^Line 3 of the report file is not JSON/);
    expect(seen).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("decompresses gzip files, recognised by their first bytes", async () => {
    const { fetch } = fetchAnswering([gzipSync('{"a":1}\n{"a":2}\n')]);

    expect(await collect(new ReportDownloader({ fetch }).records(LINK))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("sends no headers at all, so no credentials reach the storage host", async () => {
    const { fetch, asked } = fetchAnswering(['{"a":1}\n']);

    await collect(new ReportDownloader({ fetch }).records(LINK));

    expect(asked).toHaveLength(1);
    expect(asked[0]?.init?.headers).toBeUndefined();
    expect(asked[0]?.init?.credentials).toBeUndefined();
  });

  it("refuses links that are not https, unless they are on the one test origin", async () => {
    const { fetch, asked } = fetchAnswering(['{"a":1}\n']);
    const downloader = new ReportDownloader({ fetch, testOrigin: "http://127.0.0.1:4567" });

    await expect(collect(downloader.records("http://storage.example.net/x.ndjson"))).rejects.toThrow(
      ReportDownloadError,
    );
    await expect(collect(downloader.records("https://user:pass@storage.example.net/x"))).rejects.toThrow(
      /must be https/,
    );
    expect(await collect(downloader.records("http://127.0.0.1:4567/x.ndjson"))).toEqual([{ a: 1 }]);
    expect(asked.map((a) => a.url)).toEqual(["http://127.0.0.1:4567/x.ndjson"]);
  });

  it("follows a storage redirect only to another https link", async () => {
    const redirectTo = (location: string) => async (url: string | URL | Request) =>
      String(url) === LINK
        ? new Response(null, { status: 307, headers: { location } })
        : new Response('{"a":1}\n', { status: 200 });

    const followed = new ReportDownloader({
      fetch: redirectTo("https://mirror.example.net/users.ndjson") as typeof fetch,
    });
    const refused = new ReportDownloader({
      fetch: redirectTo("http://mirror.example.net/users.ndjson") as typeof fetch,
    });

    expect(await collect(followed.records(LINK))).toEqual([{ a: 1 }]);
    await expect(collect(refused.records(LINK))).rejects.toThrow(/must be https/);
  });

  it("reports a refused link as expired, with the storage host's error code", async () => {
    const { fetch } = fetchAnswering(
      ["<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"],
      {
        status: 403,
      },
    );

    const download = collect(new ReportDownloader({ fetch }).records(LINK));

    await expect(download).rejects.toThrow(ReportLinkExpiredError);
    await expect(download).rejects.toThrow("AccessDenied: Request has expired");
  });

  it("names the line that is not JSON", async () => {
    const { fetch } = fetchAnswering(['{"a":1}\n{"a":\n']);

    await expect(collect(new ReportDownloader({ fetch }).records(LINK))).rejects.toThrow(
      /^Line 2 of the report file is not JSON/,
    );
  });

  it("reads a file that is one pretty-printed JSON document as that one record", async () => {
    const document = JSON.stringify({ report_start_day: "2026-05-11", day_totals: [{ day: "2026-05-11" }] }, null, 2);
    const { fetch } = fetchAnswering([document.slice(0, 20), document.slice(20)]);

    const records = await collect(new ReportDownloader({ fetch }).records(LINK));

    expect(records).toEqual([{ report_start_day: "2026-05-11", day_totals: [{ day: "2026-05-11" }] }]);
  });

  it("reads a file that is one JSON array of rows, as GitHub's example files are, as one record per row", async () => {
    const { fetch } = fetchAnswering(['[{\n  "user_id": 1\n}, {\n  "user_id": 2\n}]\n']);

    const records = await collect(new ReportDownloader({ fetch }).records(LINK));

    expect(records).toEqual([{ user_id: 1 }, { user_id: 2 }]);
  });

  it("reads a one-line JSON array as its rows", async () => {
    const { fetch } = fetchAnswering(['[{"user_id":1},{"user_id":2}]']);

    expect(await collect(new ReportDownloader({ fetch }).records(LINK))).toEqual([{ user_id: 1 }, { user_id: 2 }]);
  });

  it("stops on a line longer than the limit instead of growing without bound", async () => {
    const { fetch } = fetchAnswering(["x".repeat(50), "y".repeat(60)]);

    await expect(collect(new ReportDownloader({ fetch, maxLineLength: 100 }).lines(LINK))).rejects.toThrow(
      /longer than 100 characters/,
    );
  });
});
