/** A person's request for a GitHub Copilot seat, from the moment it is filed until the seat is assigned or refused. */
import type { Problem } from "./errors.js";
import type { RequestState } from "./request-state.js";

export { REQUEST_STATES, type RequestState } from "./request-state.js";

/** Why a request ended in REJECTED (a pre-check failed) or FAILED (GitHub refused the assignment). */
export interface RequestProblem {
  code: string;
  /** A plain line for logs. Requests stored before `problem` existed hold the words shown, in mrkdwn. */
  message: string;
  /** What went wrong, with its facts; the Slack layer words it. Absent on requests stored before it existed. */
  problem?: Problem;
}

export interface MessageRef {
  channel: string;
  ts: string;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  /** Slack user ID of the person who caused the change, or `system` for the bot itself. */
  actorId: string;
  action: HistoryAction;
  from?: RequestState;
  to: RequestState;
  detail?: string;
}

export type HistoryAction =
  | "filed"
  | "validated"
  | "rejected"
  | "approved"
  | "denied"
  | "assigned"
  | "failed"
  | "retried"
  | "reminded"
  | "escalated"
  | "forwarded"
  | "expired"
  | "cancelled"
  | "extended"
  | "seat-ending"
  | "seat-ended"
  | "released";

/** The lifecycle actions of a waiting request: each is a PENDING → PENDING transition, recorded like any other. */
export const WAITING_ACTIONS: ReadonlySet<HistoryAction> = new Set(["reminded", "escalated", "forwarded"]);

/**
 * A `request` waits for a manager; a `grant` is an admin assigning a seat directly, with the same checks; an
 * `extension` asks the same approval to make a time-bound seat last longer.
 */
export type RequestKind = "request" | "grant" | "extension";

/** A seat for good, unless an admin revokes it. */
export const PERMANENT = "permanent";

/** How a time-bound seat ended: at the end of its term, or given back by its holder. */
export interface SeatEnd {
  reason: "term" | "released";
  /** GitHub's pending-cancellation date: the seat lasts until the end of the billing cycle. */
  pendingCancellationDate?: string;
  /** The seat comes through this team, so GitHub cannot cancel it per person. */
  throughTeam?: string;
  /** GitHub had no seat for the login any more. */
  noSeat?: boolean;
}

export interface SeatRequest {
  id: string;
  /** Absent on requests stored before grants existed, which are all `request`. */
  kind?: RequestKind;
  githubLogin: string;
  requesterId: string;
  managerId: string;
  reason: string;
  state: RequestState;
  createdAt: string;
  updatedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** The click the approval was made for (see `approveRequest`), so that a second delivery of its job knows it. */
  decisionId?: string;
  denialReason?: string;
  rejection?: RequestProblem;
  failure?: RequestProblem;
  /** The manager's approval DM, updated as the request moves on. */
  managerMessage?: MessageRef;
  /** The approvers who handed the request on (oldest first), with the approval message each of them had. */
  forwardedFrom?: { managerId: string; message?: MessageRef }[];
  /** When the request was escalated to the admins, who then got the approval message too. */
  escalatedAt?: string;
  /** The admins' copies of the approval message after an escalation, redrawn with the manager's. */
  approvalCopies?: (MessageRef & { userId: string })[];
  /** A time-bound seat's term as configured (`30d`); absent or `permanent` for a seat for good. */
  seatDuration?: string;
  /** When a time-bound seat ends; set when it is assigned, moved by an approved extension. */
  seatEndsAt?: string;
  /** An extension's original request, whose seat it makes last longer. */
  extendsRequestId?: string;
  seatEnd?: SeatEnd;
  /**
   * Whether the requester proved that the GitHub account is theirs (a sign-in, SAML, a verified-domain email), as the
   * worker found when it checked the request; `false` for a login they only typed, which the approver is told.
   * Absent on grants and on requests checked before identities existed.
   */
  loginProven?: boolean;
  /** How many times the bot has tried to assign the seat (an admin retry starts a new attempt). */
  attempt: number;
  history: HistoryEntry[];
  /** The once-only steps confirmed done (messages Slack accepted; see `announceRequest`); kept by the store. */
  notified?: string[];
  /** How many history entries are also written as audit items; kept by the store. */
  projectedSeq?: number;
}

export const SYSTEM_ACTOR = "system";
export const REASON_MAX_LENGTH = 500;
