/**
 * The single-table layout shared by the DynamoDB adapter, the local runner, the tests and the CDK stack,
 * so that the table they create and the keys the code queries can never drift apart.
 *
 * Items (partition key `pk`, sort key `sk`):
 * - seat request           `REQUEST#<id>`        / `REQUEST`
 * - request history entry  `REQUEST#<id>`        / `HISTORY#<seq>`   (append-only; also kept in the request item)
 * - seat change entry      `SEAT#<login>` or `TEAM#<slug>` / `HISTORY#<iso-time>#<action>`   (append-only)
 * - open-request lock      `OPEN#<github-login>` / `OPEN`   (one open request per login)
 * - seat-end marker        `REQUEST#<id>`        / `SEAT_END` (a time-bound seat's end, on `gsi3` as `SEAT_ENDS`)
 * - Slack user profile     `USER#<slack-id>`     / `PROFILE`  (Slack user → GitHub login)
 * - identity link          `IDENTITY#<slack-id>` / `LINK`     (Slack user → GitHub login and ID, source, when; see
 *                          `dynamodb-identity-links.ts`, the only writer) and its audit entries `/ HISTORY#<iso-time>#<action>#<login>`
 * - proven login holder    `GHLINK#<login>`      / `GHLINK`   (GitHub login → the one Slack user who proved it)
 *                          and the last conflict over it told to the admins `/ CONFLICT` (who claimed, who held it)
 * - sign-in state nonce    `OAUTHSTATE#<nonce>`  / `OAUTHSTATE` (a used "Connect GitHub" state; expires through `expiresAt`)
 * - identity sync cursor   `IDENTITYSYNC#<source>` / `CURSOR` (where a SAML or verified-email sync left off)
 * - identity sync pass     `IDENTITYSYNC#PASS` / `PASS` (the day's pass: its phase and directory cursor) and the
 *                          directory it read, `IDENTITYSYNC#EMAIL#<sha-256 of the email>` / `PERSON` (expires through
 *                          `expiresAt`; see `dynamodb-identity-sync-pass.ts`, the only writer)
 * - subscription summary   `SUBSCRIPTION` / `SUMMARY` (the stored Copilot subscription summary for admin views; see
 *                          `dynamodb-subscription-summary.ts`, the only writer)
 * - idempotency marker     `ONCE#<key>`          / `ONCE`     (transient, expires through `expiresAt`; the digest may
 *                          write only its own `ONCE#digest:…` markers)
 * - reclaim rounds         `RECLAIM#CURRENT` / `CURRENT` (the running round, the recent ones); `RECLAIM#<round>` /
 *                          `ROUND`, `BATCH#<n>`, `HOLDER#<n>#<login>`; `RECLAIMKEEP#<login>` / `KEEP` (a kept seat's snooze)
 * - usage week             `USAGE#<scope>`       / `WEEK#<YYYY-MM-DD>` (the digest's stored weekly figures; `<scope>` is
 *                          `organization:<org>`, `team:<org>/<slug>` or `enterprise:<slug>`, lower case, and the date
 *                          is the week's last day; see `dynamodb-usage-history.ts`, the only writer)
 *
 * Overloaded global secondary indexes, all projecting every attribute:
 * - `gsi1`: requests by requester (`REQUESTER#<slack-id>`), history by GitHub login (`LOGIN#<login>`)
 * - `gsi2`: requests by approver and state (`APPROVER#<slack-id>`), the whole history in time order (`HISTORY`)
 * - `gsi3`: requests by state (`STATE#<state>`), for failed-request lists and the maintenance sweep; seat-end markers
 *   by end time (`SEAT_ENDS`, sort key `<iso-time>#<id>`), so the sweep reads only the seats that end soon
 * - `gsi4`: sparse; requests whose newest history entries still have to be written as audit items
 *   (`AUDIT#PENDING`), so the sweep can repair an audit trail whose write failed after the state change
 *
 * Request items also carry leases (`lease#<step>`, an epoch-seconds expiry) for work claimed but not yet confirmed
 * done, and `notified`, the set of steps Slack or GitHub confirmed.
 */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  timeToLiveAttribute: "expiresAt",
  globalSecondaryIndexes: [
    { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
    { indexName: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk" },
  ],
} as const;

export type IndexName = (typeof TABLE_KEYS.globalSecondaryIndexes)[number]["indexName"];

export const DEFAULT_TABLE_NAME = "copilot-seat-bot";

/**
 * The one definition of every key format in the table, used by the adapters, the tests and (through
 * `TABLE_KEYS`) the CDK stack. IAM conditions on leading keys (the digest's `ONCE#digest:`) depend on these too.
 */
export const ITEM_KEYS = {
  request: (id: string) => ({ pk: `REQUEST#${id}`, sk: "REQUEST" }),
  requestHistory: (id: string, seq: number) => ({ pk: `REQUEST#${id}`, sk: `HISTORY#${String(seq).padStart(4, "0")}` }),
  openSlot: (login: string) => ({ pk: `OPEN#${login.toLowerCase()}`, sk: "OPEN" }),
  userProfile: (slackId: string) => ({ pk: `USER#${slackId}`, sk: "PROFILE" }),
  once: (key: string) => ({ pk: `ONCE#${key}`, sk: "ONCE" }),
  identityLink: (slackId: string) => ({ pk: `IDENTITY#${slackId}`, sk: "LINK" }),
  identityHistory: (slackId: string, at: string, action: string, login: string) => ({
    pk: `IDENTITY#${slackId}`,
    sk: `HISTORY#${at}#${action}#${login.toLowerCase()}`,
  }),
  identityLogin: (login: string) => ({ pk: `GHLINK#${login.toLowerCase()}`, sk: "GHLINK" }),
  identityConflict: (login: string) => ({ pk: `GHLINK#${login.toLowerCase()}`, sk: "CONFLICT" }),
  connectState: (nonce: string) => ({ pk: `OAUTHSTATE#${nonce}`, sk: "OAUTHSTATE" }),
  identitySync: (source: string) => ({ pk: `IDENTITYSYNC#${source}`, sk: "CURSOR" }),
  identitySyncPass: { pk: "IDENTITYSYNC#PASS", sk: "PASS" },
  identitySyncPerson: (emailHash: string) => ({ pk: `IDENTITYSYNC#EMAIL#${emailHash}`, sk: "PERSON" }),
  subscriptionSummary: { pk: "SUBSCRIPTION", sk: "SUMMARY" },
  seatEnd: (id: string) => ({ pk: `REQUEST#${id}`, sk: "SEAT_END" }),
  /** The `gsi3` partition of seat-end markers. */
  seatEnds: "SEAT_ENDS",
  /** Sparse `gsi4` partition of requests whose newest history entries are not yet written as audit items. */
  auditPending: "AUDIT#PENDING",
  /** A seat change made outside a request (revoke, team seats, release), under the seat's login or the team. */
  seatChange: (subject: { githubLogin?: string; teamSlug?: string }, at: string, action: string) => ({
    pk: subject.githubLogin ? `SEAT#${subject.githubLogin.toLowerCase()}` : `TEAM#${subject.teamSlug ?? ""}`,
    sk: `HISTORY#${at}#${action}`,
  }),
  /** The `gsi1` partition of one GitHub login's audit trail. */
  auditByLogin: (login: string) => `LOGIN#${login.toLowerCase()}`,
  /** The `gsi2` partition of the whole audit trail in time order. */
  auditAll: "HISTORY",
  /** The running reclaim round and the recent ones (see `dynamodb-reclaim-store.ts`, the only writer of `RECLAIM…`). */
  reclaimCurrent: { pk: "RECLAIM#CURRENT", sk: "CURRENT" },
  reclaimRound: (roundId: string) => ({ pk: `RECLAIM#${roundId}`, sk: "ROUND" }),
  /** One idle holder in a round, dealt into a batch; a batch's holders are one `begins_with` query. */
  reclaimHolder: (roundId: string, batch: number, login: string) => ({
    pk: `RECLAIM#${roundId}`,
    sk: `${reclaimHolderPrefix(batch)}${login.toLowerCase()}`,
  }),
  reclaimBatch: (roundId: string, batch: number) => ({
    pk: `RECLAIM#${roundId}`,
    sk: `BATCH#${String(batch).padStart(5, "0")}`,
  }),
  /** Keep my seat: the holder is left out of rounds until `until` (the item expires then, through `expiresAt`). */
  reclaimKeep: (login: string) => ({ pk: `RECLAIMKEEP#${login.toLowerCase()}`, sk: "KEEP" }),
} as const;

/** The sort-key prefix of a round's holders, or of one batch's. */
export function reclaimHolderPrefix(batch?: number): string {
  return batch === undefined ? "HOLDER#" : `HOLDER#${String(batch).padStart(5, "0")}#`;
}
