import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ADMIN_ID, useBot } from "../support/bot-under-test.js";
import { signedSlackEvent, slashCommand } from "../support/slack-requests.js";

/**
 * Whatever arrives at the Slack endpoint — signed or not, well-formed or not — the answer is 2xx, 400, 401 or 404,
 * never a 5xx, and no promise is left rejected. Signed garbage is the interesting case: it passes verification.
 */

const USER = "UFUZZER01";
const bot = useBot((fresh) => fresh.slack.addUsers({ id: USER }, { id: ADMIN_ID }));

const ACTION_IDS = [
  "approve_request",
  "deny_request",
  "retry_request",
  "open_request_modal",
  "confirm_revoke",
  "confirm_team_change",
  "cancel_admin_action",
  "audit_more",
  "waiting_more",
];

/** Text a person (or an attacker) could send: markup, entities, long runs, unicode, JSON fragments. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom("<!channel>", "<@U123|x>", "&lt;", "{", "null", "[]", '{"a":1}', "%", "\u0000", "😀".repeat(50)),
  fc.string({ minLength: 2000, maxLength: 5000 }),
);

const anyJson = fc.jsonValue({ maxDepth: 3 });

const blockAction = fc.record({
  type: fc.constant("block_actions"),
  user: fc.oneof(fc.record({ id: fc.constantFrom(USER, ADMIN_ID, "bad id", "") }), anyJson),
  actions: fc.oneof(
    fc.array(
      fc.record({
        action_id: fc.oneof(fc.constantFrom(...ACTION_IDS), hostileText),
        value: fc.oneof(
          hostileText,
          fc.uuid(),
          anyJson.map((value) => JSON.stringify(value)),
        ),
      }),
      { maxLength: 3 },
    ),
    anyJson,
  ),
  response_url: fc.oneof(fc.constant("http://127.0.0.1:1/response/x"), hostileText),
  trigger_id: fc.oneof(fc.constant("trigger-expired"), hostileText),
  container: fc.oneof(fc.constant({ type: "message", message_ts: "1.2", channel_id: "D1" }), anyJson),
});

const viewSubmission = fc.record({
  type: fc.constant("view_submission"),
  user: fc.record({ id: fc.constantFrom(USER, ADMIN_ID) }),
  view: fc.record({
    callback_id: fc.constantFrom("seat_request_modal", "deny_reason_modal", "unknown"),
    private_metadata: fc.oneof(
      hostileText,
      anyJson.map((value) => JSON.stringify(value)),
    ),
    state: fc.oneof(fc.record({ values: fc.dictionary(fc.string(), fc.dictionary(fc.string(), anyJson)) }), anyJson),
  }),
});

function payloadEvent(payload: unknown) {
  return signedSlackEvent(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    "application/x-www-form-urlencoded",
  );
}

function expectSafe(status: number | undefined): void {
  expect([200, 400, 401, 404]).toContain(status);
}

describe("fuzzing the Slack endpoint", () => {
  it("never answers 5xx to signed interactive payloads of any shape", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(blockAction, viewSubmission, anyJson), async (payload) => {
        const response = await bot.receive(payloadEvent(payload));
        expectSafe(response.statusCode);
      }),
      { numRuns: 150 },
    );
  });

  it("never answers 5xx to signed slash commands with any text, and quotes none of it unescaped", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("", "request ", "seat ", "audit ", "grant ", "revoke ", "grant-team ", "waiting ", "help "),
        hostileText,
        fc.constantFrom(USER, ADMIN_ID),
        async (subcommand, text, userId) => {
          const response = await bot.receive(
            slashCommand({ userId, text: `${subcommand}${text}`, responseUrl: bot.slack.responseUrl("fuzz") }),
          );
          expectSafe(response.statusCode);
          // Whatever was typed, the answer never carries a broadcast or someone else's mention from it.
          expect(response.body ?? "").not.toContain("<!channel>");
          expect(response.body ?? "").not.toContain("<@U123|x>");
        },
      ),
      { numRuns: 150 },
    );
  });

  it("answers 400 or 401, never 5xx, to arbitrary bodies and headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 500 }),
        fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", ""),
        fc.boolean(),
        async (body, contentType, signed) => {
          const event = signedSlackEvent(body, contentType, signed ? {} : { secret: "wrong-secret" });
          const response = await bot.receive(event);
          expect(signed ? [200, 400, 404] : [401]).toContain(response.statusCode);
        },
      ),
      { numRuns: 200 },
    );
  });
});
