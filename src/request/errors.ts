import type { RequestState } from "./seat-request.js";

/**
 * An error the person who caused it can act on. `message` is plain language meant for Slack (mrkdwn, already
 * escaped where it quotes user input); `code` lets callers and tests tell the cases apart.
 */
export class SeatBotError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SeatBotError";
  }
}

/** A request failed one of the checks made before it reaches the manager. */
export class RequestCheckError extends SeatBotError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "RequestCheckError";
  }
}

export class NotAuthorizedError extends SeatBotError {
  constructor(message: string) {
    super("NOT_AUTHORIZED", message);
    this.name = "NotAuthorizedError";
  }
}

export class RequestNotFoundError extends SeatBotError {
  constructor(readonly requestId: string) {
    super("REQUEST_NOT_FOUND", "That request no longer exists.");
    this.name = "RequestNotFoundError";
  }
}

export class InvalidTransitionError extends SeatBotError {
  constructor(
    readonly from: RequestState,
    readonly to: RequestState,
  ) {
    super("INVALID_TRANSITION", `A request cannot move from ${from} to ${to}.`);
    this.name = "InvalidTransitionError";
  }
}

/** A conditional state change lost: the request was no longer in the state the caller expected. */
export class StaleStateError extends SeatBotError {
  constructor(
    readonly requestId: string,
    readonly expected: RequestState,
    readonly actual: RequestState | undefined,
  ) {
    super("STALE_STATE", `The request is ${actual ?? "gone"}, not ${expected}.`);
    this.name = "StaleStateError";
  }
}

/** Another request for the same GitHub login is still open. */
export class DuplicateRequestError extends RequestCheckError {
  constructor(
    readonly githubLogin: string,
    readonly open: { requestId: string; managerId: string; state: RequestState; createdAt: string },
  ) {
    super(
      "DUPLICATE_REQUEST",
      `There is already an open request for \`${githubLogin}\` (${open.state.toLowerCase()}, waiting on <@${open.managerId}> since ${open.createdAt.slice(0, 10)}). Wait for it to be decided, or ask <@${open.managerId}> about it.`,
    );
    this.name = "DuplicateRequestError";
  }
}

/**
 * A once-only step (a message, a GitHub call) is leased by another delivery of the same job that has not finished
 * or crashed yet. Retryable: the job comes back after the queue's delay, when the step is done or its lease ran out.
 */
export class StepInProgressError extends SeatBotError {
  constructor(
    readonly requestId: string,
    readonly step: string,
  ) {
    super("STEP_IN_PROGRESS", `Step ${step} of request ${requestId} is in progress elsewhere.`);
    this.name = "StepInProgressError";
  }
}

/**
 * A message could not be delivered. `permanent` when trying again cannot help (the conversation or message is gone,
 * the person deactivated, the bot not allowed); otherwise (rate limits, Slack errors, timeouts) it may pass.
 */
export class MessageNotDeliveredError extends SeatBotError {
  constructor(
    readonly reason: string,
    readonly permanent: boolean,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super("MESSAGE_NOT_DELIVERED", `Slack did not take the message (${reason}).`, options);
    this.name = "MessageNotDeliveredError";
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}
