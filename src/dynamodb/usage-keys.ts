/**
 * The key format of the digest's stored weeks (documented in `table-schema.ts`), free of imports so that the CDK
 * stack can read the prefix for the digest's IAM condition without loading the SDK.
 */
export const USAGE_KEY_PREFIX = "USAGE#";

/** `scope` is `scopeKey(...)` of the digest: `organization:acme`, `team:acme/web`, `enterprise:acme-corp`. */
export function usageWeekKey(scope: string, weekEnding: string): { pk: string; sk: string } {
  return { pk: `${USAGE_KEY_PREFIX}${scope}`, sk: `WEEK#${weekEnding}` };
}

/** One person's 28-day summary: under the same prefix, so the digest's one write permission covers it. */
export function personalUsageKey(login: string): { pk: string; sk: string } {
  return { pk: `${USAGE_KEY_PREFIX}person:${login.toLowerCase()}`, sk: "LAST28" };
}
