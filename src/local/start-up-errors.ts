import { statSync } from "node:fs";
import { dirname, relative } from "node:path";

/**
 * A local start-up failure the person running `npm start` can fix, already put in one line that says what to
 * change. `start.ts` prints the message alone, without a stack trace, and exits with 1.
 */
export class LocalStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LocalStartError";
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The error as thrown, or the operating system's error underneath it (LevelDB wraps the one it met). */
function systemCodeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const text = `${(error as Error | undefined)?.message} ${(cause as Error | undefined)?.message}`;
  // LevelDB reports the operating system's refusals in words only ("IO error: …: Permission denied").
  if (/Permission denied/i.test(text)) return "EACCES";
  if (/Read-only file system/i.test(text)) return "EROFS";
  return codeOf(cause) ?? codeOf(error);
}

/** How a folder is named in messages: relative to where `npm start` runs when it is inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith("..") ? inside : path;
}

/** The nearest part of `folder`'s path that exists but is a file, so the message can name the one to move. */
function fileInTheWay(folder: string): string | undefined {
  for (let path = folder; path !== dirname(path); path = dirname(path)) {
    try {
      return statSync(path).isDirectory() ? undefined : path;
    } catch {
      // Not there yet: look at its parent.
    }
  }
  return undefined;
}

/** What stopped the embedded DynamoDB from using `folder`, in one line, or undefined when it is not about the folder. */
export function dataFolderProblem(folder: string, error: unknown): LocalStartError | undefined {
  const code = systemCodeOf(error);
  const where = shown(folder);
  // LEVEL_LOCKED when LevelDB itself refuses; "Database is closed" when dynalite met the same refusal later.
  if (code === "LEVEL_LOCKED" || /Database is closed/.test(String((error as Error | undefined)?.message))) {
    return new LocalStartError(
      `Another \`npm start\` is already using ${where} in this folder: stop it, or set DYNAMODB_ENDPOINT / run from another folder.`,
      { cause: error },
    );
  }
  if (code === "ENOTDIR" || code === "EEXIST") {
    const file = fileInTheWay(folder) ?? folder;
    return new LocalStartError(
      `Cannot keep data in ${where}: ${shown(file)} is a file, not a folder. Move or delete it, or set DYNAMODB_ENDPOINT to use another DynamoDB.`,
      { cause: error },
    );
  }
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return new LocalStartError(
      `Cannot write to ${where} (${code === "EROFS" ? "read-only file system" : "permission denied"}): make it writable for this user, run from a folder you can write to, or set DYNAMODB_ENDPOINT.`,
      { cause: error },
    );
  }
  return undefined;
}

/** Why the local HTTP server could not listen on `port`, in one line, or undefined for other failures. */
export function portProblem(port: number, error: unknown): LocalStartError | undefined {
  const code = codeOf(error);
  if (code === "EADDRINUSE") {
    return new LocalStartError(
      `Port ${port} is in use by another program: stop it or set PORT to a free port (e.g. PORT=${port === 65535 ? 3001 : port + 1}).`,
      { cause: error },
    );
  }
  if (code === "EACCES") {
    return new LocalStartError(
      `Port ${port} needs administrator rights on this machine: set PORT to 1024 or above (e.g. PORT=3000).`,
      { cause: error },
    );
  }
  return undefined;
}
