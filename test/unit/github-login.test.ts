import { describe, expect, it } from "vitest";
import { RequestCheckError } from "../../src/request/errors.js";
import { isValidGitHubLogin, parseGitHubLogin } from "../../src/request/github-login.js";

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
    expect(() => parseGitHubLogin("x".repeat(40))).toThrow(/40 characters long; GitHub allows at most 39/);
    expect(() => parseGitHubLogin("a--b")).toThrow(/two hyphens in a row/);
    try {
      parseGitHubLogin("<!channel>");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequestCheckError);
      expect((error as Error).message).toContain("&lt;!channel&gt;");
    }
  });
});
