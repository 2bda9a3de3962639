import { describe, expect, it } from "vitest";
import {
  decodeSlackEntities,
  isCompleteInlineRequest,
  parseCommand,
  parseInlineRequest,
} from "../../src/slack/command-text.js";

describe("slash command text", () => {
  it("splits the subcommand from the rest, case-insensitively", () => {
    expect(parseCommand("  REQUEST octocat <@U1> hi ")).toEqual({ subcommand: "request", rest: "octocat <@U1> hi" });
    expect(parseCommand("")).toEqual({ subcommand: "", rest: "" });
  });

  it("reads login, escaped manager mention with a name, and the reason", () => {
    const parsed = parseInlineRequest("octocat <@U012AB3CD|max.m> I need  it\nfor reviews");

    expect(parsed).toEqual({ githubLogin: "octocat", managerId: "U012AB3CD", reason: "I need  it\nfor reviews" });
    expect(isCompleteInlineRequest(parsed)).toBe(true);
  });

  it("keeps what was given when parts are missing, so the form can be prefilled", () => {
    expect(parseInlineRequest("octocat")).toEqual({ githubLogin: "octocat" });
    expect(parseInlineRequest("<@U012AB3CD> because")).toEqual({ managerId: "U012AB3CD", reason: "because" });
    expect(isCompleteInlineRequest(parseInlineRequest("octocat <@U012AB3CD>"))).toBe(false);
  });

  it("does not take a plain @name as the manager", () => {
    const parsed = parseInlineRequest("octocat @max please");

    expect(parsed.managerId).toBeUndefined();
    expect(isCompleteInlineRequest(parsed)).toBe(false);
  });

  it("decodes Slack's entities exactly once", () => {
    expect(decodeSlackEntities("a &lt;b&gt; &amp;lt;")).toBe("a <b> &lt;");
  });
});
