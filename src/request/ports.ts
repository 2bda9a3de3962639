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
  Pick<SeatRequest, "decidedBy" | "decidedAt" | "denialReason" | "rejection" | "failure" | "attempt">
>;

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
  create(request: SeatRequest): Promise<void>;
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
  ): Promise<SeatRequest>;
  listByRequester(requesterId: string, limit: number): Promise<SeatRequest[]>;
  /** PENDING requests that wait on this approver, oldest first. */
  listWaitingOn(approverId: string, limit: number): Promise<SeatRequest[]>;
  /** Requests in one state, oldest first; only those filed after `createdAfter` (ISO time) when given. */
  listByState(state: RequestState, limit: number, createdAfter?: string): Promise<SeatRequest[]>;
  setManagerMessage(requestId: string, ref: MessageRef): Promise<void>;
  /** Returns true the first time it is called with a key for a request, so a redelivered job never posts twice. */
  claimNotification(requestId: string, key: string): Promise<boolean>;
  releaseNotification(requestId: string, key: string): Promise<void>;
  getGitHubLogin(slackUserId: string): Promise<string | undefined>;
  saveGitHubLogin(slackUserId: string, githubLogin: string): Promise<void>;
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
}

export interface SlackDirectory {
  getUser(userId: string): Promise<SlackUser | undefined>;
}

/** What the people involved in a request are told. The Slack adapter decides how it looks. */
export interface RequestNotifier {
  askManager(request: SeatRequest): Promise<MessageRef>;
  updateManagerMessage(request: SeatRequest): Promise<void>;
  tellRequester(request: SeatRequest): Promise<void>;
  tellAdminsOfFailure(request: SeatRequest, adminId: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
