import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { DuplicateRequestError, InvalidTransitionError, StaleStateError } from "../request/errors.js";
import type { NewHistoryEntry, OpenRequestSummary, RequestChanges, RequestStore } from "../request/ports.js";
import type { HistoryEntry, MessageRef, RequestState, SeatRequest } from "../request/seat-request.js";
import { canTransition, isOpen } from "../request/state-machine.js";
import type { IndexName } from "./table-schema.js";

const requestKey = (id: string) => ({ pk: `REQUEST#${id}`, sk: "REQUEST" });
const openKey = (login: string) => ({ pk: `OPEN#${login.toLowerCase()}`, sk: "OPEN" });
const userKey = (slackId: string) => ({ pk: `USER#${slackId}`, sk: "PROFILE" });

/** Index keys that change with the request's state, so the by-approver and by-state indexes stay current. */
function requestIndexKeys(request: Pick<SeatRequest, "requesterId" | "managerId" | "state" | "createdAt" | "id">) {
  return {
    gsi1pk: `REQUESTER#${request.requesterId}`,
    gsi1sk: `${request.createdAt}#${request.id}`,
    gsi2pk: `APPROVER#${request.managerId}`,
    gsi2sk: `${request.state}#${request.createdAt}#${request.id}`,
    gsi3pk: `STATE#${request.state}`,
    gsi3sk: `${request.createdAt}#${request.id}`,
  };
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error)?.name === "ConditionalCheckFailedException"
  );
}

/**
 * Requests and their history in one DynamoDB table (layout in `table-schema.ts`).
 *
 * A state change and its history entry are one conditional `UpdateItem` on the request item (the entry is appended
 * to its `history` list), so no change can be recorded without happening or happen without being recorded, without
 * needing transactions. Each entry is then also written as its own item, keyed by its sequence number, to serve the
 * by-login and whole-history audit indexes; rewriting it is harmless.
 */
export class DynamoDbRequestStore implements RequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(request: SeatRequest): Promise<void> {
    await this.takeOpenSlot(request);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...requestKey(request.id), type: "request", ...request, ...requestIndexKeys(request) },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      await this.releaseOpenSlot(request.githubLogin, request.id);
      throw error;
    }
    await this.writeHistoryItems(request, request.history);
  }

  async get(requestId: string): Promise<SeatRequest | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return Item ? toRequest(Item) : undefined;
  }

  async transition(
    requestId: string,
    from: RequestState,
    to: RequestState,
    entry: NewHistoryEntry,
    changes: RequestChanges = {},
  ): Promise<SeatRequest> {
    if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
    const current = await this.get(requestId);
    if (!current || current.state !== from) throw new StaleStateError(requestId, from, current?.state);
    // Leaving a final state for an open one (an admin's retry) needs the login's open-request slot back first.
    if (!isOpen(from) && isOpen(to)) await this.takeOpenSlot(current);

    const now = new Date().toISOString();
    const historyEntry: HistoryEntry = {
      seq: current.history.length + 1,
      at: now,
      actorId: entry.actorId,
      action: entry.action,
      from,
      to,
      ...(entry.detail ? { detail: entry.detail } : {}),
    };
    const indexKeys = requestIndexKeys({ ...current, state: to });
    const values: Record<string, unknown> = {
      ":from": from,
      ":to": to,
      ":now": now,
      ":entry": [historyEntry],
      ":seq": current.history.length,
      ":gsi2sk": indexKeys.gsi2sk,
      ":gsi3pk": indexKeys.gsi3pk,
    };
    const sets = [
      "#state = :to",
      "updatedAt = :now",
      "history = list_append(history, :entry)",
      "gsi2sk = :gsi2sk",
      "gsi3pk = :gsi3pk",
    ];
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
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "#state = :from AND size(history) = :seq",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      updated = toRequest(Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (!isOpen(from) && isOpen(to)) await this.releaseOpenSlot(current.githubLogin, requestId);
      const latest = await this.get(requestId);
      throw new StaleStateError(requestId, from, latest?.state);
    }
    if (isOpen(from) && !isOpen(to)) await this.releaseOpenSlot(updated.githubLogin, requestId);
    await this.writeHistoryItems(updated, [historyEntry]);
    return updated;
  }

  async listByRequester(requesterId: string, limit: number): Promise<SeatRequest[]> {
    return this.queryRequests("gsi1", `REQUESTER#${requesterId}`, { limit, newestFirst: true });
  }

  async listWaitingOn(approverId: string, limit: number): Promise<SeatRequest[]> {
    return this.queryRequests("gsi2", `APPROVER#${approverId}`, { limit, sortKeyPrefix: "PENDING#" });
  }

  async listByState(state: RequestState, limit: number): Promise<SeatRequest[]> {
    return this.queryRequests("gsi3", `STATE#${state}`, { limit });
  }

  private async queryRequests(
    index: IndexName,
    partition: string,
    options: { limit: number; newestFirst?: boolean; sortKeyPrefix?: string },
  ): Promise<SeatRequest[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk${options.sortKeyPrefix ? ` AND begins_with(${index}sk, :prefix)` : ""}`,
        ExpressionAttributeValues: {
          ":pk": partition,
          ...(options.sortKeyPrefix ? { ":prefix": options.sortKeyPrefix } : {}),
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

  async claimNotification(requestId: string, key: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(requestId),
          UpdateExpression: "ADD notified :keys",
          ConditionExpression: "attribute_exists(pk) AND NOT contains(notified, :key)",
          ExpressionAttributeValues: { ":keys": new Set([key]), ":key": key },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseNotification(requestId: string, key: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKey(requestId),
        UpdateExpression: "DELETE notified :keys",
        ExpressionAttributeValues: { ":keys": new Set([key]) },
      }),
    );
  }

  async getGitHubLogin(slackUserId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: userKey(slackUserId) }));
    return typeof Item?.githubLogin === "string" ? Item.githubLogin : undefined;
  }

  async saveGitHubLogin(slackUserId: string, githubLogin: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...userKey(slackUserId), type: "user", slackUserId, githubLogin, updatedAt: new Date().toISOString() },
      }),
    );
  }

  /** Takes the login's open-request slot, clearing it first if the request holding it has already ended. */
  private async takeOpenSlot(request: SeatRequest): Promise<void> {
    const slot: OpenRequestSummary = {
      requestId: request.id,
      state: request.state,
      requesterId: request.requesterId,
      managerId: request.managerId,
      createdAt: request.createdAt,
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
      const holder = held ? await this.get(String(held.requestId)) : undefined;
      if (holder && isOpen(holder.state)) {
        throw new DuplicateRequestError(request.githubLogin, {
          requestId: holder.id,
          managerId: holder.managerId,
          state: holder.state,
          createdAt: holder.createdAt,
        });
      }
      // The holder ended but its slot outlived it (a crash between the two writes): clear it and try once more.
      if (held) await this.releaseOpenSlot(request.githubLogin, String(held.requestId));
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

  private async writeHistoryItems(request: SeatRequest, entries: readonly HistoryEntry[]): Promise<void> {
    for (const entry of entries) {
      const order = `${entry.at}#${request.id}#${String(entry.seq).padStart(4, "0")}`;
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `REQUEST#${request.id}`,
            sk: `HISTORY#${String(entry.seq).padStart(4, "0")}`,
            type: "history",
            requestId: request.id,
            githubLogin: request.githubLogin,
            requesterId: request.requesterId,
            ...entry,
            gsi1pk: `LOGIN#${request.githubLogin.toLowerCase()}`,
            gsi1sk: order,
            gsi2pk: "HISTORY",
            gsi2sk: order,
          },
        }),
      );
    }
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
  "denialReason",
  "rejection",
  "failure",
  "managerMessage",
  "attempt",
  "history",
] as const;

function toRequest(item: Record<string, unknown>): SeatRequest {
  const request: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS) if (item[field] !== undefined) request[field] = item[field];
  return request as unknown as SeatRequest;
}
