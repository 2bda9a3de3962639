import { describe, expect, it } from "vitest";
import { adminsFrom } from "../../src/request/authorization.js";
import { approveRequest } from "../../src/request/decide-request.js";
import { noCounters, type RequestStore, systemClock } from "../../src/request/ports.js";
import type { SeatRequest } from "../../src/request/seat-request.js";
import { cancelRequest } from "../../src/request/withdraw-request.js";
import { useBot } from "../support/bot-under-test.js";

const bot = useBot();

async function waitingRequest(): Promise<SeatRequest> {
  const at = new Date().toISOString();
  const request: SeatRequest = {
    id: crypto.randomUUID(),
    kind: "request",
    githubLogin: "octocat",
    requesterId: "UREQUEST1",
    managerId: "UMANAGER1",
    reason: "pairing",
    state: "VALIDATING",
    createdAt: at,
    updatedAt: at,
    attempt: 0,
    history: [{ seq: 1, at, actorId: "UREQUEST1", action: "filed", to: "VALIDATING" }],
  };
  await bot.store.create(request);
  return bot.store.transition(request, "PENDING", { actorId: "system", action: "validated" });
}

/**
 * The store as a click sees it when the sweep records a reminder just before the click's write (between its read and
 * its write, where it reads first).
 */
function remindedMeanwhile(store: RequestStore): RequestStore {
  let raced = false;
  const remind = async (requestId: string) => {
    if (raced) return;
    raced = true;
    const fresh = await store.get(requestId);
    if (fresh) await store.transition(fresh, "PENDING", { actorId: "system", action: "reminded" });
  };
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name === "transition") {
        return async (...args: Parameters<RequestStore["transition"]>) => {
          await remind(args[0].id);
          return target.transition(...args);
        };
      }
      if (name === "decide") {
        return async (...args: Parameters<RequestStore["decide"]>) => {
          await remind(args[0]);
          return target.decide(...args);
        };
      }
      return Reflect.get(target, name, receiver);
    },
  });
}

const deps = (store: RequestStore) => ({
  store,
  queue: { enqueue: async () => {} },
  clock: systemClock,
  admins: adminsFrom([]),
  counters: noCounters,
});

describe("a click racing the sweep", () => {
  it("approves a request that was reminded just before the click's write", async () => {
    const request = await waitingRequest();

    const approved = await approveRequest(request.id, "UMANAGER1", deps(remindedMeanwhile(bot.store)));

    expect(approved.state).toBe("APPROVED");
    expect(approved.history.map((h) => h.action)).toEqual(["filed", "validated", "reminded", "approved"]);
  });

  it("cancels a request that was reminded between the click's read and its write", async () => {
    const request = await waitingRequest();

    const cancelled = await cancelRequest(request.id, "UREQUEST1", deps(remindedMeanwhile(bot.store)));

    expect(cancelled.state).toBe("CANCELLED");
  });
});
