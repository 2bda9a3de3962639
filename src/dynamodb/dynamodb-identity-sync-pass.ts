import { createHmac } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mapWithConcurrency } from "../bounded-concurrency.js";
import type { SlackPeopleByEmail } from "../identity/sync-identities.js";
import type { DirectoryPerson, PassDirectoryStore, SyncPass, SyncPassStore } from "../identity/sync-pass.js";
import { ITEM_KEYS } from "./table-schema.js";

/** A pass's directory outlives the pass by a day or so, then DynamoDB's TTL removes it. */
const PERSON_KEPT_SECONDS = 3 * 24 * 60 * 60;
/** Writes in flight at once while a directory page is kept. */
const WRITES_AT_ONCE = 25;

/**
 * The identity sync's pass (`IDENTITYSYNC#PASS`) and the directory it read, one item per email. Emails are kept only
 * as HMAC-SHA-256 digests under a key that is not in the table (the Slack signing secret), so the table never holds
 * the workspace's addresses and a reader of the table cannot recover them by hashing guessed addresses. A new key
 * only means the pass under way matches nobody until the next pass reads the directory again. Single-item gets and puts only: the sync's
 * role may not batch, and under `IDENTITYSYNC#` it needs nothing more.
 */
export class DynamoDbIdentitySyncPass implements SyncPassStore, PassDirectoryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly emailKey: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async currentPass(): Promise<SyncPass | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ITEM_KEYS.identitySyncPass, ConsistentRead: true }),
    );
    if (!Item || typeof Item.day !== "string" || typeof Item.startedAt !== "string") return undefined;
    if (Item.phase !== "directory" && Item.phase !== "identities" && Item.phase !== "done") return undefined;
    return {
      day: Item.day,
      phase: Item.phase,
      startedAt: Item.startedAt,
      ...(typeof Item.directoryCursor === "string" ? { directoryCursor: Item.directoryCursor } : {}),
      ...(typeof Item.finishedAt === "string" ? { finishedAt: Item.finishedAt } : {}),
    };
  }

  async savePass(pass: SyncPass): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...ITEM_KEYS.identitySyncPass, type: "identity-sync-pass", ...pass },
      }),
    );
  }

  async remember(passDay: string, people: DirectoryPerson[]): Promise<void> {
    const expiresAt = Math.ceil(this.now().getTime() / 1000) + PERSON_KEPT_SECONDS;
    await mapWithConcurrency(people, WRITES_AT_ONCE, (person) =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...ITEM_KEYS.identitySyncPerson(emailHash(this.emailKey, person.email)),
            type: "identity-sync-person",
            slackUserId: person.slackUserId,
            passDay,
            expiresAt,
          },
        }),
      ),
    );
  }

  peopleOfPass(passDay: string): SlackPeopleByEmail {
    return {
      slackUserIdByEmail: async (email) => {
        const { Item } = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: ITEM_KEYS.identitySyncPerson(emailHash(this.emailKey, email)),
            // The same run may have kept the page a moment ago.
            ConsistentRead: true,
          }),
        );
        return Item?.passDay === passDay && typeof Item.slackUserId === "string" ? Item.slackUserId : undefined;
      },
    };
  }
}

/** Slack and identity providers match emails case-insensitively. */
export function emailHash(key: string, email: string): string {
  return createHmac("sha256", key).update(email.trim().toLowerCase()).digest("hex");
}
