import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adminsFrom, assertMayDecide } from "../../src/request/authorization.js";
import type { SeatRequest } from "../../src/request/seat-request.js";
import { useBot } from "../support/bot-under-test.js";

/**
 * A decision is one conditional write whose condition carries who may decide (`DynamoDbRequestStore.decide`), so the
 * rule lives twice: in `assertMayDecide` and in the write's condition. Over every mix of people and states, against
 * dynalite, the write succeeds exactly when the domain's rule allows it and the request waits; a cancellation
 * exactly when the actor filed it and it waits.
 */

const bot = useBot();

const PEOPLE = ["UPERSON01", "UPERSON02", "UPERSON03", "UPERSON04"] as const;
type Reached = "VALIDATING" | "PENDING" | "APPROVED" | "DENIED";

async function requestIn(state: Reached, requesterId: string, managerId: string): Promise<SeatRequest> {
  const at = new Date().toISOString();
  const request: SeatRequest = {
    id: randomUUID(),
    kind: "request",
    // A login of its own, so no run's open-request slot stands in another's way.
    githubLogin: `dev-${randomUUID().slice(0, 8)}`,
    requesterId,
    managerId,
    reason: "pairing",
    state: "VALIDATING",
    createdAt: at,
    updatedAt: at,
    attempt: 0,
    history: [{ seq: 1, at, actorId: requesterId, action: "filed", to: "VALIDATING" }],
  };
  await bot.store.create(request);
  if (state === "VALIDATING") return request;
  const pending = await bot.store.transition(request, "PENDING", { actorId: "system", action: "validated" });
  if (state === "PENDING") return pending;
  return bot.store.transition(pending, state, {
    actorId: managerId,
    action: state === "APPROVED" ? "approved" : "denied",
  });
}

function allowedByDomain(request: SeatRequest, actorId: string, admins: readonly string[]): boolean {
  try {
    assertMayDecide(request, actorId, adminsFrom(admins));
    return request.state === "PENDING";
  } catch {
    return false;
  }
}

const scenario = fc.record({
  state: fc.constantFrom<Reached>("VALIDATING", "PENDING", "PENDING", "APPROVED", "DENIED"),
  requester: fc.constantFrom(...PEOPLE),
  manager: fc.constantFrom(...PEOPLE),
  actor: fc.constantFrom(...PEOPLE),
  admins: fc.subarray([...PEOPLE]),
  to: fc.constantFrom("APPROVED" as const, "DENIED" as const, "CANCELLED" as const),
});

describe("the decision's write condition", () => {
  it("lets a decision or a cancellation through exactly when the rules allow it", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ state, requester, manager, actor, admins, to }) => {
        const request = await requestIn(state, requester, manager);

        const outcome = await bot.store.decide(request.id, {
          to,
          actorId: actor,
          actorIsAdmin: admins.includes(actor),
          decidedAt: new Date().toISOString(),
        });

        const allowed =
          to === "CANCELLED"
            ? actor === requester && request.state === "PENDING"
            : allowedByDomain(request, actor, admins);
        expect(Boolean(outcome.decided)).toBe(allowed);
        const stored = await bot.store.get(request.id);
        expect(stored?.state).toBe(allowed ? to : request.state);
        if (!allowed) expect(outcome.refused?.state).toBe(request.state);
        if (allowed) {
          // The entry appended without a sequence number reads back with its position.
          expect(stored?.history.map((entry) => entry.seq)).toEqual(stored?.history.map((_, index) => index + 1));
          expect(stored?.decidedBy).toBe(to === "CANCELLED" ? undefined : actor);
        }
      }),
      { numRuns: 60 },
    );
  });
});
