/**
 * GitHub refused or failed a call. `retryable` failures (5xx, 429, secondary rate limits) are worth another try
 * later; the others need a person to change something, which `message` explains in plain words.
 */
export class GitHubFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "GitHubFailure";
  }
}
