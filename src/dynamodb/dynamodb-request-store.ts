import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { allSettledOrThrow } from "../bounded-concurrency.js";
import { logger } from "../config/logger.js";
import { DuplicateRequestError, InvalidTransitionError, StaleStateError } from "../request/errors.js";
import {
  type Clock,
  type DecideOptions,
  type Decision,
  type DecisionOutcome,
  type NewHistoryEntry,
  type OpenRequestSummary,
  type RequestChanges,
  type RequestStore,
  type StepClaim,
  systemClock,
  type WriteOptions,
} from "../request/ports.js";
import type { HistoryEntry, MessageRef, RequestState, SeatRequest } from "../request/seat-request.js";
import { canTransition, isOpen } from "../request/state-machine.js";
import { decodeCursor, encodeCursor, isConditionFailure, pickFields } from "./dynamodb-conventions.js";
import { type IndexName, ITEM_KEYS } from "./table-schema.js";

const requestKey = ITEM_KEYS.request;
const openKey = ITEM_KEYS.openSlot;
const userKey = ITEM_KEYS.userProfile;
/** A step's lease is a top-level attribute: DynamoDB cannot create a map and set a key in it in one update. */
const leaseAttribute = (step: string) => `lease#${step}`;

/** The sparse index entry that marks a request whose newest history entries are not yet audit items. */
function auditPendingKeys(request: Pick<SeatRequest, "id">, at: string) {
  return { gsi4pk: ITEM_KEYS.auditPending, gsi4sk: `${at}#${request.id}` };
}

/**
 * Index keys that change with the request's state, so the by-approver and by-state indexes stay current. Only a
 * waiting request is on the by-approver index: nothing looks a request up by approver once it is decided, and a
 * decision (`decide`) is one write that knows the request's ID but not when it was filed, so it could not rebuild
 * the sort key.
 */
function requestIndexKeys(request: Pick<SeatRequest, "requesterId" | "managerId" | "state" | "createdAt" | "id">) {
  return {
    gsi1pk: `REQUESTER#${request.requesterId}`,
    gsi1sk: `${request.createdAt}#${request.id}`,
    ...(request.state === "PENDING"
      ? { gsi2pk: `APPROVER#${request.managerId}`, gsi2sk: `PENDING#${request.createdAt}#${request.id}` }
      : {}),
    gsi3pk: `STATE#${request.state}`,
    gsi3sk: `${request.createdAt}#${request.id}`,
  };
}

/** How long a fresh open-request slot is trusted even before its request can be read. */
const SLOT_SETTLING_MS = 60_000;

/**
 * What every change of a request's state sets: the state, when, the appended history entry, the by-state index key,
 * and the audit-pending index keys, kept until the entry is also written as its own audit item.
 */
const STATE_CHANGE_SETS = [
  "#state = :to",
  "updatedAt = :now",
  "history = list_append(history, :entry)",
  "gsi3pk = :gsi3pk",
  "gsi4pk = :gsi4pk",
  "gsi4sk = :gsi4sk",
] as const;

/**
 * Requests and their history in one DynamoDB table (layout in `table-schema.ts`).
 *
 * A state change and its history entry are one conditional `UpdateItem` on the request item (the entry is appended
 * to its `history` list), so no change can be recorded without happening or happen without being recorded, without
 * needing transactions (the embedded dynalite has none). Each entry is then also written as its own item, keyed by its
 * sequence number, to serve the by-login and whole-history audit indexes. That second write can fail after the
 * change has happened; the same `UpdateItem` therefore puts the request on the sparse `gsi4` index, and only a
 * successful audit write takes it off again, so the maintenance sweep finds and repairs (`projectHistory`) every
 * entry that is still missing. A caller is never told "nothing changed" about a change that did happen.
 */
export class DynamoDbRequestStore implements RequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  private nowIso(): string {
    return this.clock.now().toISOString();
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /**
   * The request item and the login's open-request slot are two items, written at the same time: on Slack's clock
   * that is one round trip instead of two. They are not one transaction because the embedded DynamoDB (dynalite) has
   * none, so a failure of either write undoes the other, and nothing is left half-filed:
   * - the slot is taken (or held by another open request, `DuplicateRequestError`) but the request was not written:
   *   the slot is given back;
   * - the request was written but the slot was not taken: the request item is deleted (it is still VALIDATING with
   *   its first history entry, and nobody has been told of it).
   * If the undoing fails too, what is left is recognised later: a slot whose request does not exist is cleared by
   * the next `takeOpenSlot` once it is older than `SLOT_SETTLING_MS`, and a request whose slot was never taken
   * takes it when it leaves VALIDATING (`transition`), or is rejected as a duplicate if another request holds it.
   */
  async create(request: SeatRequest, options: WriteOptions = {}): Promise<void> {
    const [slot, item] = await Promise.allSettled([
      this.takeOpenSlot(request),
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...requestKey(request.id),
            type: "request",
            ...request,
            ...requestIndexKeys(request),
            ...auditPendingKeys(request, request.createdAt),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      ),
    ]);
    if (slot.status === "rejected" || item.status === "rejected") {
      await Promise.all([
        slot.status === "fulfilled" && this.undo("slot", () => this.releaseOpenSlot(request.githubLogin, request.id)),
        item.status === "fulfilled" && this.undo("request", () => this.deleteUnannounced(request)),
      ]);
      // The slot's refusal says why (another open request); otherwise whichever write failed.
      throw slot.status === "rejected" ? slot.reason : (item as PromiseRejectedResult).reason;
    }
    if (!options.auditLater) await this.projectHistoryQuietly(request);
  }

  /** Deletes a request just written by `create`, only while nothing has happened to it since. */
  private async deleteUnannounced(request: SeatRequest): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: requestKey(request.id),
          ConditionExpression: "#state = :validating AND size(history) = :filed",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":validating": "VALIDATING", ":filed": request.history.length },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Undoes half of a failed `create`; a failure here is logged and left to the recognition described there. */
  private async undo(what: "slot" | "request", action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      logger.warn(`Could not undo the ${what} of a request that was not filed; it is recognised and cleared later`, {
        error,
      });
    }
  }

  async get(requestId: string): Promise<SeatRequest | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return Item ? toRequest(Item) : undefined;
  }

  async transition(
    current: SeatRequest,
    to: RequestState,
    entry: NewHistoryEntry,
    changes: RequestChanges = {},
    options: WriteOptions = {},
  ): Promise<SeatRequest> {
    const { id: requestId, state: from } = current;
    if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
    // Leaving a final state for an open one (an admin's retry) needs the login's open-request slot back first. So
    // does leaving VALIDATING: `create` writes the slot beside the request, and if undoing a failed slot write
    // failed too, this is where the request finds out that another one holds the login (`DuplicateRequestError`).
    if (isOpen(to) && (!isOpen(from) || from === "VALIDATING")) await this.takeOpenSlot(current);

    const now = this.nowIso();
    const historyEntry: HistoryEntry = {
      seq: current.history.length + 1,
      at: now,
      actorId: entry.actorId,
      action: entry.action,
      from,
      to,
      ...(entry.detail ? { detail: entry.detail } : {}),
    };
    // A forward changes the approver, so the by-approver index key is written with every change.
    const indexKeys = requestIndexKeys({ ...current, managerId: changes.managerId ?? current.managerId, state: to });
    const values: Record<string, unknown> = {
      ":from": from,
      ":to": to,
      ":now": now,
      ":entry": [historyEntry],
      ":seq": current.history.length,
      ":gsi3pk": indexKeys.gsi3pk,
      ":gsi4pk": ITEM_KEYS.auditPending,
      ":gsi4sk": auditPendingKeys(current, now).gsi4sk,
    };
    const sets: string[] = [...STATE_CHANGE_SETS];
    if (indexKeys.gsi2pk) {
      sets.push("gsi2pk = :gsi2pk", "gsi2sk = :gsi2sk");
      Object.assign(values, { ":gsi2pk": indexKeys.gsi2pk, ":gsi2sk": indexKeys.gsi2sk });
    }
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      sets.push(`${name} = :${name}`);
      values[`:${name}`] = value;
    }
    let updated: SeatRequest;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(requestId),
          // The state and the history length together make the write conditional on nobody having moved it since.
          UpdateExpression: `SET ${sets.join(", ")}${indexKeys.gsi2pk ? "" : " REMOVE gsi2pk, gsi2sk"}`,
          ConditionExpression: "#state = :from AND size(history) = :seq",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      updated = toRequest(Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const latest = await this.get(requestId);
      // Give the slot back only if nobody else reopened the request: when two admins retry at once, the slot both
      // took belongs to the one whose update won.
      if (!isOpen(from) && isOpen(to) && !(latest && isOpen(latest.state))) {
        await this.releaseOpenSlot(current.githubLogin, requestId);
      }
      throw new StaleStateError(requestId, from, latest?.state);
    }
    // The change has happened: nothing after this point may make the caller believe it did not.
    if (isOpen(from) && !isOpen(to)) await this.freeSlotOf(updated);
    if (!options.auditLater) await this.projectHistoryQuietly(updated);
    return updated;
  }

  /**
   * The decision's history entry is appended without its sequence number, which would need a read to know: an
   * entry's `seq` is its position in the list (every append is conditional, so positions never shift), and
   * `toRequest` fills it in. A decided request leaves the by-approver index (see `requestIndexKeys`).
   * On a refusal the request is read to explain it: real DynamoDB could return it with the failure
   * (`ReturnValuesOnConditionCheckFailure`), but dynalite does not, and a refusal is not what people wait on.
   */
  async decide(requestId: string, decision: Decision, options: DecideOptions = {}): Promise<DecisionOutcome> {
    const { to, actorId, decidedAt, denialReason, decisionId } = decision;
    const entry: Omit<HistoryEntry, "seq"> = {
      at: decidedAt,
      actorId,
      action: ({ APPROVED: "approved", DENIED: "denied", CANCELLED: "cancelled" } as const)[to],
      from: "PENDING",
      to,
      ...(denialReason ? { detail: denialReason } : {}),
    };
    const sets = [
      ...STATE_CHANGE_SETS,
      // A cancellation is no one's decision: it keeps when, not who.
      ...(to === "CANCELLED" ? [] : ["decidedBy = :actor"]),
      "decidedAt = :now",
      ...(denialReason ? ["denialReason = :reason"] : []),
      ...(decisionId ? ["decisionId = :decisionId"] : []),
    ];
    let decided: SeatRequest;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(requestId),
          UpdateExpression: `SET ${sets.join(", ")} REMOVE gsi2pk, gsi2sk`,
          // `assertMayDecide` as a condition: never the requester; the approver it waits on, or any admin. A
          // cancellation: the requester only.
          ConditionExpression:
            to === "CANCELLED"
              ? "#state = :pending AND requesterId = :actor"
              : `#state = :pending AND requesterId <> :actor${decision.actorIsAdmin ? "" : " AND managerId = :actor"}`,
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: {
            ":pending": "PENDING",
            ":to": to,
            ":now": decidedAt,
            ":entry": [entry],
            ":actor": actorId,
            ":gsi3pk": `STATE#${to}`,
            ":gsi4pk": ITEM_KEYS.auditPending,
            ":gsi4sk": auditPendingKeys({ id: requestId }, decidedAt).gsi4sk,
            ...(denialReason ? { ":reason": denialReason } : {}),
            ...(decisionId ? { ":decisionId": decisionId } : {}),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      decided = toRequest(Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (options.readRefusal === false) return { refused: undefined, unread: true };
      return { refused: await this.get(requestId) };
    }
    // The decision has happened: what follows is logged, never thrown.
    if (!options.auditLater) await this.projectHistoryQuietly(decided);
    return { decided, tidied: isOpen(to) ? Promise.resolve() : this.freeSlotOf(decided) };
  }

  /** Frees the open-request slot of a request that has ended; a slot left behind is cleared by `takeOpenSlot`. */
  private async freeSlotOf(request: SeatRequest): Promise<void> {
    try {
      await this.releaseOpenSlot(request.githubLogin, request.id);
    } catch (error) {
      logger.warn("Could not free the open-request slot; the next request for the login clears it", {
        requestId: request.id,
        error,
      });
    }
  }

  /**
   * Writes the request's history entries that are not yet audit items, then takes the request off the audit-pending
   * index, but only if no newer entry arrived meanwhile (that one's writer, or the sweep, projects it).
   */
  async projectHistory(request: SeatRequest): Promise<void> {
    const from = request.projectedSeq ?? 0;
    await this.writeHistoryItems(
      request,
      request.history.filter((entry) => entry.seq > from),
    );
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(request.id),
          UpdateExpression: "SET projectedSeq = :n REMOVE gsi4pk, gsi4sk",
          ConditionExpression: "size(history) = :n",
          ExpressionAttributeValues: { ":n": request.history.length },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Requests whose audit items were not all written, oldest first, changed before `before` (ISO time). */
  async listUnprojected(before: string, limit: number): Promise<SeatRequest[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi4",
        KeyConditionExpression: "gsi4pk = :pk AND gsi4sk < :before",
        ExpressionAttributeValues: { ":pk": ITEM_KEYS.auditPending, ":before": before },
        Limit: limit,
      }),
    );
    return Items.map(toRequest);
  }

  private async projectHistoryQuietly(request: SeatRequest): Promise<void> {
    try {
      await this.projectHistory(request);
    } catch (error) {
      logger.warn("Could not write the audit items of a state change; the maintenance sweep will", {
        requestId: request.id,
        error,
      });
    }
  }

  async listByRequester(requesterId: string, limit: number): Promise<SeatRequest[]> {
    return this.queryRequests("gsi1", `REQUESTER#${requesterId}`, { limit, newestFirst: true });
  }

  async listWaitingOn(approverId: string, limit: number): Promise<SeatRequest[]> {
    return this.queryRequests("gsi2", `APPROVER#${approverId}`, { limit, sortKeyPrefix: "PENDING#" });
  }

  async pageWaitingOn(
    approverId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ requests: SeatRequest[]; cursor?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :pending)",
        ExpressionAttributeValues: { ":pk": `APPROVER#${approverId}`, ":pending": "PENDING#" },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const next = encodeCursor(LastEvaluatedKey);
    return { requests: Items.map(toRequest), ...(next ? { cursor: next } : {}) };
  }

  async countWaitingOn(approverId: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :pending)",
          ExpressionAttributeValues: { ":pk": `APPROVER#${approverId}`, ":pending": "PENDING#" },
          Select: "COUNT",
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async listByState(state: RequestState, limit: number, createdAfter?: string): Promise<SeatRequest[]> {
    return this.queryRequests("gsi3", `STATE#${state}`, {
      limit,
      ...(createdAfter ? { sortKeyAfter: createdAfter } : {}),
    });
  }

  private async queryRequests(
    index: IndexName,
    partition: string,
    options: { limit: number; newestFirst?: boolean; sortKeyPrefix?: string; sortKeyAfter?: string },
  ): Promise<SeatRequest[]> {
    const sortKeyCondition = options.sortKeyPrefix
      ? ` AND begins_with(${index}sk, :sk)`
      : options.sortKeyAfter
        ? ` AND ${index}sk > :sk`
        : "";
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk${sortKeyCondition}`,
        ExpressionAttributeValues: {
          ":pk": partition,
          ...(sortKeyCondition ? { ":sk": options.sortKeyPrefix ?? options.sortKeyAfter } : {}),
        },
        ScanIndexForward: !options.newestFirst,
        Limit: options.limit,
      }),
    );
    return Items.map(toRequest);
  }

  async setManagerMessage(requestId: string, ref: MessageRef): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKey(requestId),
        UpdateExpression: "SET managerMessage = :ref",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":ref": ref },
      }),
    );
  }

  async scheduleSeatEnd(requestId: string, endsAt: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...ITEM_KEYS.seatEnd(requestId),
          type: "seat-end",
          requestId,
          endsAt,
          gsi3pk: ITEM_KEYS.seatEnds,
          gsi3sk: `${endsAt}#${requestId}`,
        },
      }),
    );
  }

  async listSeatEnds(before: string, limit: number): Promise<{ requestId: string; endsAt: string }[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND gsi3sk < :before",
        ExpressionAttributeValues: { ":pk": ITEM_KEYS.seatEnds, ":before": before },
        Limit: limit,
      }),
    );
    return Items.map((item) => ({ requestId: String(item.requestId), endsAt: String(item.endsAt) }));
  }

  async clearSeatEnd(requestId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: ITEM_KEYS.seatEnd(requestId) }));
  }

  async addApprovalCopy(requestId: string, copy: MessageRef & { userId: string }): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKey(requestId),
        UpdateExpression: "SET approvalCopies = list_append(if_not_exists(approvalCopies, :none), :copy)",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":none": [], ":copy": [copy] },
      }),
    );
  }

  async claimStep(requestId: string, step: string, leaseSeconds: number): Promise<StepClaim> {
    const now = this.nowSeconds();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(requestId),
          UpdateExpression: "SET #lease = :until",
          // Free when never done and either never claimed or claimed by someone whose lease ran out (a crash).
          ConditionExpression:
            "attribute_exists(pk) AND NOT contains(notified, :step) AND (attribute_not_exists(#lease) OR #lease < :now)",
          ExpressionAttributeNames: { "#lease": leaseAttribute(step) },
          ExpressionAttributeValues: { ":until": now + leaseSeconds, ":now": now, ":step": step },
        }),
      );
      return "claimed";
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: requestKey(requestId), ConsistentRead: true }),
    );
    if (!Item) return "done";
    return Item.notified instanceof Set && Item.notified.has(step) ? "done" : "busy";
  }

  async completeStep(requestId: string, step: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKey(requestId),
        UpdateExpression: "ADD notified :steps REMOVE #lease",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#lease": leaseAttribute(step) },
        ExpressionAttributeValues: { ":steps": new Set([step]) },
      }),
    );
  }

  async releaseStep(requestId: string, step: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKey(requestId),
        UpdateExpression: "REMOVE #lease",
        ExpressionAttributeNames: { "#lease": leaseAttribute(step) },
      }),
    );
  }

  async getGitHubLogin(slackUserId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: userKey(slackUserId) }));
    return typeof Item?.githubLogin === "string" ? Item.githubLogin : undefined;
  }

  async saveGitHubLogin(slackUserId: string, githubLogin: string, filedAt: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...userKey(slackUserId), type: "user", slackUserId, githubLogin, filedAt, updatedAt: this.nowIso() },
          ConditionExpression: "attribute_not_exists(filedAt) OR filedAt <= :filedAt",
          ExpressionAttributeValues: { ":filedAt": filedAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Takes the login's open-request slot, clearing it first if the request holding it has already ended. */
  private async takeOpenSlot(request: SeatRequest): Promise<void> {
    const slot: OpenRequestSummary & { takenAt: number } = {
      requestId: request.id,
      requesterId: request.requesterId,
      managerId: request.managerId,
      createdAt: request.createdAt,
      takenAt: this.clock.now().getTime(),
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...openKey(request.githubLogin), type: "open-request", githubLogin: request.githubLogin, ...slot },
            ConditionExpression: "attribute_not_exists(pk) OR requestId = :id",
            ExpressionAttributeValues: { ":id": request.id },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item: held } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: openKey(request.githubLogin), ConsistentRead: true }),
      );
      if (!held) continue;
      const holder = await this.get(String(held.requestId));
      // A young slot may belong to a request still being written, or to a retry about to reopen its request.
      const settling = this.clock.now().getTime() - Number(held.takenAt ?? 0) < SLOT_SETTLING_MS;
      if ((holder && isOpen(holder.state)) || settling) {
        throw new DuplicateRequestError(request.githubLogin, {
          requestId: String(held.requestId),
          managerId: holder?.managerId ?? String(held.managerId),
          state: holder && isOpen(holder.state) ? holder.state : "VALIDATING",
          createdAt: holder?.createdAt ?? String(held.createdAt),
        });
      }
      // The holder ended but its slot outlived it (a crash between the two writes): clear it and try once more.
      await this.releaseOpenSlot(request.githubLogin, String(held.requestId));
    }
    throw new Error(`Could not take the open-request slot for ${request.githubLogin}.`);
  }

  private async releaseOpenSlot(login: string, requestId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: openKey(login),
          ConditionExpression: "requestId = :id",
          ExpressionAttributeValues: { ":id": requestId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Side by side, and settled all before returning: were the first failure to return at once, the other writes would
   * go on after the caller (a Lambda invocation) had finished, to land during some later one.
   */
  private async writeHistoryItems(request: SeatRequest, entries: readonly HistoryEntry[]): Promise<void> {
    await allSettledOrThrow(
      entries.map(async (entry) => {
        const order = `${entry.at}#${request.id}#${String(entry.seq).padStart(4, "0")}`;
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...ITEM_KEYS.requestHistory(request.id, entry.seq),
              type: "history",
              requestId: request.id,
              githubLogin: request.githubLogin,
              requesterId: request.requesterId,
              ...entry,
              gsi1pk: ITEM_KEYS.auditByLogin(request.githubLogin),
              gsi1sk: order,
              gsi2pk: ITEM_KEYS.auditAll,
              gsi2sk: order,
            },
          }),
        );
      }),
    );
  }
}

const REQUEST_FIELDS = [
  "id",
  "kind",
  "githubLogin",
  "requesterId",
  "managerId",
  "reason",
  "state",
  "createdAt",
  "updatedAt",
  "decidedBy",
  "decidedAt",
  "decisionId",
  "denialReason",
  "rejection",
  "failure",
  "managerMessage",
  "forwardedFrom",
  "escalatedAt",
  "approvalCopies",
  "seatDuration",
  "seatEndsAt",
  "extendsRequestId",
  "seatEnd",
  "loginProven",
  "attempt",
  "history",
  "projectedSeq",
] as const;

function toRequest(item: Record<string, unknown>): SeatRequest {
  const request = pickFields(item, REQUEST_FIELDS);
  // The completed steps are a string set, which the document client reads as a Set.
  if (item.notified instanceof Set) request.notified = [...item.notified].map(String).sort();
  // An entry's sequence number is its position; a decision appends its entry without one (see `decide`).
  if (Array.isArray(request.history)) {
    request.history = request.history.map((entry: HistoryEntry, index) => ({ ...entry, seq: index + 1 }));
  }
  return request as unknown as SeatRequest;
}
