import { describe, expect, it } from "vitest";
import { dataFolderProblem, LocalStartError, portProblem } from "../../src/local/start-up-errors.js";

const FOLDER = ".data/dynamodb";

function systemError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** How `level` reports a store it could not open: a generic error with LevelDB's own error as the cause. */
function levelError(cause: Error): Error {
  return Object.assign(new Error("Database failed to open", { cause }), { code: "LEVEL_DATABASE_NOT_OPEN" });
}

describe("local start-up failures", () => {
  it("tell a second npm start in the same folder to stop the other one or choose another DynamoDB", () => {
    const error = levelError(
      systemError("LEVEL_LOCKED", "IO error: lock .data/dynamodb/LOCK: Resource temporarily unavailable"),
    );

    expect(dataFolderProblem(FOLDER, error)?.message).toBe(
      "Another `npm start` is already using .data/dynamodb in this folder: stop it, or set DYNAMODB_ENDPOINT / run from another folder.",
    );
  });

  it("read dynalite's later 'Database is closed' as the same lock", () => {
    expect(dataFolderProblem(FOLDER, new Error("Database is closed"))?.message).toContain(
      "Another `npm start` is already using .data/dynamodb",
    );
  });

  it("say which folder cannot be written and what to do", () => {
    const error = levelError(new Error("IO error: .data/dynamodb/LOCK: Permission denied"));

    expect(dataFolderProblem(FOLDER, error)?.message).toBe(
      "Cannot write to .data/dynamodb (permission denied): make it writable for this user, run from a folder you can write to, or set DYNAMODB_ENDPOINT.",
    );
  });

  it("say so for a read-only file system", () => {
    expect(dataFolderProblem(FOLDER, systemError("EROFS"))?.message).toContain("(read-only file system)");
  });

  it("leave other errors to be shown as they are", () => {
    expect(dataFolderProblem(FOLDER, new Error("socket hang up"))).toBeUndefined();
    expect(portProblem(3000, new Error("socket hang up"))).toBeUndefined();
  });

  it("tell which port is taken and how to choose another", () => {
    const problem = portProblem(3000, systemError("EADDRINUSE"));

    expect(problem).toBeInstanceOf(LocalStartError);
    expect(problem?.message).toBe(
      "Port 3000 is in use by another program: stop it or set PORT to a free port (e.g. PORT=3001).",
    );
  });

  it("tell that a low port needs rights the bot should not have", () => {
    expect(portProblem(80, systemError("EACCES"))?.message).toBe(
      "Port 80 needs administrator rights on this machine: set PORT to 1024 or above (e.g. PORT=3000).",
    );
  });
});
