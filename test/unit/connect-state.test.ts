import { describe, expect, it } from "vitest";
import { CONNECT_STATE_LIFETIME_MS, ConnectStateSigner } from "../../src/identity/connect-state.js";

const NOW = new Date("2026-11-21T10:00:00.000Z");
const signer = new ConnectStateSigner("client-secret-0123456789");

describe("the sign-in state", () => {
  it("is valid for the Slack person it was issued to, until it expires", () => {
    const state = signer.issue("URILEY001", NOW);

    const check = signer.check(state, new Date(NOW.getTime() + CONNECT_STATE_LIFETIME_MS - 1000));

    expect(check).toMatchObject({ kind: "valid", slackUserId: "URILEY001" });
  });

  it("is expired once its lifetime has passed", () => {
    const state = signer.issue("URILEY001", NOW);

    expect(signer.check(state, new Date(NOW.getTime() + CONNECT_STATE_LIFETIME_MS))).toEqual({
      kind: "expired",
      slackUserId: "URILEY001",
    });
  });

  it("is forged when its Slack person was changed", () => {
    const state = signer.issue("URILEY001", NOW).replace("URILEY001", "USAM00001");

    expect(signer.check(state, NOW)).toEqual({ kind: "forged" });
  });

  it("is forged when another secret signed it", () => {
    const state = new ConnectStateSigner("another-secret").issue("URILEY001", NOW);

    expect(signer.check(state, NOW)).toEqual({ kind: "forged" });
  });

  it("is forged when it is not a state at all", () => {
    for (const state of ["", "v1", "a.b.c.d.e", "v1.URILEY001.x.1.sig.extra"]) {
      expect(signer.check(state, NOW)).toEqual({ kind: "forged" });
    }
  });

  it("carries a fresh nonce each time", () => {
    const first = signer.check(signer.issue("URILEY001", NOW), NOW);
    const second = signer.check(signer.issue("URILEY001", NOW), NOW);

    expect(first.kind === "valid" && second.kind === "valid" && first.nonce !== second.nonce).toBe(true);
  });
});
