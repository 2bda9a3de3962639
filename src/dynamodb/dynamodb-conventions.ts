import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/** A conditional write that lost: the expected answer to a race, not a failure. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error)?.name === "ConditionalCheckFailedException"
  );
}

/** The key attributes a page position may name: the table's and its indexes'. */
const CURSOR_ATTRIBUTES = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"]);

/** A page position handed to Slack (in a button) and back: opaque to people. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;
}

/**
 * Reads a page position back, accepting only string key attributes of this table: it came through Slack, so a
 * forged one must not become an arbitrary `ExclusiveStartKey`. Anything else starts from the first page.
 */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const valid =
      typeof key === "object" &&
      key !== null &&
      !Array.isArray(key) &&
      Object.entries(key).every(([name, value]) => CURSOR_ATTRIBUTES.has(name) && typeof value === "string");
    return valid ? (key as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Only the named attributes of an item, as the domain object they make up: the keys, index attributes and bookkeeping
 * the adapter stores beside them never leak out of it.
 */
export function pickFields(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) picked[field] = item[field];
  return picked;
}
