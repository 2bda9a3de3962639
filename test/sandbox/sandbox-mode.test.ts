import { describe, expect, it } from "vitest";
import { LocalStartError } from "../../src/local/start-up-errors.js";
import { sandboxRequested } from "../../src/sandbox/sandbox-mode.js";

describe("when npm start runs the sandbox", () => {
  it("runs it when nothing of a real workspace is configured", () => {
    expect(sandboxRequested([], { PORT: "3000", TIME_ZONE: "Europe/Berlin" })).toBe(true);
  });

  it("runs it on --sandbox", () => {
    expect(sandboxRequested(["--sandbox"], {})).toBe(true);
  });

  it.each([
    "SLACK_SIGNING_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "GITHUB_ORG",
    "GITHUB_TOKEN",
    "GITHUB_APP_ID",
    "GITHUB_APP_PRIVATE_KEY",
    "GITHUB_APP_INSTALLATION_ID",
  ])("leaves it off once %s is set, so a partial configuration gets the configuration's own message", (name) => {
    expect(sandboxRequested([], { [name]: "x" })).toBe(false);
  });

  it("ignores a variable set to blanks, as the configuration does", () => {
    expect(sandboxRequested([], { SLACK_BOT_TOKEN: "  " })).toBe(true);
  });

  it("refuses --sandbox beside real credentials, naming them", () => {
    const start = () => sandboxRequested(["--sandbox"], { SLACK_BOT_TOKEN: "xoxb-1", GITHUB_TOKEN: "ghp_1" });
    expect(start).toThrow(LocalStartError);
    expect(start).toThrow(/SLACK_BOT_TOKEN, GITHUB_TOKEN are set/);
  });
});
