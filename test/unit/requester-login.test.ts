import { describe, expect, it } from "vitest";
import type { IdentityLink } from "../../src/identity/identity-link.js";
import { requesterLogin } from "../../src/identity/requester-login.js";
import { RequestCheckError } from "../../src/request/errors.js";

const RILEY = "URILEY001";
const SAM = "USAM00001";

function link(slackUserId: string, githubLogin: string, source: IdentityLink["source"] = "oauth"): IdentityLink {
  const at = "2026-11-20T10:00:00.000Z";
  return { slackUserId, githubLogin, source, linkedAt: at, lastConfirmedAt: at };
}

/** Links as the store answers them: by Slack person, and proven logins by login. */
function linksOf(...all: IdentityLink[]) {
  return {
    linkOf: async (slackUserId: string) => all.find((l) => l.slackUserId === slackUserId),
    linkOfLogin: async (login: string) =>
      all.find((l) => l.githubLogin.toLowerCase() === login.toLowerCase() && l.source !== "typed"),
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestCheckError) return error.code;
    throw error;
  }
  return undefined;
}

describe("the GitHub account a request is for", () => {
  it("is the requester's proven account when they typed none", async () => {
    const found = await requesterLogin(RILEY, undefined, {
      links: linksOf(link(RILEY, "Riley-GH")),
      requireProven: true,
    });

    expect(found).toEqual({ githubLogin: "Riley-GH", proven: true });
  });

  it("is proven when the typed login is the requester's proven one, whatever its case", async () => {
    const found = await requesterLogin(RILEY, "riley-gh", {
      links: linksOf(link(RILEY, "Riley-GH")),
      requireProven: true,
    });

    expect(found).toEqual({ githubLogin: "Riley-GH", proven: true });
  });

  it("is refused when another Slack person proved the typed login, even when typed logins are allowed", async () => {
    const policy = { links: linksOf(link(SAM, "sam-gh")), requireProven: false };

    expect(await codeOf(requesterLogin(RILEY, "sam-gh", policy))).toBe("LOGIN_NOT_YOURS");
  });

  it("is the typed login, marked unproven, when REQUIRE_PROVEN_LOGIN is off", async () => {
    const found = await requesterLogin(RILEY, "riley-typed", { links: linksOf(), requireProven: false });

    expect(found).toEqual({ githubLogin: "riley-typed", proven: false });
  });

  it("is refused when REQUIRE_PROVEN_LOGIN is on and the typed login is not proven", async () => {
    const policy = { links: linksOf(link(RILEY, "riley-typed", "typed")), requireProven: true };

    expect(await codeOf(requesterLogin(RILEY, "riley-typed", policy))).toBe("LOGIN_NOT_PROVEN");
  });

  it("asks the requester to connect when they typed none and have proven none", async () => {
    expect(await codeOf(requesterLogin(RILEY, undefined, { links: linksOf(), requireProven: false }))).toBe(
      "LOGIN_NOT_PROVEN",
    );
  });
});
