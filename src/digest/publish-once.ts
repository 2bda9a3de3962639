import { createHash } from "node:crypto";
import type { OnceGuard } from "../audit/audit-log.js";
import type { DigestPublisher } from "./digest.js";

/** Long enough to outlast every retry of one weekly run, short enough that the markers clean themselves up. */
const MARKER_SECONDS = 8 * 24 * 60 * 60;
/**
 * How long a post may hold its marker before it is confirmed: a run that dies mid-post (the digest function's limit
 * is 5 minutes) frees it for the retry, instead of locking that digest out for the week.
 */
const POSTING_LEASE_SECONDS = 6 * 60;

/**
 * Lambda retries a failed scheduled run with the same event. Keyed by that run, each digest and each problem line is
 * posted once: what a failed attempt already posted is skipped on the retry, and only what is missing goes out.
 */
export function publishOncePerRun(publisher: DigestPublisher, once: OnceGuard, runKey: string): DigestPublisher {
  const guarded = async (key: string, post: () => Promise<void>) => {
    const marker = `digest:${runKey}:${key}`;
    if (!(await once.claim(marker, POSTING_LEASE_SECONDS))) return;
    try {
      await post();
    } catch (error) {
      await once.release(marker);
      throw error;
    }
    await once.confirm(marker, MARKER_SECONDS);
  };
  return {
    publishDigest: (channel, digest, charts) =>
      guarded(`${channel}:${digest.scope.kind}:${digest.scope.name}`, () =>
        publisher.publishDigest(channel, digest, charts),
      ),
    publishProblem: (channel, line) =>
      guarded(`${channel}:problem:${createHash("sha256").update(line).digest("hex").slice(0, 16)}`, () =>
        publisher.publishProblem(channel, line),
      ),
  };
}
