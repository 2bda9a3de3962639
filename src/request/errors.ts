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
