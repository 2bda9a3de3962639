import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { mapWithConcurrency } from "../bounded-concurrency.js";
import {
  type BatchState,
  type HolderHistoryEntry,
  type HolderState,
  type ReclaimBatch,
  type ReclaimHolder,
  type ReclaimRound,
  ReclaimStaleError,
  type ReclaimStore,
} from "../reclaim/ports.js";
import { type Clock, systemClock } from "../request/ports.js";
import { decodeCursor, encodeCursor, isConditionFailure, pickFields } from "./dynamodb-conventions.js";
import { ITEM_KEYS, reclaimHolderPrefix } from "./table-schema.js";

/** How many recent rounds the pointer remembers, for the digest's weekly line. */
const RECENT_ROUNDS = 8;
const HOLDER_PAGE = 500;
const WRITE_CONCURRENCY = 16;
/** The lease steps a holder item may carry, each as its own attribute. */
type HolderStep = "ask" | "cancel" | "release";
const LEASE_STEPS = new Set<string>(["ask", "cancel", "release"]);

const HOLDER_FIELDS = [
  "roundId",
  "batch",
  "login",
  "state",
  "slackUserId",
  "lastSeenAt",
  "monthlyCost",
  "askedAt",
  "deadline",
  "message",
  "pendingCancellationDate",
  "sparedBecause",
  "updatedAt",
  "history",
] as const;

function toHolder(item: Record<string, unknown>): ReclaimHolder & { audited: number } {
  const holder = pickFields(item, HOLDER_FIELDS);
  return { ...(holder as unknown as ReclaimHolder), audited: Number(item.audited ?? 0) };
}

const ROUND_FIELDS = [
  "id",
  "state",
  "mode",
  "startedAt",
  "startedBy",
  "updatedAt",
  "planned",
  "batchCount",
  "progressMessages",
  "endedAt",
  "summarySent",
] as const;

function toRound(item: Record<string, unknown>): ReclaimRound {
  return pickFields(item, ROUND_FIELDS) as unknown as ReclaimRound;
}

/**
 * Reclaim rounds in the single table. Every change is a conditional write: a round moves only from the version it was
 * read at, a holder only from the state it was read in (and an answer only by its holder), a batch only from its
 * state. A holder's change appends to its own history in the same write; the history's audit items (the trail
 * `/copilot audit` and the CSV export read) are written right after, and any a crash left out are written by the next
 * tally of the round. (The embedded DynamoDB has no transactions, hence two writes rather than one.)
 */
export class DynamoDbReclaimStore implements ReclaimStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  async current(): Promise<{ activeRoundId?: string; recent: string[] }> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ITEM_KEYS.reclaimCurrent, ConsistentRead: true }),
    );
    return {
      ...(typeof Item?.activeRoundId === "string" ? { activeRoundId: Item.activeRoundId } : {}),
      recent: Array.isArray(Item?.recent) ? (Item.recent as string[]) : [],
    };
  }

  async beginRound(round: ReclaimRound): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...ITEM_KEYS.reclaimRound(round.id), type: "reclaim-round", ...round },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A round written by a start that crashed before it became the running one may still start; any other not.
      const existing = await this.getRound(round.id);
      if (existing?.state !== "PLANNING") return false;
    }
    const { recent } = await this.current();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.reclaimCurrent,
          UpdateExpression: "SET activeRoundId = :id, recent = :recent",
          // One round at a time: a second start (a double click, two sweeps) loses here.
          ConditionExpression: "attribute_not_exists(activeRoundId)",
          ExpressionAttributeValues: {
            ":id": round.id,
            ":recent": [round.id, ...recent.filter((id) => id !== round.id)].slice(0, RECENT_ROUNDS),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getRound(id: string): Promise<ReclaimRound | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ITEM_KEYS.reclaimRound(id), ConsistentRead: true }),
    );
    return Item ? toRound(Item) : undefined;
  }

  async updateRound(round: ReclaimRound, changes: Partial<ReclaimRound>): Promise<ReclaimRound> {
    const updatedAt = this.now();
    const next = { ...round, ...changes, updatedAt };
    const fields = Object.entries({ ...changes, updatedAt }).filter(
      ([name, value]) => value !== undefined && name !== "id",
    );
    const names: Record<string, string> = { "#prev": "updatedAt" };
    const values: Record<string, unknown> = { ":prev": round.updatedAt };
    const sets = fields.map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.reclaimRound(round.id),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "#prev = :prev",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ReclaimStaleError(`Round ${round.id}`);
      throw error;
    }
    return next;
  }

  async endRound(id: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.reclaimCurrent,
          UpdateExpression: "REMOVE activeRoundId",
          ConditionExpression: "activeRoundId = :id",
          ExpressionAttributeValues: { ":id": id },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async addHolders(holders: readonly ReclaimHolder[]): Promise<void> {
    await mapWithConcurrency(holders, WRITE_CONCURRENCY, async (holder) => {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            // The planning entry is not an audit item: the trail starts with the question.
            Item: {
              ...ITEM_KEYS.reclaimHolder(holder.roundId, holder.batch, holder.login),
              type: "reclaim-holder",
              ...holder,
              audited: holder.history.length,
            },
            // A resumed plan leaves holders already written (and perhaps already asked) as they are.
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    });
  }

  async getHolder(roundId: string, batch: number, login: string): Promise<ReclaimHolder | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.reclaimHolder(roundId, batch, login),
        ConsistentRead: true,
      }),
    );
    return Item ? toHolder(Item) : undefined;
  }

  async listHolders(
    roundId: string,
    batch: number | undefined,
    cursor?: string,
  ): Promise<{ holders: ReclaimHolder[]; cursor?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": ITEM_KEYS.reclaimRound(roundId).pk,
          ":prefix": reclaimHolderPrefix(batch),
        },
        ConsistentRead: true,
        Limit: HOLDER_PAGE,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const next = encodeCursor(LastEvaluatedKey);
    return { holders: Items.map(toHolder), ...(next ? { cursor: next } : {}) };
  }

  async transitionHolder(
    holder: ReclaimHolder,
    to: HolderState,
    entry: { actorId: string; action: string; detail?: string },
    changes: Partial<ReclaimHolder> = {},
    onlyBy?: string,
  ): Promise<ReclaimHolder> {
    const at = this.now();
    const historyEntry: HolderHistoryEntry = { at, from: holder.state, to, ...entry };
    const fields = Object.entries({ ...changes, state: to, updatedAt: at }).filter(
      ([name, value]) => value !== undefined && !["history", "roundId", "batch", "login"].includes(name),
    );
    const names: Record<string, string> = { "#state": "state", "#history": "history" };
    const values: Record<string, unknown> = { ":from": holder.state, ":entry": [historyEntry] };
    const sets = fields.map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    let condition = "#state = :from";
    if (onlyBy !== undefined) {
      names["#by"] = "slackUserId";
      values[":by"] = onlyBy;
      condition += " AND #by = :by";
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.reclaimHolder(holder.roundId, holder.batch, holder.login),
          UpdateExpression: `SET ${[...sets, "#history = list_append(#history, :entry)"].join(", ")}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ReclaimStaleError(`The question to ${holder.login}`);
      throw error;
    }
    const next: ReclaimHolder & { audited?: number } = {
      ...holder,
      ...changes,
      state: to,
      updatedAt: at,
      history: [...holder.history, historyEntry],
    };
    try {
      await this.repairAudit(next);
      next.audited = next.history.length;
    } catch {
      // The change happened; an audit item that failed now is written by the round's next tally.
    }
    return next;
  }

  async repairAudit(holder: ReclaimHolder): Promise<void> {
    const audited = (holder as ReclaimHolder & { audited?: number }).audited ?? 1;
    if (audited >= holder.history.length) return;
    // The history as read (or as just written): entries are only ever appended, so its prefix is what is stored.
    for (const entry of holder.history.slice(audited)) await this.writeAuditItem(holder, entry);
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.reclaimHolder(holder.roundId, holder.batch, holder.login),
          UpdateExpression: "SET audited = :n",
          ConditionExpression: "attribute_not_exists(audited) OR audited < :n",
          ExpressionAttributeValues: { ":n": holder.history.length },
        }),
      )
      .catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  /** The audit item of one history entry, in the layout of the seat changes `DynamoDbAuditLog` reads. */
  private async writeAuditItem(holder: ReclaimHolder, entry: HolderHistoryEntry): Promise<void> {
    const key = ITEM_KEYS.seatChange({ githubLogin: holder.login }, entry.at, entry.action);
    const order = `${entry.at}#${key.pk}#${entry.action}`;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            type: "history",
            at: entry.at,
            actorId: entry.actorId,
            action: entry.action,
            githubLogin: holder.login,
            from: entry.from,
            to: entry.to,
            detail: `round ${holder.roundId}${entry.detail ? `: ${entry.detail}` : ""}`,
            gsi1pk: ITEM_KEYS.auditByLogin(holder.login),
            gsi1sk: order,
            gsi2pk: ITEM_KEYS.auditAll,
            gsi2sk: order,
          },
          // Append-only, and written at most once however often it is repaired.
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async claimHolder(holder: ReclaimHolder, step: string, leaseSeconds: number): Promise<boolean> {
    const attribute = leaseAttribute(step);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.reclaimHolder(holder.roundId, holder.batch, holder.login),
          UpdateExpression: "SET #lease = :until",
          ConditionExpression: "#state = :state AND (attribute_not_exists(#lease) OR #lease < :now)",
          ExpressionAttributeNames: { "#lease": attribute, "#state": "state" },
          ExpressionAttributeValues: { ":until": now + leaseSeconds, ":now": now, ":state": holder.state },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseHolder(holder: ReclaimHolder, step: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.reclaimHolder(holder.roundId, holder.batch, holder.login),
        UpdateExpression: "REMOVE #lease",
        ExpressionAttributeNames: { "#lease": leaseAttribute(step) },
      }),
    );
  }

  async addBatches(roundId: string, count: number): Promise<void> {
    const at = this.now();
    await mapWithConcurrency(
      Array.from({ length: count }, (_, i) => i),
      WRITE_CONCURRENCY,
      async (batch) => {
        try {
          await this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...ITEM_KEYS.reclaimBatch(roundId, batch),
                type: "reclaim-batch",
                roundId,
                batch,
                state: "WAITING",
                updatedAt: at,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      },
    );
  }

  async listBatches(roundId: string): Promise<ReclaimBatch[]> {
    const batches: ReclaimBatch[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": ITEM_KEYS.reclaimRound(roundId).pk, ":prefix": "BATCH#" },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items) {
        batches.push({
          roundId,
          batch: Number(item.batch),
          state: item.state as BatchState,
          updatedAt: String(item.updatedAt),
          ...(typeof item.deadline === "string" ? { deadline: item.deadline } : {}),
        });
      }
      start = LastEvaluatedKey;
    } while (start);
    return batches;
  }

  async moveBatch(batch: ReclaimBatch, to: BatchState, changes: Partial<ReclaimBatch> = {}): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.reclaimBatch(batch.roundId, batch.batch),
          UpdateExpression: `SET #state = :to, updatedAt = :at${changes.deadline ? ", deadline = :deadline" : ""}`,
          ConditionExpression: "#state = :from",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: {
            ":to": to,
            ":from": batch.state,
            ":at": this.now(),
            ...(changes.deadline ? { ":deadline": changes.deadline } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async keptUntil(logins: readonly string[]): Promise<Map<string, string>> {
    const kept = new Map<string, string>();
    const unique = [...new Set(logins.map((l) => l.toLowerCase()))];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((l) => ITEM_KEYS.reclaimKeep(l));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const answer = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          if (typeof item.login === "string" && typeof item.until === "string") kept.set(item.login, item.until);
        }
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
      if (keys && keys.length > 0) throw new Error("DynamoDB kept back part of a snooze lookup; try again.");
    }
    return kept;
  }

  async keep(login: string, until: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...ITEM_KEYS.reclaimKeep(login),
            type: "reclaim-keep",
            login: login.toLowerCase(),
            until,
            expiresAt: Math.ceil(Date.parse(until) / 1000),
          },
          // A snooze only ever grows.
          ConditionExpression: "attribute_not_exists(pk) OR #until < :until",
          ExpressionAttributeNames: { "#until": "until" },
          ExpressionAttributeValues: { ":until": until },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** For tests and repairs: removes a snooze. */
  async forget(login: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: ITEM_KEYS.reclaimKeep(login) }));
  }
}

function leaseAttribute(step: string): string {
  if (!LEASE_STEPS.has(step)) throw new Error(`Unknown holder step ${step}`);
  return `lease_${step as HolderStep}`;
}
