import type { SeatFacts } from "../seat/describe-seat.js";
import { type GitHubProblem, problemLogLine } from "../seat/github-failure.js";
import type { RequestState } from "./request-state.js";

/** What the words end with when an approver is refused: what the person who named them should do instead. */
export type ApproverFix = "name-manager" | "choose-another";

/** What only a Copilot admin may do. */
export type AdminAction =
  | "retry-failed"
  | "revoke-seats"
  | "change-team-seats"
  | "read-audit"
  | "look-up-seats"
  | "see-usage"
  | "disconnect-others"
  | "look-up-people";

/** Who may do what, by rule; each rule names the person who may. */
export type NotAuthorizedParams =
  | { rule: "own-request"; managerId: string }
  | { rule: "approver-only"; managerId: string }
  | { rule: "requester-only"; requesterId: string; action: "cancel" | "extend" }
  | { rule: "admin-only"; action: AdminAction }
  | { rule: "admin-subcommand"; subcommand: string }
  | { rule: "own-denied-request"; githubLogin: string; deniedBy?: string }
  | { rule: "own-seat-only"; githubLogin: string };

type ApproverCheck = { approverId: string; fix: ApproverFix };

/**
 * Every way a request can be refused or fail, with the facts a person needs to act on it: Slack user IDs, logins and
 * text people typed, raw. The Slack layer words each code for its surface and escapes what it quotes.
 */
export interface RequestProblemParams {
  NOT_AUTHORIZED: NotAuthorizedParams;
  REQUEST_NOT_FOUND: { requestId: string };
  INVALID_TRANSITION: { from: RequestState; to: RequestState };
  STALE_STATE: { requestId: string; expected: RequestState; actual?: RequestState };
  DUPLICATE_REQUEST: { githubLogin: string; managerId: string; state: RequestState; createdAt: string };
  STEP_IN_PROGRESS: { requestId: string; step: string };
  MESSAGE_NOT_DELIVERED: { reason: string };
  ALREADY_DECIDED: { state: RequestState; requesterId: string; decidedBy?: string };
  STILL_VALIDATING: { managerId: string; change: "cancelled" | "forwarded" };
  FOLLOW_UP_DELAYED: { outcome: "filed" | "approved" | "denied" | "retried" | "cancelled" | "forwarded" };
  NOT_FAILED: { state: RequestState };
  NOT_EXTENDABLE: { githubLogin: string };
  /** `/copilot cancel` found no waiting request of the caller's (for `githubLogin`, when they named one). */
  NOTHING_TO_CANCEL: { githubLogin?: string };
  /** `/copilot cancel` found several waiting requests and was not told which. */
  WHICH_REQUEST: { githubLogins: string[] };
  QUEUE_UNAVAILABLE: Record<string, never>;
  /**
   * The queue did not confirm a job a click or command handed on: it may have been taken all the same (a send whose
   * answer never came), so the person is not told that nothing happened.
   */
  QUEUE_UNCONFIRMED: Record<string, never>;
  MANAGER_IS_REQUESTER: { requesterId: string };
  REASON_MISSING: Record<string, never>;
  REASON_TOO_LONG: { length: number; max: number };
  INVALID_LOGIN: { login: string; flaw: "empty" | "too-long" | "double-hyphen" | "characters" };
  /** `choices` are the configured durations and `permanent`. */
  INVALID_SEAT_DURATION: { chosen: string; choices: string[] };
  MANAGER_NOT_FOUND: ApproverCheck;
  MANAGER_INACTIVE: ApproverCheck;
  MANAGER_IS_BOT: ApproverCheck;
  MANAGER_IS_GUEST: ApproverCheck;
  MANAGER_IS_EXTERNAL: ApproverCheck;
  ALREADY_SEATED: { githubLogin: string; seat: SeatFacts };
  NOT_A_MEMBER: { githubLogin: string; organization: string };
  FORWARD_TO_REQUESTER: { approverId: string };
  FORWARD_TO_SAME: { approverId: string };
  /** No login typed and none proven; or `typedLogin` is not the proven `ownLogin`, or not proven at all. */
  LOGIN_NOT_PROVEN: { typedLogin?: string; ownLogin?: string };
  LOGIN_NOT_YOURS: { githubLogin: string; holderId: string };
  /** GitHub failed on every delivery of a request's checks. */
  GITHUB_CHECK_FAILED: { failure: GitHubProblem };
  /** GitHub failed on every delivery of a seat's assignment. */
  GITHUB_KEPT_FAILING: { failure: GitHubProblem };
}

export type RequestProblemCode = keyof RequestProblemParams;

export type SeatBotProblem = {
  [C in RequestProblemCode]: { code: C; params: RequestProblemParams[C] };
}[RequestProblemCode];

/** Everything the request domain can tell a person went wrong: its own problems and GitHub's. */
export type Problem = SeatBotProblem | GitHubProblem;

/**
 * An error the person who caused it can act on. `problem` says what went wrong with its facts, and the Slack layer
 * words it; `message` is a plain line for logs.
 */
export class SeatBotError extends Error {
  readonly code: RequestProblemCode;

  /** `logLine` replaces the code-and-facts line where a sentence reads better in the logs. */
  constructor(
    readonly problem: SeatBotProblem,
    options?: { cause?: unknown },
    logLine: string = problemLogLine(problem),
  ) {
    super(logLine, options);
    this.name = "SeatBotError";
    this.code = problem.code;
  }

  get params(): SeatBotProblem["params"] {
    return this.problem.params;
  }
}

/** A request failed one of the checks made before it reaches the manager. */
export class RequestCheckError extends SeatBotError {
  constructor(problem: SeatBotProblem, options?: { cause?: unknown }) {
    super(problem, options);
    this.name = "RequestCheckError";
  }
}

export class NotAuthorizedError extends SeatBotError {
  constructor(params: NotAuthorizedParams) {
    super({ code: "NOT_AUTHORIZED", params });
    this.name = "NotAuthorizedError";
  }
}

export class RequestNotFoundError extends SeatBotError {
  constructor(readonly requestId: string) {
    super({ code: "REQUEST_NOT_FOUND", params: { requestId } });
    this.name = "RequestNotFoundError";
  }
}

export class InvalidTransitionError extends SeatBotError {
  constructor(
    readonly from: RequestState,
    readonly to: RequestState,
  ) {
    super({ code: "INVALID_TRANSITION", params: { from, to } }, {}, `A request cannot move from ${from} to ${to}.`);
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
    super(
      { code: "STALE_STATE", params: { requestId, expected, ...(actual ? { actual } : {}) } },
      {},
      `The request is ${actual ?? "gone"}, not ${expected}.`,
    );
    this.name = "StaleStateError";
  }
}

/** Another request for the same GitHub login is still open. */
export class DuplicateRequestError extends RequestCheckError {
  constructor(
    readonly githubLogin: string,
    readonly open: { requestId: string; managerId: string; state: RequestState; createdAt: string },
  ) {
    super({
      code: "DUPLICATE_REQUEST",
      params: { githubLogin, managerId: open.managerId, state: open.state, createdAt: open.createdAt },
    });
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
    super(
      { code: "STEP_IN_PROGRESS", params: { requestId, step } },
      {},
      `Step ${step} of request ${requestId} is in progress elsewhere.`,
    );
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
    super(
      { code: "MESSAGE_NOT_DELIVERED", params: { reason } },
      options,
      `Slack did not take the message (${reason}).`,
    );
    this.name = "MessageNotDeliveredError";
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}
