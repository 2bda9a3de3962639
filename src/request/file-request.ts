import {
  NotAuthorizedError,
  RequestCheckError,
  RequestNotFoundError,
  SeatBotError,
  StaleStateError,
} from "./errors.js";
import { parseGitHubLogin } from "./github-login.js";
import type { Clock, JobQueue, RequestStore } from "./ports.js";
import { REASON_MAX_LENGTH, type RequestKind, type SeatRequest, SYSTEM_ACTOR } from "./seat-request.js";
import { checkSeatDuration, DEFAULT_SEAT_TERMS, type SeatTerms } from "./seat-term.js";

export interface SeatRequestInput {
  requesterId: string;
  githubLogin: string;
  managerId: string;
  reason: string;
  /** One of `SEAT_DURATIONS`, or `permanent`; the configured default when absent. */
  seatDuration?: string;
  /** For an extension: the request whose seat it makes last longer. */
  extendsRequestId?: string;
}

export interface FileRequestDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
  newId: () => string;
  /** `SEAT_DURATIONS` and `DEFAULT_SEAT_DURATION`; the defaults when absent. */
  seatTerms?: SeatTerms;
}

/**
 * The checks that need nothing but the input. They run on Slack's acknowledgement path, so a typo is answered at
 * once; everything that needs Slack's directory or GitHub runs in the worker (`validateSeatRequest`).
 */
export function checkRequestInput(
  input: SeatRequestInput,
  kind: RequestKind = "request",
  terms: SeatTerms = DEFAULT_SEAT_TERMS,
): SeatRequestInput {
  const githubLogin = parseGitHubLogin(input.githubLogin);
  // A grant is for good; a request takes the term asked for, or the configured default.
  const seatDuration = kind === "grant" ? undefined : checkSeatDuration(input.seatDuration, terms);
  const reason = input.reason.trim();
  if (kind === "request" && input.managerId === input.requesterId) {
    throw new RequestCheckError({ code: "MANAGER_IS_REQUESTER", params: { requesterId: input.requesterId } });
  }
  if (reason.length === 0) {
    throw new RequestCheckError({ code: "REASON_MISSING", params: {} });
  }
  if (reason.length > REASON_MAX_LENGTH) {
    throw new RequestCheckError({
      code: "REASON_TOO_LONG",
      params: { length: reason.length, max: REASON_MAX_LENGTH },
    });
  }
  const { seatDuration: _asked, ...rest } = input;
  return { ...rest, githubLogin, reason, ...(seatDuration ? { seatDuration } : {}) };
}

/** Files a request in VALIDATING and hands the remaining checks to the worker. */
export async function fileSeatRequest(
  input: SeatRequestInput,
  deps: FileRequestDependencies,
  kind: RequestKind = "request",
): Promise<SeatRequest> {
  const checked = checkRequestInput(input, kind, deps.seatTerms);
  const now = deps.clock.now().toISOString();
  const request: SeatRequest = {
    id: deps.newId(),
    kind,
    ...checked,
    state: "VALIDATING",
    createdAt: now,
    updatedAt: now,
    attempt: 0,
    history: [{ seq: 1, at: now, actorId: checked.requesterId, action: "filed", to: "VALIDATING" }],
  };
  // On Slack's clock: the validation job writes the audit item, and remembers the login once GitHub confirmed it.
  await deps.store.create(request, { auditLater: true });
  try {
    await deps.queue.enqueue({ type: "validate-request", requestId: request.id });
  } catch (queueFailure) {
    return closeUnqueued(request, queueFailure, deps);
  }
  return request;
}

/**
 * Without its job the request would wait for the sweep and hold the login's slot: it is closed so the person can
 * retry at once. Returns the request if the queue took the job after all.
 */
async function closeUnqueued(
  request: SeatRequest,
  queueFailure: unknown,
  deps: FileRequestDependencies,
): Promise<SeatRequest> {
  const unqueued = new RequestCheckError({ code: "QUEUE_UNAVAILABLE", params: {} }, { cause: queueFailure });
  try {
    await deps.store.transition(request, "REJECTED", UNQUEUED_ENTRY, { rejection: UNQUEUED_REJECTION });
  } catch (error) {
    if (!(error instanceof StaleStateError)) throw filedButUnchecked(queueFailure);
    // Moved on meanwhile: by the worker, which the queue gave the job after all (a send whose answer never came),
    // or by this close itself, when its first answer was lost and the retry found its own change.
    const latest = await deps.store.get(request.id).catch(() => undefined);
    if (!latest) throw filedButUnchecked(queueFailure);
    if (latest.rejection?.code === UNQUEUED_REJECTION.code) throw unqueued;
    return request;
  }
  throw unqueued;
}

const UNQUEUED_ENTRY = { actorId: SYSTEM_ACTOR, action: "rejected", detail: "could not be queued" } as const;
const UNQUEUED_REJECTION = {
  code: "QUEUE_UNAVAILABLE",
  message: "The bot could not queue the request.",
  problem: { code: "QUEUE_UNAVAILABLE", params: {} },
} as const;

/** Neither closed nor known to be queued: it stays filed, and the sweep queues its check again. */
function filedButUnchecked(cause: unknown): SeatBotError {
  return new SeatBotError({ code: "FOLLOW_UP_DELAYED", params: { outcome: "filed" } }, { cause });
}

/**
 * The holder of a time-bound seat asks for more time: an extension request for the same login and term, decided
 * through the same approval (the same approver, the same buttons, reminders and expiry). Only the holder may ask.
 * The worker files it under `extensionId`, chosen when the click was acknowledged, so a second delivery of the same
 * click finds it filed and files nothing more.
 */
export async function fileExtension(
  originalId: string,
  actorId: string,
  extensionId: string,
  deps: Omit<FileRequestDependencies, "newId">,
): Promise<SeatRequest> {
  const [original, filed] = await Promise.all([deps.store.get(originalId), deps.store.get(extensionId)]);
  if (filed && filed.requesterId === actorId && filed.extendsRequestId === originalId) return filed;
  if (!original) throw new RequestNotFoundError(originalId);
  if (actorId !== original.requesterId) {
    throw new NotAuthorizedError({ rule: "requester-only", requesterId: original.requesterId, action: "extend" });
  }
  if (original.state !== "ASSIGNED" || !original.seatEndsAt || !original.seatDuration) {
    throw new SeatBotError({ code: "NOT_EXTENDABLE", params: { githubLogin: original.githubLogin } });
  }
  return fileSeatRequest(
    {
      requesterId: actorId,
      githubLogin: original.githubLogin,
      managerId: original.managerId,
      reason: `Extension of the seat that ends on ${original.seatEndsAt.slice(0, 10)}.`,
      seatDuration: original.seatDuration,
      extendsRequestId: original.id,
    },
    // The term is the original's, even if SEAT_DURATIONS changed since.
    {
      ...deps,
      newId: () => extensionId,
      seatTerms: { durations: [original.seatDuration], defaultDuration: original.seatDuration },
    },
    "extension",
  );
}
