import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RequestCheckError } from "../../src/request/errors.js";
import { isValidGitHubLogin, parseGitHubLogin } from "../../src/request/github-login.js";
import {
  decodeSlackEntities,
  isCompleteInlineRequest,
  parseCommand,
  parseInlineRequest,
  parseMention,
} from "../../src/slack/command-text.js";
import { messageForError } from "../../src/slack/error-messages.js";
import { escapeMrkdwn } from "../../src/slack/mrkdwn.js";
import { hostileText, mrkdwnProblems, slackUserId } from "../support/block-kit-properties.js";

/** What Slack does to typed text before it sends a slash command with `should_escape: true`. */
const slackEncode = escapeMrkdwn;

/** Any text at all, and text shaped like a command: words, mentions, entities and odd whitespace. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  hostileText(300),
  fc
    .array(
      fc.oneof(
        fc.constantFrom("request", "REQUEST", "help", "seat", " ", "\t", "\n", "\u00a0", "\u2003", "&lt;", "&amp;"),
        slackUserId.map((id) => `<@${id}>`),
        slackUserId.map((id) => `<@${id}|some.name>`),
        fc.string({ maxLength: 10 }),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(" ")),
);

/** GitHub's rule: letters, digits and single inner hyphens, at most 39 characters. */
const githubLogin = fc
  .array(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join("-").slice(0, 39).replace(/-$/, ""));
/** A reason as a person types it: anything with something in it besides whitespace. */
const reason = hostileText(500).filter((text) => text.trim().length > 0);
const managerToken = fc.oneof(
  slackUserId.map((id) => ({ id, token: `<@${id}>` })),
  fc
    .tuple(slackUserId, fc.stringMatching(/^[a-z0-9._-]{1,20}$/))
    .map(([id, name]) => ({ id, token: `<@${id}|${name}>` })),
);
const spaces = fc.stringMatching(/^[ \t\n]{1,3}$/);

describe("slash command text, for any text Slack can send", () => {
  it("parseCommand never throws and splits off one lower-case word", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { subcommand, rest } = parseCommand(text);

        expect(subcommand).not.toMatch(/\s/);
        expect(subcommand).toBe(subcommand.toLowerCase());
        expect(rest).toBe(rest.trim());
        if (text.trim()) expect(subcommand).not.toBe("");
      }),
      { numRuns: 500 },
    );
  });

  it("parseInlineRequest never throws and returns only well-formed parts", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseInlineRequest(text);

        if (parsed.githubLogin !== undefined) expect(parsed.githubLogin).not.toMatch(/^$|\s/);
        if (parsed.managerId !== undefined) expect(parsed.managerId).toMatch(/^[UW][A-Z0-9]+$/);
        if (parsed.reason !== undefined) {
          expect(parsed.reason).not.toBe("");
          expect(parsed.reason).toBe(parsed.reason.trim());
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a login that is not valid is refused with the product's own error, quoting the input escaped", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, githubLogin), (text) => {
        try {
          expect(isValidGitHubLogin(parseGitHubLogin(text))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestCheckError);
          expect(mrkdwnProblems(messageForError(error, console))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("decodes Slack's entities back to exactly what was typed", () => {
    fc.assert(
      fc.property(hostileText(300), (typed) => {
        expect(decodeSlackEntities(slackEncode(typed))).toBe(typed);
      }),
    );
  });
});

describe("a well-formed inline request", () => {
  it("comes back as the login, manager and reason that were typed", () => {
    fc.assert(
      fc.property(
        githubLogin,
        managerToken,
        reason,
        spaces,
        spaces,
        fc.constantFrom("request", "Request", "REQUEST"),
        (login, manager, typedReason, gap1, gap2, word) => {
          const text = `${word} ${login}${gap1}${manager.token}${gap2}${slackEncode(typedReason)}`;

          const { subcommand, rest } = parseCommand(text);
          const parsed = parseInlineRequest(rest);

          expect(subcommand).toBe("request");
          expect(parsed).toEqual({ githubLogin: login, managerId: manager.id, reason: typedReason.trim() });
          expect(isCompleteInlineRequest(parsed)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("keeps what was given when the manager is missing, for the form", () => {
    fc.assert(
      fc.property(githubLogin, (login) => {
        expect(parseInlineRequest(login)).toEqual({ githubLogin: login });
        expect(parseMention(login)).toBeUndefined();
      }),
    );
  });
});
