import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { LinkChangedError, LoginHeldError } from "../identity/errors.js";
import { type IdentityLink, isProven, parseIdentityLink, sameLogin } from "../identity/identity-link.js";
import type { IdentityAuditEntry, IdentityLinkStore, StateNonces } from "../identity/ports.js";
import type { SyncProgress } from "../identity/sync-identities.js";
import { isConditionFailure } from "./dynamodb-conventions.js";
import { ITEM_KEYS } from "./table-schema.js";

/**
 * Slack ↔ GitHub identity links: one item per Slack person (`IDENTITY#<slack-id>` / `LINK`) and, for proven links,
 * one per GitHub login (`GHLINK#<login>` / `GHLINK`) naming the Slack person who holds it.
 *
 * The reverse item replaces a GSI on the login (which would cost a write on every link and could not refuse a second
 * holder): its conditional write is what detects two Slack people proving the same login. The embedded DynamoDB has
 * no transactions, so the two items are written one after the other: the reverse item first (the claim), then the
 * person's link, then the old reverse item goes. A crash between them leaves a reverse item whose person's link does
 * not point back to it; readers ignore such a dangling item (`linkOfLogin` checks both directions) and the next
 * claim of the login takes it over. Don't "simplify" the reverse read into trusting the reverse item alone.
 */
export class DynamoDbIdentityLinks implements IdentityLinkStore, StateNonces, SyncProgress {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async linkOf(slackUserId: string): Promise<IdentityLink | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ITEM_KEYS.identityLink(slackUserId), ConsistentRead: true }),
    );
    return Item ? parseIdentityLink(Item) : undefined;
  }

  async linkOfLogin(githubLogin: string): Promise<IdentityLink | undefined> {
    const holder = await this.holderOf(githubLogin);
    if (!holder) return undefined;
    const link = await this.linkOf(holder);
    return link && isProven(link.source) && sameLogin(link.githubLogin, githubLogin) ? link : undefined;
  }

  async saveLink(link: IdentityLink, previous: IdentityLink | undefined): Promise<void> {
    if (isProven(link.source)) await this.claimLogin(link.githubLogin, link.slackUserId);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...ITEM_KEYS.identityLink(link.slackUserId), type: "identity-link", ...link },
          // Optimistic: the link is still the one the caller read, so two sign-ins at once cannot both win unseen.
          ...(previous
            ? {
                ConditionExpression: "githubLogin = :login AND lastConfirmedAt = :confirmed",
                ExpressionAttributeValues: { ":login": previous.githubLogin, ":confirmed": previous.lastConfirmedAt },
              }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        }),
      );
    } catch (error) {
      // The reverse item just claimed may now dangle; readers ignore it (see the class comment).
      if (isConditionFailure(error)) throw new LinkChangedError(link.slackUserId);
      throw error;
    }
    if (previous && isProven(previous.source) && !sameLogin(previous.githubLogin, link.githubLogin)) {
      await this.releaseLogin(previous.githubLogin, link.slackUserId);
    }
  }

  async removeLink(slackUserId: string): Promise<IdentityLink | undefined> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: ITEM_KEYS.identityLink(slackUserId),
        ReturnValues: "ALL_OLD",
      }),
    );
    const removed = Attributes ? parseIdentityLink(Attributes) : undefined;
    if (removed && isProven(removed.source)) await this.releaseLogin(removed.githubLogin, slackUserId);
    return removed;
  }

  async recordIdentityChange(entry: IdentityAuditEntry): Promise<void> {
    const order = `${entry.at}#IDENTITY#${entry.slackUserId}#${entry.action}#${entry.githubLogin.toLowerCase()}`;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...ITEM_KEYS.identityHistory(entry.slackUserId, entry.at, entry.action, entry.githubLogin),
          type: "history",
          at: entry.at,
          actorId: entry.actorId,
          action: entry.action,
          githubLogin: entry.githubLogin,
          slackUserId: entry.slackUserId,
          // The audit trail's readers show `detail`, so it names the Slack person the change was about.
          detail: `Slack ${entry.slackUserId}${entry.detail ? `: ${entry.detail}` : ""}`,
          // The same indexes as every other audit item: by login (`gsi1`) and everything in time order (`gsi2`).
          gsi1pk: ITEM_KEYS.auditByLogin(entry.githubLogin),
          gsi1sk: order,
          gsi2pk: ITEM_KEYS.auditAll,
          gsi2sk: order,
        },
        // Append-only: an entry is never overwritten.
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async noteConflict(githubLogin: string, claimedBy: string, heldBy: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...ITEM_KEYS.identityConflict(githubLogin),
            type: "identity-conflict",
            githubLogin,
            claimedBy,
            heldBy,
            toldAt: at,
          },
          // News only when nothing was told about the login, or what was told was between other people.
          ConditionExpression: "attribute_not_exists(pk) OR claimedBy <> :claimedBy OR heldBy <> :heldBy",
          ExpressionAttributeValues: { ":claimedBy": claimedBy, ":heldBy": heldBy },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async forgetConflict(githubLogin: string, claimedBy: string, heldBy: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.identityConflict(githubLogin),
          // Only the note this run wrote: another run may have noted a newer conflict since.
          ConditionExpression: "claimedBy = :claimedBy AND heldBy = :heldBy",
          ExpressionAttributeValues: { ":claimedBy": claimedBy, ":heldBy": heldBy },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async useOnce(nonce: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          // Kept until the state itself expires (the TTL deletes it later); after that the signature check refuses
          // the state anyway, so the marker is not needed to refuse a replay.
          Item: {
            ...ITEM_KEYS.connectState(nonce),
            type: "connect-state",
            expiresAt: Math.ceil(expiresAt.getTime() / 1000),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async cursorOf(source: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ITEM_KEYS.identitySync(source), ConsistentRead: true }),
    );
    return typeof Item?.cursor === "string" ? Item.cursor : undefined;
  }

  async saveCursor(source: string, cursor: string | undefined): Promise<void> {
    const key = ITEM_KEYS.identitySync(source);
    if (!cursor) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      return;
    }
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key, type: "identity-sync", cursor } }),
    );
  }

  private async holderOf(githubLogin: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ITEM_KEYS.identityLogin(githubLogin), ConsistentRead: true }),
    );
    return typeof Item?.slackUserId === "string" ? Item.slackUserId : undefined;
  }

  private async claimLogin(githubLogin: string, slackUserId: string): Promise<void> {
    const put = (condition: string, values: Record<string, string>) =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...ITEM_KEYS.identityLogin(githubLogin), type: "identity-login", githubLogin, slackUserId },
          ConditionExpression: condition,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    try {
      await put("attribute_not_exists(pk) OR slackUserId = :me", { ":me": slackUserId });
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const holder = await this.holderOf(githubLogin);
    if (holder && (await this.linkOfLogin(githubLogin))) throw new LoginHeldError(githubLogin, holder);
    // A dangling reverse item (its holder's link points elsewhere): take it over, unless someone else just did.
    try {
      await put(holder ? "slackUserId = :holder" : "attribute_not_exists(pk)", holder ? { ":holder": holder } : {});
    } catch (error) {
      if (isConditionFailure(error)) throw new LoginHeldError(githubLogin, holder ?? "another Slack person");
      throw error;
    }
  }

  private async releaseLogin(githubLogin: string, slackUserId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: ITEM_KEYS.identityLogin(githubLogin),
          // Only our own claim: the login may have gone to someone else since.
          ConditionExpression: "slackUserId = :me",
          ExpressionAttributeValues: { ":me": slackUserId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
