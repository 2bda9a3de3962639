import { describe, expect, it } from "vitest";
import { RequestCheckError } from "../../src/request/errors.js";
import { checkSeatDuration } from "../../src/request/seat-term.js";
import { parseInlineRequest } from "../../src/slack/command-text.js";
import { messageForError } from "../../src/slack/error-messages.js";

describe("a seat's term in the inline command", () => {
  it("reads `for 30d` right after the manager, and keeps the rest as the reason", () => {
    expect(parseInlineRequest("octocat <@UMANAGER1> for 30d pairing all month")).toEqual({
      githubLogin: "octocat",
      managerId: "UMANAGER1",
      seatDuration: "30d",
      reason: "pairing all month",
    });
  });

  it("leaves a reason that merely starts with 'for' alone", () => {
    expect(parseInlineRequest("octocat <@UMANAGER1> for the new project")).toEqual({
      githubLogin: "octocat",
      managerId: "UMANAGER1",
      reason: "for the new project",
    });
  });
});

describe("checking a seat's term", () => {
  const terms = { durations: ["30d", "60d"], defaultDuration: "permanent" };

  it("takes one of SEAT_DURATIONS, and permanent (no term) by default", () => {
    expect(checkSeatDuration("60d", terms)).toBe("60d");
    expect(checkSeatDuration(undefined, terms)).toBeUndefined();
    expect(checkSeatDuration("permanent", terms)).toBeUndefined();
  });

  it("makes every seat time-bound when DEFAULT_SEAT_DURATION says so", () => {
    expect(checkSeatDuration(undefined, { ...terms, defaultDuration: "30d" })).toBe("30d");
  });

  it("refuses other terms, naming the ones on offer", () => {
    expect(() => checkSeatDuration("45d", terms)).toThrow(RequestCheckError);
    const refusal = (() => {
      try {
        checkSeatDuration("45d", terms);
      } catch (error) {
        return messageForError(error, console);
      }
    })();
    expect(refusal).toMatch(/`30d`, `60d`, `permanent`; "45d" is not one of them/);
  });
});
