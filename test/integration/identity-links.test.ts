import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DynamoDbAuditLog } from "../../src/dynamodb/dynamodb-audit-log.js";
import { createDocumentClient } from "../../src/dynamodb/dynamodb-client.js";
import { DynamoDbIdentityLinks } from "../../src/dynamodb/dynamodb-identity-links.js";
import { ITEM_KEYS } from "../../src/dynamodb/table-schema.js";
import { IdentityConflictError } from "../../src/identity/errors.js";
import type { ConflictNotifier, IdentityDependencies } from "../../src/identity/ports.js";
import { disconnectIdentity, recordIdentity } from "../../src/identity/record-link.js";
import { recreateTable, startDynalite } from "../support/dynalite-server.js";

const TABLE = "identity-links-test";
const RILEY = "URILEY001";
const SAM = "USAM00001";
let dynamodb: Awaited<ReturnType<typeof startDynalite>>;
let documents: ReturnType<typeof createDocumentClient>;
let links: DynamoDbIdentityLinks;
let now: Date;
let toldAdmins: IdentityConflictError[];
let deps: IdentityDependencies;

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  dynamodb = await startDynalite();
  documents = createDocumentClient({ region: "us-east-1", endpoint: dynamodb.endpoint });
  links = new DynamoDbIdentityLinks(documents, TABLE);
});
afterAll(async () => {
  await dynamodb.close();
});
beforeEach(async () => {
  await recreateTable(dynamodb.client, TABLE);
  now = new Date("2026-11-21T10:00:00.000Z");
  toldAdmins = [];
  const notifier: ConflictNotifier = {
    tellAdmins: async (conflict) => {
      toldAdmins.push(conflict);
    },
  };
  deps = { links, clock: { now: () => now }, log: quiet, notifier };
});

const later = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

describe("the identity link store", () => {
  it("links a Slack person to a proven GitHub account, readable both ways", async () => {
    const outcome = await recordIdentity(
      { slackUserId: RILEY, githubLogin: "Riley-Dev", githubId: 4242, source: "oauth" },
      RILEY,
      deps,
    );

    expect(outcome.kind).toBe("linked");
    const expected = {
      slackUserId: RILEY,
      githubLogin: "Riley-Dev",
      githubId: 4242,
      source: "oauth",
      linkedAt: "2026-11-21T10:00:00.000Z",
      lastConfirmedAt: "2026-11-21T10:00:00.000Z",
    };
    expect(await links.linkOf(RILEY)).toEqual(expected);
    expect(await links.linkOfLogin("riley-dev")).toEqual(expected);
  });

  it("confirming the same account again keeps when it was linked and moves when it was last confirmed", async () => {
    await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", githubId: 1, source: "oauth" }, RILEY, deps);
    later(60);

    const outcome = await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", source: "saml" }, "system", deps);

    expect(outcome.kind).toBe("confirmed");
    expect(await links.linkOf(RILEY)).toMatchObject({
      source: "oauth",
      githubId: 1,
      linkedAt: "2026-11-21T10:00:00.000Z",
      lastConfirmedAt: "2026-11-21T11:00:00.000Z",
    });
  });

  it("a stronger source replaces a weaker one and frees the old login", async () => {
    await recordIdentity({ slackUserId: RILEY, githubLogin: "old-riley", source: "verified-email" }, "system", deps);

    const outcome = await recordIdentity(
      { slackUserId: RILEY, githubLogin: "riley", githubId: 7, source: "oauth" },
      RILEY,
      deps,
    );

    expect(outcome).toMatchObject({ kind: "linked", replaced: { githubLogin: "old-riley" } });
    expect(await links.linkOfLogin("old-riley")).toBeUndefined();
    expect(await links.linkOfLogin("riley")).toMatchObject({ slackUserId: RILEY, source: "oauth" });
  });

  it("the same account proven by a stronger source than before is linked anew in the audit trail, keeping when it was first linked", async () => {
    await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", source: "typed" }, RILEY, deps);
    later(60);

    const outcome = await recordIdentity(
      { slackUserId: RILEY, githubLogin: "riley", githubId: 7, source: "oauth" },
      RILEY,
      deps,
    );

    expect(outcome).toMatchObject({ kind: "linked", link: { source: "oauth", linkedAt: "2026-11-21T10:00:00.000Z" } });
    expect(await links.linkOfLogin("riley")).toMatchObject({ slackUserId: RILEY });
    const trail = await new DynamoDbAuditLog(documents, TABLE).page({ githubLogin: "riley" }, undefined, 10);
    expect(trail.entries.map((e) => e.detail)).toEqual([
      `Slack ${RILEY}: oauth, replacing riley (typed)`,
      `Slack ${RILEY}: typed`,
    ]);
  });

  it("a weaker source never replaces a stronger one", async () => {
    await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", githubId: 7, source: "oauth" }, RILEY, deps);

    const outcome = await recordIdentity({ slackUserId: RILEY, githubLogin: "someone", source: "typed" }, RILEY, deps);

    expect(outcome.kind).toBe("kept-stronger");
    expect(await links.linkOf(RILEY)).toMatchObject({ githubLogin: "riley", source: "oauth" });
  });

  it("a typed login is kept per person but never holds the login against anyone", async () => {
    await recordIdentity({ slackUserId: SAM, githubLogin: "riley", source: "typed" }, SAM, deps);

    await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", githubId: 7, source: "oauth" }, RILEY, deps);

    expect(await links.linkOf(SAM)).toMatchObject({ githubLogin: "riley", source: "typed" });
    expect(await links.linkOfLogin("riley")).toMatchObject({ slackUserId: RILEY });
    expect(toldAdmins).toEqual([]);
  });

  it("two Slack people proving one login is a conflict: the first link stays, the admins are told, the trail has it", async () => {
    await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", githubId: 7, source: "oauth" }, RILEY, deps);

    const second = recordIdentity(
      { slackUserId: SAM, githubLogin: "RILEY", githubId: 7, source: "saml" },
      "system",
      deps,
    );

    await expect(second).rejects.toBeInstanceOf(IdentityConflictError);
    expect(await links.linkOfLogin("riley")).toMatchObject({ slackUserId: RILEY });
    expect(await links.linkOf(SAM)).toBeUndefined();
    expect(toldAdmins.map((c) => [c.githubLogin, c.claimedBy, c.heldBy?.slackUserId])).toEqual([["RILEY", SAM, RILEY]]);
    const trail = await new DynamoDbAuditLog(documents, TABLE).page({ githubLogin: "riley" }, undefined, 10);
    expect(trail.entries.map((e) => e.action)).toEqual(["identity-conflict", "identity-linked"]);
  });

  it("a reverse entry left dangling by a crash between the two writes is ignored and taken over", async () => {
    await recordIdentity({ slackUserId: SAM, githubLogin: "riley", githubId: 7, source: "oauth" }, SAM, deps);
    // The crash: Sam's link is gone (as if never written), the login's reverse entry still names Sam.
    await documents.send(new DeleteCommand({ TableName: TABLE, Key: ITEM_KEYS.identityLink(SAM) }));
    expect(await links.linkOfLogin("riley")).toBeUndefined();

    await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", githubId: 7, source: "oauth" }, RILEY, deps);

    expect(await links.linkOfLogin("riley")).toMatchObject({ slackUserId: RILEY });
    expect(toldAdmins).toEqual([]);
  });

  it("disconnecting removes both items and records who did it", async () => {
    await recordIdentity({ slackUserId: RILEY, githubLogin: "riley", githubId: 7, source: "oauth" }, RILEY, deps);
    later(5);

    const removed = await disconnectIdentity(RILEY, RILEY, deps);

    expect(removed).toMatchObject({ githubLogin: "riley" });
    expect(await links.linkOf(RILEY)).toBeUndefined();
    const reverse = await documents.send(new GetCommand({ TableName: TABLE, Key: ITEM_KEYS.identityLogin("riley") }));
    expect(reverse.Item).toBeUndefined();
    const trail = await new DynamoDbAuditLog(documents, TABLE).page({}, undefined, 10);
    expect(trail.entries[0]).toMatchObject({
      action: "identity-disconnected",
      actorId: RILEY,
      githubLogin: "riley",
      at: "2026-11-21T10:05:00.000Z",
    });
  });

  it("a sign-in state's nonce is usable once", async () => {
    const expires = new Date(Date.now() + 60_000);

    expect(await links.useOnce("nonce-0123456789abcdefgh", expires)).toBe(true);
    expect(await links.useOnce("nonce-0123456789abcdefgh", expires)).toBe(false);
  });
});
