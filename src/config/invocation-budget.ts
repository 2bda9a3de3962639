/**
 * The time an invocation has left, so outbound calls can be given deadlines that fit inside it: the Lambda's own limit
 * for the worker, Slack's wait for an acknowledgement in the Slack-facing function. Never started (locally, in tests
 * without a context), it never runs out.
 */
export class InvocationBudget {
  private endsAt = Number.POSITIVE_INFINITY;
  private started = 0;

  /** Called at the start of each invocation, e.g. with `context.getRemainingTimeInMillis()`. */
  start(remainingMs: number | undefined): void {
    this.endsAt = remainingMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + remainingMs;
    this.started += 1;
  }

  /** Which invocation of this container is running, for state that must not outlive it. */
  get invocation(): number {
    return this.started;
  }

  /** Milliseconds left, less what the caller keeps for itself (e.g. to record an outcome after a call gave up). */
  remainingMs(keepMs = 0): number {
    return this.endsAt - Date.now() - keepMs;
  }
}
