import { describe, expect, it } from "vitest";
import { DurationError, parseDuration } from "../../src/config/duration.js";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["15m", 15 * 60_000],
    ["24h", 24 * 60 * 60_000],
    ["14d", 14 * 24 * 60 * 60_000],
    ["1m", 60_000],
  ])("reads %s as %i milliseconds", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("ignores spaces around the value, as an .env file may leave them", () => {
    expect(parseDuration(" 15m ")).toBe(15 * 60_000);
  });

  it.each([
    ["a bare number, whose unit would be a guess", "15"],
    ["an empty value", ""],
    ["an unknown unit", "2w"],
    ["a unit in capitals", "15M"],
    ["two units", "1h30m"],
    ["a fraction", "1.5h"],
    ["a negative amount", "-5m"],
    ["zero", "0s"],
    ["a space between the number and the unit", "15 m"],
    ["a number too large to count in milliseconds", "99999999999999999d"],
  ])("refuses %s", (_why, text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });

  it("says what was wrong and how to write a duration", () => {
    expect(() => parseDuration("soon")).toThrow(
      '"soon" is not a duration: write a whole number above zero followed by one unit, s, m, h or d, such as 90s, 15m, 24h or 14d.',
    );
  });
});
