import { describe, expect, it } from "vitest";
import { RequestCheckError } from "../../src/request/errors.js";
import { isValidGitHubLogin, parseGitHubLogin } from "../../src/request/github-login.js";
import { messageForError } from "../../src/slack/error-messages.js";

describe("GitHub login rules", () => {
  it.each(["a", "octocat", "octo-cat", "A1-b2-C3", "x".repeat(39)])("accepts %s", (login) => {
    expect(isValidGitHubLogin(login)).toBe(true);
  });

  it.each(["", "-octo", "octo-", "octo--cat", "octo_cat", "octo.cat", "x".repeat(40), "<!channel>"])(
    "refuses %s",
    (login) => {
      expect(isValidGitHubLogin(login)).toBe(false);
    },
  );

  it("drops a leading @", () => {
    expect(parseGitHubLogin(" @octocat ")).toBe("octocat");
  });

  it("explains what is wrong and escapes the input it quotes", () => {
    const wordsFor = (typed: string) => {
      try {
        parseGitHubLogin(typed);
      } catch (error) {
        return messageForError(error, console);
      }
      return expect.unreachable();
    };
    expect(wordsFor("x".repeat(40))).toMatch(/40 characters long; GitHub allows at most 39/);
    expect(wordsFor("a--b")).toMatch(/two hyphens in a row/);
    try {
      parseGitHubLogin("<!channel>");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequestCheckError);
      expect(messageForError(error, console)).toContain("&lt;!channel&gt;");
    }
  });
});
