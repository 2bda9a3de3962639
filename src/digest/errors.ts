export type DigestProblemCode =
  | "METRICS_POLICY_DISABLED"
  | "METRICS_PERMISSION_MISSING"
  | "SEAT_PERMISSION_MISSING"
  | "SEAT_BILLING_PROBLEM"
  | "NO_METRICS_ENDPOINT";

/**
 * GitHub refused data the digest needs, for a reason only a person can fix (a policy or a permission). The message
 * is one sentence saying what to enable; it is posted to the channel as it is.
 */
export class DigestAccessError extends Error {
  constructor(
    readonly code: DigestProblemCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DigestAccessError";
  }
}

/** The digest run ended with problems that were posted to the channel; thrown so the scheduled invocation fails. */
export class DigestFailedError extends Error {
  constructor(readonly problems: readonly DigestAccessError[]) {
    super(`The Copilot digest could not be completed: ${problems.map((p) => `[${p.code}] ${p.message}`).join(" ")}`);
    this.name = "DigestFailedError";
  }
}
