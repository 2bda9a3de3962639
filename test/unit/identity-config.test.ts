import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { parseIdentitySources } from "../../src/identity/identity-link.js";
import { problemsOf, MINIMAL_ENV as VALID } from "../support/config-problems.js";

describe("Sign in with GitHub configuration", () => {
  it("is off when neither the client ID nor the client secret is set", () => {
    expect(loadConfig(VALID).signIn).toBeUndefined();
  });

  it("defaults GitHub's web origin to github.com and the bot's public origin to the local port", () => {
    const config = loadConfig({
      ...VALID,
      PORT: "3100",
      GITHUB_APP_CLIENT_ID: "Iv1.abc",
      GITHUB_APP_CLIENT_SECRET: "s3cret",
    });

    expect(config.signIn).toEqual({
      clientId: "Iv1.abc",
      clientSecret: "s3cret",
      webUrl: "https://github.com",
      publicUrl: "http://localhost:3100",
    });
  });

  it("takes GHE.com's web origin and the deployed public URL, without trailing slashes", () => {
    const config = loadConfig({
      ...VALID,
      GITHUB_APP_CLIENT_ID: "Iv1.abc",
      GITHUB_APP_CLIENT_SECRET: "s3cret",
      GITHUB_WEB_URL: "https://acme.ghe.com/",
      BOT_PUBLIC_URL: "https://abc.execute-api.eu-west-1.amazonaws.com/",
    });

    expect(config.signIn).toMatchObject({
      webUrl: "https://acme.ghe.com",
      publicUrl: "https://abc.execute-api.eu-west-1.amazonaws.com",
    });
  });

  it("names the missing half when only the client ID or only the secret is set", () => {
    expect(problemsOf({ ...VALID, GITHUB_APP_CLIENT_ID: "Iv1.abc" })).toEqual([
      expect.stringContaining("GITHUB_APP_CLIENT_SECRET is missing"),
    ]);
    expect(problemsOf({ ...VALID, GITHUB_APP_CLIENT_SECRET: "s3cret" })).toEqual([
      expect.stringContaining("GITHUB_APP_CLIENT_ID is missing"),
    ]);
  });

  it("refuses a web origin or public URL that is not http(s)", () => {
    const problems = problemsOf({
      ...VALID,
      GITHUB_APP_CLIENT_ID: "Iv1.abc",
      GITHUB_APP_CLIENT_SECRET: "s3cret",
      GITHUB_WEB_URL: "github.com",
      BOT_PUBLIC_URL: "ftp://bot",
    });

    expect(problems).toEqual([
      'GITHUB_WEB_URL must be an http(s) URL, got "github.com".',
      'BOT_PUBLIC_URL must be an http(s) URL, got "ftp://bot".',
    ]);
  });
});

describe("REQUIRE_PROVEN_LOGIN", () => {
  it("is off when unset, so typed logins keep working where nobody chose otherwise", () => {
    expect(loadConfig(VALID).requireProvenLogin).toBeUndefined();
  });

  it("is on when set to true", () => {
    expect(loadConfig({ ...VALID, REQUIRE_PROVEN_LOGIN: "TRUE" }).requireProvenLogin).toBe(true);
  });

  it("must be true or false", () => {
    expect(problemsOf({ ...VALID, REQUIRE_PROVEN_LOGIN: "yes" })).toEqual([
      'REQUIRE_PROVEN_LOGIN must be true or false, got "yes".',
    ]);
  });
});

describe("IDENTITY_SOURCES", () => {
  it("defaults to sign-in, SAML, verified-domain emails, then typed logins", () => {
    expect(loadConfig(VALID).identitySources).toEqual(["oauth", "saml", "verified-email", "typed"]);
  });

  it("takes the order given, strongest first, whatever the case and spacing", () => {
    expect(loadConfig({ ...VALID, IDENTITY_SOURCES: " SAML, oauth " }).identitySources).toEqual(["saml", "oauth"]);
  });

  it("names unknown sources and says which are known", () => {
    expect(problemsOf({ ...VALID, IDENTITY_SOURCES: "oauth,ldap" })).toEqual([
      'IDENTITY_SOURCES names unknown sources (ldap): list some of oauth, saml, verified-email, typed, strongest first, each once (default "oauth,saml,verified-email,typed").',
    ]);
  });

  it("refuses a source named twice, and an empty list", () => {
    expect(problemsOf({ ...VALID, IDENTITY_SOURCES: "saml,oauth,saml" })[0]).toMatch(
      /^IDENTITY_SOURCES names saml more than once/,
    );
    expect(problemsOf({ ...VALID, IDENTITY_SOURCES: " , " })[0]).toMatch(/^IDENTITY_SOURCES is empty/);
  });
});

describe("IDENTITY_SOURCES, over any list", () => {
  const known = fc
    .subarray(["oauth", "saml", "verified-email", "typed"])
    .chain((names) => fc.shuffledSubarray(names, { minLength: names.length }));

  it("takes every non-empty list of known sources, each once, in the order given", () => {
    fc.assert(
      fc.property(
        known.filter((names) => names.length > 0),
        (names) => {
          expect(parseIdentitySources(names.join(","))).toEqual({ order: names });
        },
      ),
    );
  });

  it("refuses any list with a name it does not know, naming it", () => {
    fc.assert(
      fc.property(
        known,
        fc
          .stringMatching(/^[a-z][a-z-]{0,12}$/)
          .filter((name) => !["oauth", "saml", "verified-email", "typed"].includes(name)),
        (names, stranger) => {
          const read = parseIdentitySources([...names, stranger].join(","));
          expect("problem" in read && read.problem).toContain(`(${stranger})`);
        },
      ),
    );
  });
});
