import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { AuditEntry, AuditLog, AuditPage, OnceGuard, SeatChangeAction } from "../audit/audit-log.js";
import { type Clock, systemClock } from "../request/ports.js";
import { decodeCursor, encodeCursor, isConditionFailure, pickFields } from "./dynamodb-conventions.js";
import { ITEM_KEYS } from "./table-schema.js";

const ENTRY_FIELDS = [
  "at",
  "actorId",
  "action",
  "githubLogin",
  "teamSlug",
  "requestId",
  "from",
  "to",
  "detail",
] as const;

function toEntry(item: Record<string, unknown>): AuditEntry {
  return pickFields(item, ENTRY_FIELDS) as unknown as AuditEntry;
}

/**
 * The audit trail: the same history items the request store writes, plus seat changes made outside requests, read
 * newest first through the `gsi1` (by login) and `gsi2` (everything) indexes.
 */
export class DynamoDbAuditLog implements AuditLog, OnceGuard {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async recordSeatChange(entry: AuditEntry & { action: SeatChangeAction }): Promise<void> {
    const key = ITEM_KEYS.seatChange(entry, entry.at, entry.action);
    const order = `${entry.at}#${key.pk}#${entry.action}`;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key,
          type: "history",
          ...entry,
          ...(entry.githubLogin ? { gsi1pk: ITEM_KEYS.auditByLogin(entry.githubLogin), gsi1sk: order } : {}),
          gsi2pk: ITEM_KEYS.auditAll,
          gsi2sk: order,
        },
        // Append-only: an entry is never overwritten.
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async page(filter: { githubLogin?: string }, cursor: string | undefined, limit: number): Promise<AuditPage> {
    const byLogin = Boolean(filter.githubLogin);
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byLogin ? "gsi1" : "gsi2",
        KeyConditionExpression: byLogin ? "gsi1pk = :pk" : "gsi2pk = :pk",
        ExpressionAttributeValues: {
          ":pk": filter.githubLogin ? ITEM_KEYS.auditByLogin(filter.githubLogin) : ITEM_KEYS.auditAll,
        },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const next = encodeCursor(LastEvaluatedKey);
    return { entries: Items.map(toEntry), ...(next ? { cursor: next } : {}) };
  }

  async release(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: ITEM_KEYS.once(key) }));
  }

  async confirm(key: string, forSeconds: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.once(key),
        UpdateExpression: "SET expiresAt = :until",
        ExpressionAttributeValues: { ":until": this.nowSeconds() + forSeconds },
      }),
    );
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  async claim(key: string, leaseSeconds: number): Promise<boolean> {
    const now = this.nowSeconds();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...ITEM_KEYS.once(key), type: "once", expiresAt: now + leaseSeconds },
          // DynamoDB deletes expired items lazily, so an expired marker still in the table counts as free.
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
          ExpressionAttributeValues: { ":now": now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
