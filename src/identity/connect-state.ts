import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isSlackUserId } from "../identifiers.js";

/** How long a "Connect your GitHub account" link works: long enough to sign in to GitHub, short enough not to leak. */
export const CONNECT_STATE_LIFETIME_MS = 10 * 60 * 1000;

const VERSION = "v1";
const NONCE = /^[A-Za-z0-9_-]{22}$/;

export type StateCheck =
  | { kind: "valid"; slackUserId: string; nonce: string; expiresAt: Date }
  /** Not made by this bot (or changed on the way): the signature does not match. */
  | { kind: "forged" }
  | { kind: "expired"; slackUserId: string };

/**
 * The OAuth `state` of "Connect your GitHub account": `v1.<slack-user>.<nonce>.<expiry>.<hmac>`, signed with a key
 * derived from the GitHub App's client secret (so there is no second secret to keep), bound to one Slack person,
 * short-lived, and single-use through its nonce (see `StateNonces`). The signature covers everything before it.
 */
export class ConnectStateSigner {
  private readonly key: Buffer;

  constructor(clientSecret: string) {
    // A key of its own, derived rather than the client secret itself, so a state never carries anything usable with
    // GitHub and the two purposes cannot be confused.
    this.key = createHmac("sha256", clientSecret).update("copilot-seat-bot connect-state v1").digest();
  }

  issue(slackUserId: string, now: Date, nonce = randomBytes(16).toString("base64url")): string {
    const expires = Math.floor((now.getTime() + CONNECT_STATE_LIFETIME_MS) / 1000);
    const payload = `${VERSION}.${slackUserId}.${nonce}.${expires}`;
    return `${payload}.${this.sign(payload)}`;
  }

  check(state: string, now: Date): StateCheck {
    const parts = state.split(".");
    if (parts.length !== 5) return { kind: "forged" };
    const [version, slackUserId = "", nonce = "", expiresText = "", signature = ""] = parts;
    const expected = Buffer.from(this.sign(parts.slice(0, 4).join(".")));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: "forged" };
    // Signed by us, so well-formed unless the format changed: still check rather than trust.
    const expires = Number(expiresText);
    if (version !== VERSION || !isSlackUserId(slackUserId) || !NONCE.test(nonce) || !Number.isSafeInteger(expires)) {
      return { kind: "forged" };
    }
    if (expires * 1000 <= now.getTime()) return { kind: "expired", slackUserId };
    return { kind: "valid", slackUserId, nonce, expiresAt: new Date(expires * 1000) };
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }
}
