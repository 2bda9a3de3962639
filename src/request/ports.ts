import type { CopilotSeat } from "../seat/copilot-seat.js";
import type { HistoryEntry, MessageRef, RequestState, SeatRequest } from "./seat-request.js";

export type { Job, JobQueue } from "../jobs/job.js";

export interface NewHistoryEntry {
  actorId: string;
  action: HistoryEntry["action"];
  detail?: string;
}

/** Fields a transition may set alongside the new state. */
export type RequestChanges = Partial<
  Pick<
    SeatRequest,
    | "decidedBy"
    | "decidedAt"
    | "denialReason"
    | "rejection"
    | "failure"
    | "attempt"
    | "managerId"
    | "managerMessage"
    | "forwardedFrom"
    | "escalatedAt"
    | "seatEndsAt"
    | "seatEnd"
    | "loginProven"
  >
>;

export type StepClaim = "claimed" | "done" | "busy";

export interface WriteOptions {
  /**
   * Leave the audit items to the follow-up job (`announceRequest` writes them) or the sweep: Slack's acknowledgement
   * paths save two sequential round trips this way. The change itself is still recorded in the same write.
   */
  auditLater?: boolean;
}

export interface DecideOptions extends WriteOptions {
  /**
   * `false`: a refused decision is not read back to say why (`refused` is then `undefined` and `unread` true). Slack's
   * acknowledgement uses it to stay within two round trips, and leaves the explanation to the worker.
   */
  readRefusal?: boolean;
}

/**
 * A manager's or an admin's decision on a waiting request, or its requester withdrawing it, as `RequestStore.decide`
 * records it.
 */
export interface Decision {
  to: "APPROVED" | "DENIED" | "CANCELLED";
  actorId: string;
  /**
   * Whether the actor is a Copilot admin, from the configuration. Who may decide (`assertMayDecide`) is part of the
   * write's condition: never the requester; the approver the request waits on; or an admin. Only the requester may
   * cancel, admin or not.
   */
  actorIsAdmin: boolean;
  /** ISO time. */
  decidedAt: string;
  denialReason?: string;
  /** Recorded with the decision: the ID of the click it was made for, when the worker makes it for a click. */
  decisionId?: string;
}

/**
 * `decided`: the decision is recorded; `tidied` is the store's own work after it (freeing the login's open-request
 * slot after a denial or a cancellation), which never rejects: await it beside the follow-up job. `refused`: the condition did not
 * hold, and this is the request as it now stands (`undefined` when there is none), for the caller to explain.
 */
export type DecisionOutcome =
  | { decided: SeatRequest; tidied: Promise<void>; refused?: undefined }
  | { decided?: undefined; refused: SeatRequest | undefined; unread?: boolean };

export interface OpenRequestSummary {
  requestId: string;
  requesterId: string;
  managerId: string;
  createdAt: string;
}

export interface RequestStore {
  /**
   * Stores a new request in VALIDATING and takes the GitHub login's open-request slot.
   * Throws `DuplicateRequestError` when another open request holds the slot.
   */
  create(request: SeatRequest, options?: WriteOptions): Promise<void>;
  get(requestId: string): Promise<SeatRequest | undefined>;
  /**
   * Moves the request from the state it was read in to `to`, and records the change, only if nobody has moved it
   * since it was read; throws `StaleStateError` otherwise. Callers pass the request they already hold, so a state
   * change costs no extra read.
   */
  transition(
    request: SeatRequest,
    to: RequestState,
    entry: NewHistoryEntry,
    changes?: RequestChanges,
    options?: WriteOptions,
  ): Promise<SeatRequest>;
  /**
   * PENDING → APPROVED, DENIED or CANCELLED in one conditional write, without reading the request first: the condition holds
   * the state and who may decide, so a decision costs one round trip and the winner of a race is the only one recorded.
   * A reminder, an escalation or a forward recorded meanwhile does not make it lose; a forward away from the actor
   * does.
   */
  decide(requestId: string, decision: Decision, options?: DecideOptions): Promise<DecisionOutcome>;
  listByRequester(requesterId: string, limit: number): Promise<SeatRequest[]>;
  /** PENDING requests that wait on this approver, oldest first. */
  listWaitingOn(approverId: string, limit: number): Promise<SeatRequest[]>;
  /** The same, a page at a time; `cursor` is opaque and comes back for the next page. */
  pageWaitingOn(
    approverId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ requests: SeatRequest[]; cursor?: string }>;
  /** How many requests wait on this approver, however many that is. */
  countWaitingOn(approverId: string): Promise<number>;
  /** Requests in one state, oldest first; only those filed after `createdAfter` (ISO time) when given. */
  listByState(state: RequestState, limit: number, createdAfter?: string): Promise<SeatRequest[]>;
  setManagerMessage(requestId: string, ref: MessageRef): Promise<void>;
  /**
   * Marks a time-bound seat's end for the sweep, which finds it `SEAT_END_WARNING` before; writing it again moves it.
   * Written before the state change that sets `seatEndsAt`, so a crash in between leaves a marker the sweep drops,
   * never a time-bound seat nobody looks at.
   */
  scheduleSeatEnd(requestId: string, endsAt: string): Promise<void>;
  /** Seat-end markers due before `before` (ISO time), soonest first. */
  listSeatEnds(before: string, limit: number): Promise<{ requestId: string; endsAt: string }[]>;
  clearSeatEnd(requestId: string): Promise<void>;
  /** Keeps an admin's copy of the approval message (after an escalation), so it is redrawn with the manager's. */
  addApprovalCopy(requestId: string, copy: MessageRef & { userId: string }): Promise<void>;
  /**
   * Leases a once-only step of a request (a message, a GitHub call) for `leaseSeconds`: `claimed` means this caller
   * does it now; `done` that it was confirmed done; `busy` that someone else holds a lease that has not run out.
   * A crashed holder's lease expires, so a step is never lost; it counts as done only after `completeStep`.
   */
  claimStep(requestId: string, step: string, leaseSeconds: number): Promise<StepClaim>;
  /** Records the step as done (after Slack or GitHub confirmed it) and drops its lease. */
  completeStep(requestId: string, step: string): Promise<void>;
  /** Gives a lease back early, after the step failed, so a retry may do it at once. */
  releaseStep(requestId: string, step: string): Promise<void>;
  /** Writes the audit items of history entries not yet written (see the DynamoDB adapter). */
  projectHistory(request: SeatRequest): Promise<void>;
  /** Requests whose audit items are incomplete, changed before `before` (ISO time). */
  listUnprojected(before: string, limit: number): Promise<SeatRequest[]>;
  getGitHubLogin(slackUserId: string): Promise<string | undefined>;
  /**
   * Remembers the login of a request filed at `filedAt` as the person's, unless one of a request filed later is
   * remembered already (the worker confirms logins in whatever order the queue delivers them).
   */
  saveGitHubLogin(slackUserId: string, githubLogin: string, filedAt: string): Promise<void>;
}

export interface CopilotSeats {
  isOrganizationMember(login: string): Promise<boolean>;
  /** The login's seat, or undefined when it has none. */
  getSeat(login: string): Promise<CopilotSeat | undefined>;
  assignSeat(login: string): Promise<{ seatsCreated: number }>;
}

export interface SlackUser {
  id: string;
  name: string;
  deleted: boolean;
  isBot: boolean;
  /** A multi- or single-channel guest. */
  isGuest?: boolean;
  /** The person's home workspace; someone from another organization (Slack Connect) has a foreign one. */
  teamId?: string;
  /** The Enterprise Grid organization, shared by the workspaces of one company. */
  enterpriseId?: string;
}

export interface SlackDirectory {
  getUser(userId: string): Promise<SlackUser | undefined>;
}

/** What the people involved in a request are told. The Slack adapter decides how it looks. */
export interface RequestNotifier {
  askManager(request: SeatRequest): Promise<MessageRef>;
  /** An escalated request's approval message, sent to one admin with the same buttons. */
  askAdmin(request: SeatRequest, adminId: string): Promise<MessageRef>;
  /** A reminder in the approval message's thread (or a new message when there is none). */
  remindManager(request: SeatRequest): Promise<void>;
  /** Redraws every copy of the approval message: the approver's, the admins', and those of approvers who forwarded it. */
  updateManagerMessage(request: SeatRequest): Promise<void>;
  /** Tells the requester that something happened to their waiting request. */
  tellRequesterOf(request: SeatRequest, event: "reminded" | "forwarded"): Promise<void>;
  /** Tells one person about a seat: its term ends soon, it ended, or they gave it back. */
  tellAboutSeat(userId: string, notice: SeatNotice): Promise<void>;
  tellRequester(request: SeatRequest): Promise<void>;
  tellAdminsOfFailure(request: SeatRequest, adminId: string): Promise<void>;
}

/** What a person is told about a seat, outside the approval of a request. */
export type SeatNotice =
  | { kind: "ending-soon"; request: SeatRequest }
  | { kind: "ended"; request: SeatRequest; audience: "holder" | "approver" | "admin" }
  | { kind: "released"; githubLogin: string; outcome: SeatCancellation };

/** What GitHub made of cancelling one person's seat (see `revokeSeat`). */
export type SeatCancellation =
  | { kind: "revoked"; pendingCancellationDate?: string }
  | { kind: "no-seat" }
  | { kind: "already-pending"; pendingCancellationDate?: string }
  | { kind: "through-team"; team: string };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Where the domain reports what operators must see; Powertools Logger in Lambda, the console locally. */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** The counts operators watch (Powertools Metrics in Lambda), e.g. `RequestsApproved`, `NotificationsRetried`. */
export interface Counters {
  count(name: string, dimensions?: Record<string, string>): void;
}

export const noCounters: Counters = { count: () => {} };
