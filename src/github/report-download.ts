import { StringDecoder } from "node:string_decoder";

/** The storage host refused a report link, which is what an expired pre-signed link looks like. */
export class ReportLinkExpiredError extends Error {
  constructor(
    /** Named apart from `status`, which callers read as GitHub's own answer to a GitHub request. */
    readonly storageStatus: number,
    detail: string,
  ) {
    super(
      `The report download link was refused (HTTP ${storageStatus}${detail ? `: ${detail}` : ""}); it has probably expired.`,
    );
    this.name = "ReportLinkExpiredError";
  }
}

export class ReportDownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReportDownloadError";
  }
}

export interface ReportDownloaderOptions {
  /** One http origin allowed besides https links: a local fake in tests. Never set in production. */
  testOrigin?: string;
  fetch?: typeof fetch;
  /** A line longer than this many characters stops the download instead of growing memory without bound. */
  maxLineLength?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Downloads the NDJSON files behind the reports API's pre-signed links. The links live on a storage host, not on
 * GitHub, and carry their own signature: they are fetched with no credentials at all, so the GitHub token never
 * leaves for another host. Files are read as a stream, one line at a time, so memory stays flat however large the
 * report. Gzip files are recognised by their first bytes and decompressed on the way.
 */
export class ReportDownloader {
  private readonly fetch: typeof fetch;
  private readonly maxLineLength: number;

  constructor(private readonly options: ReportDownloaderOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.maxLineLength = options.maxLineLength ?? 256 * 1024 * 1024;
  }

  /**
   * Each record in the file, in order; blank lines are skipped. GitHub documents NDJSON (one object per line), but
   * its own example files are one JSON document (an array of rows, or a single pretty-printed object), so a file
   * whose first line is not JSON on its own is read whole and parsed as one document, and a top-level array gives
   * its elements. Only that kind of file is held in memory whole; NDJSON still streams line by line.
   */
  async *records(link: string): AsyncGenerator<unknown> {
    for await (const batch of this.recordBatches(link)) yield* batch;
  }

  /**
   * The records of `records`, a batch for each piece of the download as it arrives: a report of a million rows
   * costs the consumer some thirty thousand awaits instead of a million. Each batch parses its lines as it is read,
   * one record at a time, so that a record is used while it is fresh and is garbage before the next is made; read
   * each batch before asking for the next (what is left of a batch is read then). A line that is not JSON throws
   * when its batch reaches it, after the records before it.
   */
  async *recordBatches(link: string): AsyncGenerator<Iterable<unknown>> {
    const parser = new RecordParser(this.maxLineLength);
    let batch: Generator<unknown> | undefined;
    for await (const lines of this.lineBatches(link)) {
      if (batch) for (const _ of batch);
      batch = parser.records(lines);
      yield batch;
    }
    if (batch) for (const _ of batch);
    const document = parser.document();
    if (document) yield document;
  }

  async *lines(link: string): AsyncGenerator<string> {
    for await (const batch of this.lineBatches(link)) yield* batch;
  }

  /** The file's lines, without their line ends, an array for each piece of the download. */
  async *lineBatches(link: string): AsyncGenerator<string[]> {
    const response = await this.open(link);
    if (!response.body) return;
    // Node's decoder, not TextDecoder: on a report of gigabytes, TextDecoder's streaming mode is the slower by
    // seconds. Like TextDecoder, it turns a character split across two pieces into one, and a broken one into U+FFFD.
    const decoder = new StringDecoder("utf8");
    // The part of a line read so far, kept in pieces: joining on every chunk would copy long lines over and over.
    let pieces: string[] = [];
    let pendingLength = 0;
    let first = true;
    const bytes = bytesOf(response.body);
    try {
      for (;;) {
        const { done, value } = await bytes.next();
        let text = done ? decoder.end() : decoder.write(value);
        if (first && text.length > 0) {
          first = false;
          // A byte order mark is not part of the first record (TextDecoder drops it, too).
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        const lines: string[] = [];
        let start = 0;
        for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
          let line = text.slice(start, newline);
          if (pendingLength > 0) {
            pieces.push(line);
            line = pieces.join("");
            pieces = [];
            pendingLength = 0;
          }
          lines.push(withoutCarriageReturn(line));
          start = newline + 1;
        }
        if (start < text.length) {
          pieces.push(text.slice(start));
          pendingLength += text.length - start;
          if (pendingLength > this.maxLineLength) {
            throw new ReportDownloadError(`A line of the report file is longer than ${this.maxLineLength} characters.`);
          }
        }
        if (done && pendingLength > 0) lines.push(withoutCarriageReturn(pieces.join("")));
        if (lines.length > 0) yield lines;
        if (done) return;
      }
    } finally {
      // Stopping early (an error, or a consumer that has seen enough) must not leave the connection open.
      await bytes.return(undefined);
    }
  }

  private async open(link: string): Promise<Response> {
    let url = this.checked(link);
    for (let redirects = 0; ; redirects++) {
      // No headers: the link's own signature is the only credential the storage host gets.
      // A report, however large, streams well within this; a stalled download must not take the digest's 5 minutes.
      const response = await this.fetch(url, {
        method: "GET",
        redirect: "manual",
        signal: AbortSignal.timeout(120_000),
      });
      if (REDIRECTS.has(response.status)) {
        const location = response.headers.get("location");
        await response.body?.cancel();
        if (!location || redirects >= MAX_REDIRECTS)
          throw new ReportDownloadError("The report download redirected too often.");
        url = this.checked(new URL(location, url).toString());
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new ReportLinkExpiredError(response.status, storageErrorCode(await response.text().catch(() => "")));
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new ReportDownloadError(`The report download failed: the storage host answered HTTP ${response.status}.`);
      }
      return response;
    }
  }

  /** Only https links (or the one test origin) are fetched, and never with a user name or password in them. */
  private checked(link: string): URL {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new ReportDownloadError(`GitHub gave a report link that is not a URL: "${link.slice(0, 100)}".`);
    }
    const allowed =
      url.protocol === "https:" || (this.options.testOrigin !== undefined && url.origin === this.options.testOrigin);
    if (!allowed || url.username || url.password) {
      throw new ReportDownloadError(`Refusing to download a report from ${url.origin}: report links must be https.`);
    }
    return url;
  }
}

/** Turns lines into records, keeping what it has seen across the pieces of one file. */
class RecordParser {
  private number = 0;
  private parsedOne = false;
  private documentLines?: string[];
  private documentLength = 0;

  constructor(private readonly maxLength: number) {}

  *records(lines: readonly string[]): Generator<unknown> {
    for (const line of lines) {
      this.number += 1;
      if (this.documentLines) {
        this.documentLines.push(line);
        this.documentLength += line.length + 1;
        if (this.documentLength > this.maxLength) {
          throw new ReportDownloadError(
            `The report file is one JSON document longer than ${this.maxLength} characters.`,
          );
        }
        continue;
      }
      if (line.length === 0) continue;
      let value: unknown;
      try {
        // Each line is parsed once; a line of spaces only fails here and is skipped below.
        value = JSON.parse(line);
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        if (line.trim() === "") continue;
        // Only before the first record: a broken line in the middle of an NDJSON file is an error, not a document.
        if (!this.parsedOne && /^\s*[[{]/.test(line)) {
          this.documentLines = [line];
          this.documentLength = line.length + 1;
          continue;
        }
        throw new ReportDownloadError(`Line ${this.number} of the report file is not JSON (${error.message}).`, {
          cause: error,
        });
      }
      this.parsedOne = true;
      if (Array.isArray(value)) yield* value;
      else yield value;
    }
  }

  /** The records of a file that turned out to be one JSON document, once all its lines are in. */
  document(): unknown[] | undefined {
    if (!this.documentLines) return undefined;
    let whole: unknown;
    try {
      whole = JSON.parse(this.documentLines.join("\n"));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new ReportDownloadError(`The report file is neither NDJSON nor one JSON document (${error.message}).`, {
        cause: error,
      });
    }
    return Array.isArray(whole) ? whole : [whole];
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

/** S3 and Azure Blob Storage both explain a refusal in a small XML document, e.g. `<Code>AuthenticationFailed</Code>`. */
function storageErrorCode(body: string): string {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]{1,200})/.exec(body)?.[1]?.split("\n")[0];
  return [code, message].filter(Boolean).join(": ");
}

/**
 * The body's bytes, decompressed on the way when its first bytes are gzip's. A plain file is read straight from the
 * body, with no stream in between; only a gzip file goes through a replay of its first piece into the decompressor.
 * Stopping early cancels the body.
 */
async function* bytesOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  let finished = false;
  try {
    const first = await reader.read();
    if (first.done) {
      finished = true;
      return;
    }
    if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
      // One read always ahead: the next piece is on its way while this one is parsed, instead of asked for after.
      // A read still on its way when the consumer stops early must not fail as an unhandled rejection.
      const readAhead = () => {
        const read = reader.read();
        read.catch(() => {});
        return read;
      };
      let ahead = readAhead();
      yield first.value;
      for (;;) {
        const next = await ahead;
        if (next.done) break;
        ahead = readAhead();
        yield next.value;
      }
      finished = true;
      return;
    }
    const replay = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(first.value);
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    const inflated = replay
      .pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>)
      .getReader();
    try {
      for (let next = await inflated.read(); !next.done; next = await inflated.read()) yield next.value;
      finished = true;
    } finally {
      if (!finished) await inflated.cancel().catch(() => {});
      inflated.releaseLock();
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
