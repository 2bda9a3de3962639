import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbRequestStore } from "../../src/dynamodb/dynamodb-request-store.js";
import { ITEM_KEYS } from "../../src/dynamodb/table-schema.js";
import { DuplicateRequestError, StaleStateError } from "../../src/request/errors.js";
import type { SeatRequest } from "../../src/request/seat-request.js";
import { DynamoDbFaultProxy } from "../fakes/dynamodb-fault-proxy.js";
import { recreateTable, startDynalite } from "../support/dynalite-server.js";

const TABLE = "request-store-test";
let dynamodb: Awaited<ReturnType<typeof startDynalite>>;
let documents: ReturnType<typeof createDocumentClient>;
let store: DynamoDbRequestStore;
let nextId = 1;

function newRequest(login = "octocat"): SeatRequest {
  const now = new Date().toISOString();
  return {
    id: `r${nextId++}`,
    kind: "request",
    githubLogin: login,
    requesterId: "UREQUEST1",
    managerId: "UMANAGER1",
    reason: "pairing",
    state: "VALIDATING",
    createdAt: now,
    updatedAt: now,
    attempt: 0,
    history: [{ seq: 1, at: now, actorId: "UREQUEST1", action: "filed", to: "VALIDATING" }],
  };
}

async function failedRequest(): Promise<SeatRequest> {
  const request = newRequest();
  await store.create(request);
  const pending = await store.transition(request, "PENDING", { actorId: "system", action: "validated" });
  const approved = await store.transition(pending, "APPROVED", { actorId: "UMANAGER1", action: "approved" });
  return store.transition(approved, "FAILED", { actorId: "system", action: "failed" });
}

/** An open-request slot for `octocat` whose request item does not exist (yet, or any more). */
function putOrphanSlot(requestId: string, takenAt: number) {
  return documents.send(
    new PutCommand({
      TableName: TABLE,
      Item: {
        pk: "OPEN#octocat",
        sk: "OPEN",
        requestId,
        requesterId: "U1",
        managerId: "UMANAGER9",
        createdAt: new Date(takenAt).toISOString(),
        takenAt,
      },
    }),
  );
}

beforeAll(async () => {
  dynamodb = await startDynalite();
  documents = createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint });
  store = new DynamoDbRequestStore(documents, TABLE);
});

afterAll(async () => {
  await dynamodb.close();
});

beforeEach(async () => {
  await recreateTable(dynamodb.client, TABLE);
});

describe("the open-request slot of a GitHub login", () => {
  it("stays held by the request when two admins retry it at the same moment", async () => {
    const request = await failedRequest();
    const retry = () =>
      store.transition(request, "APPROVED", { actorId: "UADMIN01", action: "retried" }, { attempt: 1 });

    const outcomes = await Promise.allSettled([retry(), retry()]);

    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason)).toEqual([
      expect.any(StaleStateError),
    ]);
    await expect(store.create(newRequest())).rejects.toBeInstanceOf(DuplicateRequestError);
  });

  it("refuses a second request while the first one's slot is fresh, even before its request can be read", async () => {
    // The first request has taken the slot but its own item is not written yet.
    await putOrphanSlot("r-in-flight", Date.now());

    await expect(store.create(newRequest())).rejects.toMatchObject({
      code: "DUPLICATE_REQUEST",
      params: { managerId: "UMANAGER9", state: "VALIDATING" },
    });
  });

  it("clears a slot left behind by a request that no longer exists, once it is old", async () => {
    await putOrphanSlot("r-crashed", Date.now() - 10 * 60_000);
    const request = newRequest();

    await store.create(request);

    expect((await store.get(request.id))?.state).toBe("VALIDATING");
  });

  it("is free again once the request is denied", async () => {
    const first = newRequest();
    await store.create(first);
    const pending = await store.transition(first, "PENDING", { actorId: "system", action: "validated" });
    await store.transition(pending, "DENIED", { actorId: "UMANAGER1", action: "denied" });

    await store.create(newRequest());

    expect(await store.listByRequester("UREQUEST1", 5)).toHaveLength(2);
  });
});

describe("state changes", () => {
  it("record each change in the request's history, and only once when two changes race", async () => {
    const request = newRequest();
    await store.create(request);
    const pending = await store.transition(request, "PENDING", { actorId: "system", action: "validated" });
    const approve = () => store.transition(pending, "APPROVED", { actorId: "UMANAGER1", action: "approved" });

    await Promise.allSettled([approve(), approve(), approve()]);

    const stored = await store.get(request.id);
    expect(stored?.history.map((h) => h.action)).toEqual(["filed", "validated", "approved"]);
  });
});

describe("writing a change's audit items", () => {
  const historyItem = (seq: number) => (input: Record<string, unknown>) =>
    (input.Item as { sk?: { S?: string } } | undefined)?.sk?.S === ITEM_KEYS.requestHistory("", seq).sk;

  it("does not return while one item is still being written because another failed", async () => {
    const proxy = await DynamoDbFaultProxy.start(dynamodb.endpoint);
    const client = createDocumentClient({ region: "us-east-1", endpoint: proxy.endpoint });
    try {
      const request = newRequest();
      await store.create(request, { auditLater: true });
      const pending = await store.transition(
        request,
        "PENDING",
        { actorId: "system", action: "validated" },
        {},
        {
          auditLater: true,
        },
      );
      // The first entry fails on both attempts; the second is throttled once, and its retry waits out a back-off.
      proxy.failCall("PutItem", { fault: "internal", times: 2, match: historyItem(1) });
      proxy.failCall("PutItem", { fault: "throttle", times: 1, match: historyItem(2) });

      await expect(new DynamoDbRequestStore(client, TABLE).projectHistory(pending)).rejects.toThrow();

      // Written before the failure was reported: nothing of this change is left running once its caller moves on
      // (a Lambda container is frozen then, and the write would land during some later invocation).
      const { Item } = await documents.send(
        new GetCommand({ TableName: TABLE, Key: ITEM_KEYS.requestHistory(request.id, 2), ConsistentRead: true }),
      );
      expect(Item?.action).toBe("validated");
    } finally {
      client.destroy();
      await proxy.stop();
    }
  });
});
