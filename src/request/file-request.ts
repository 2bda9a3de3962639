import { mention } from "../slack/mrkdwn.js";
import { RequestCheckError } from "./errors.js";
import { parseGitHubLogin } from "./github-login.js";
import type { Clock, JobQueue, RequestStore } from "./ports.js";
import { REASON_MAX_LENGTH, type RequestKind, type SeatRequest, SYSTEM_ACTOR } from "./seat-request.js";

export interface SeatRequestInput {
  requesterId: string;
  githubLogin: string;
  managerId: string;
  reason: string;
}

export interface FileRequestDependencies {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
  newId: () => string;
}

/**
 * The checks that need nothing but the input. They run on Slack's acknowledgement path, so a typo is answered at
 * once; everything that needs Slack's directory or GitHub runs in the worker (`validateSeatRequest`).
 */
export function checkRequestInput(input: SeatRequestInput, kind: RequestKind = "request"): SeatRequestInput {
  const githubLogin = parseGitHubLogin(input.githubLogin);
  const reason = input.reason.trim();
  if (kind === "request" && input.managerId === input.requesterId) {
    throw new RequestCheckError(
      "MANAGER_IS_REQUESTER",
      `You named yourself (${mention(input.requesterId)}) as the approver. Name your manager instead.`,
    );
  }
  if (reason.length === 0) {
    throw new RequestCheckError("REASON_MISSING", "Please give a reason: your manager sees it when deciding.");
  }
  if (reason.length > REASON_MAX_LENGTH) {
    throw new RequestCheckError(
      "REASON_TOO_LONG",
      `The reason is ${reason.length} characters long; keep it to ${REASON_MAX_LENGTH}.`,
    );
  }
  return { ...input, githubLogin, reason };
}

/** Files a request in VALIDATING and hands the remaining checks to the worker. */
export async function fileSeatRequest(
  input: SeatRequestInput,
  deps: FileRequestDependencies,
  kind: RequestKind = "request",
): Promise<SeatRequest> {
  const checked = checkRequestInput(input, kind);
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
  await deps.store.create(request);
  // A request names the requester's own account; a grant names someone else's.
  if (kind === "request") await deps.store.saveGitHubLogin(request.requesterId, request.githubLogin);
  try {
    await deps.queue.enqueue({ type: "validate-request", requestId: request.id });
  } catch (error) {
    // Without its job the request would wait forever and hold the login's slot: close it so the person can retry.
    await deps.store.transition(
      request,
      "REJECTED",
      { actorId: SYSTEM_ACTOR, action: "rejected", detail: "could not be queued" },
      { rejection: { code: "QUEUE_UNAVAILABLE", message: "The bot could not queue the request." } },
    );
    throw new RequestCheckError(
      "QUEUE_UNAVAILABLE",
      "Sorry, the bot could not queue your request just now. Nothing was kept; please try again in a minute.",
      { cause: error },
    );
  }
  return request;
}
