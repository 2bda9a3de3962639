import { assertNotDeniedBefore } from "../admin/grant-seat.js";
import { type RequesterLoginPolicy, requesterLogin } from "../identity/requester-login.js";
import { seatFacts } from "../seat/describe-seat.js";
import { GitHubFailure, problemLogLine } from "../seat/github-failure.js";
import { type AnnounceDependencies, announceRequest } from "./announce-request.js";
import { assignApprovedSeat } from "./assign-seat.js";
import { type ApproverFix, type Problem, RequestCheckError, RequestNotFoundError, StaleStateError } from "./errors.js";
import type { Clock, CopilotSeats, RequestStore, SlackDirectory, SlackUser } from "./ports.js";
import { type RequestProblem, type SeatRequest, SYSTEM_ACTOR } from "./seat-request.js";

export interface ValidateDependencies extends AnnounceDependencies {
  store: RequestStore;
  directory: SlackDirectory;
  github: CopilotSeats;
  organization: string;
  clock: Clock;
  /** Slack ↔ GitHub identities and `REQUIRE_PROVEN_LOGIN`; without them every login counts as typed and unchecked. */
  identity?: RequesterLoginPolicy;
}

/**
 * The checks that need Slack's directory or GitHub, run by the worker. A failed check closes the request as REJECTED
 * with the reason, so nothing is left pending; a passing request moves to PENDING and its manager is asked.
 * GitHub failures that may pass on their own are rethrown, so the queue tries again later.
 */
export async function validateSeatRequest(
  requestId: string,
  delivery: { finalAttempt: boolean },
  deps: ValidateDependencies,
): Promise<SeatRequest> {
  let request = await deps.store.get(requestId);
  if (!request) throw new RequestNotFoundError(requestId);
  if (request.state === "VALIDATING") {
    try {
      const loginProven = await checkRequesterLogin(request, deps.identity);
      if (request.kind !== "grant") await checkManager(request, deps.directory);
      else await assertNotDeniedBefore(request, deps.store);
      // An extension is for a seat the login already has: only its membership is checked again.
      if (request.kind === "extension") await checkMembership(request.githubLogin, deps.github, deps.organization);
      else await checkGitHubAccount(request.githubLogin, deps.github, deps.organization);
      request = await deps.store.transition(
        request,
        "PENDING",
        { actorId: SYSTEM_ACTOR, action: "validated" },
        loginProven === undefined ? {} : { loginProven },
      );
    } catch (error) {
      const problem = asRequestProblem(error, delivery);
      if (!problem) throw error;
      request = await deps.store.transition(
        request,
        "REJECTED",
        { actorId: SYSTEM_ACTOR, action: "rejected", detail: problem.code },
        { rejection: problem },
      );
    }
  }
  if (request.kind === "grant" && (request.state === "PENDING" || request.state === "APPROVED")) {
    return grantValidatedRequest(request, delivery, deps);
  }
  // Before the announcement, whose Home redraw shows the requester's seat by this login; a failed save is raised only
  // once the manager has been asked.
  const unremembered = await rememberRequesterLogin(request, deps);
  await announceRequest(request, deps);
  if (unremembered !== undefined) {
    if (!delivery.finalAttempt) throw unremembered;
    deps.log.warn("Could not remember a requester's GitHub login", { requestId: request.id, error: unremembered });
  }
  return request;
}

/**
 * The login a request names becomes its requester's remembered one (the form's prefill, the seat their Home shows)
 * once GitHub has confirmed it is a member's, so a mistyped login is not offered again. A grant names someone else's
 * account. Done on every delivery of the job (the save is safe to repeat), so a worker stopped in between or a failed
 * save is made good by the next delivery. Returns the save's failure, if any, for the caller to raise when it may.
 */
async function rememberRequesterLogin(request: SeatRequest, deps: ValidateDependencies): Promise<unknown> {
  const confirmed =
    request.history.some((entry) => entry.action === "validated") || request.rejection?.code === "ALREADY_SEATED";
  if (request.kind === "grant" || !confirmed) return undefined;
  try {
    await deps.store.saveGitHubLogin(request.requesterId, request.githubLogin, request.createdAt);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** A grant needs no manager: the admin who filed it approves it, and the seat is assigned in the same job. */
async function grantValidatedRequest(
  request: SeatRequest,
  delivery: { finalAttempt: boolean },
  deps: ValidateDependencies,
): Promise<SeatRequest> {
  if (request.state === "PENDING") {
    try {
      await deps.store.transition(
        request,
        "APPROVED",
        { actorId: request.requesterId, action: "approved", detail: "direct grant by an admin" },
        { decidedBy: request.requesterId, decidedAt: deps.clock.now().toISOString() },
      );
    } catch (error) {
      // Another delivery of this job (or the sweep's) moved it on first; carry on from where it is.
      if (!(error instanceof StaleStateError)) throw error;
    }
  }
  return assignApprovedSeat(request.id, delivery, deps);
}

/**
 * Whose account the request is for. Checked here, in the worker, so that Slack's acknowledgement waits on no extra
 * read: a login another Slack person proved is refused, and with `REQUIRE_PROVEN_LOGIN` only the requester's own
 * proven login is accepted. An extension keeps its seat's login, so it is refused only for another person's proven
 * login. Returns whether the login is proven theirs, for the approver's message (undefined for a grant, which an
 * admin files for someone else).
 */
async function checkRequesterLogin(
  request: SeatRequest,
  policy: RequesterLoginPolicy | undefined,
): Promise<boolean | undefined> {
  if (!policy || request.kind === "grant") return undefined;
  const rule = request.kind === "extension" ? { ...policy, requireProven: false } : policy;
  return (await requesterLogin(request.requesterId, request.githubLogin, rule)).proven;
}

async function checkManager(request: SeatRequest, directory: SlackDirectory): Promise<void> {
  await checkApprover(request.managerId, request.requesterId, directory, "name-manager");
}

/**
 * Whether a person may approve seats for the requester: an active person (not a bot) and a full member of the
 * requester's own organization, since a guest or a Slack Connect partner may not hand out the company's seats. `fix`
 * says what the person who named them should do instead.
 */
export async function checkApprover(
  approverId: string,
  requesterId: string,
  directory: SlackDirectory,
  fix: ApproverFix,
): Promise<void> {
  const approver = await directory.getUser(approverId);
  const params = { approverId, fix };
  if (!approver) throw new RequestCheckError({ code: "MANAGER_NOT_FOUND", params });
  if (approver.deleted) throw new RequestCheckError({ code: "MANAGER_INACTIVE", params });
  if (approver.isBot) throw new RequestCheckError({ code: "MANAGER_IS_BOT", params });
  if (approver.isGuest) throw new RequestCheckError({ code: "MANAGER_IS_GUEST", params });
  const requester = await directory.getUser(requesterId);
  if (requester && !sameOrganization(approver, requester)) {
    throw new RequestCheckError({ code: "MANAGER_IS_EXTERNAL", params });
  }
}

function sameOrganization(a: SlackUser, b: SlackUser): boolean {
  if (a.enterpriseId && b.enterpriseId) return a.enterpriseId === b.enterpriseId;
  return !a.teamId || !b.teamId || a.teamId === b.teamId;
}

async function checkGitHubAccount(login: string, github: CopilotSeats, organization: string): Promise<void> {
  await checkMembership(login, github, organization);
  const seat = await github.getSeat(login);
  // A seat that is pending cancellation ends with the billing cycle; asking to keep it is a real request.
  if (seat && !seat.pendingCancellationDate) {
    throw new RequestCheckError({ code: "ALREADY_SEATED", params: { githubLogin: login, seat: seatFacts(seat) } });
  }
}

async function checkMembership(login: string, github: CopilotSeats, organization: string): Promise<void> {
  if (!(await github.isOrganizationMember(login))) {
    throw new RequestCheckError({ code: "NOT_A_MEMBER", params: { githubLogin: login, organization } });
  }
}

/**
 * A failed check, or a GitHub failure that needs a person, closes the request. A GitHub outage is retried by the
 * queue, until its last delivery: then the request is closed too, so the requester is told instead of waiting.
 */
function asRequestProblem(error: unknown, delivery: { finalAttempt: boolean }): RequestProblem | undefined {
  if (error instanceof RequestCheckError) return stored(error.problem);
  if (!(error instanceof GitHubFailure)) return undefined;
  if (!error.retryable) return stored(error.problem);
  if (!delivery.finalAttempt) return undefined;
  return { ...stored({ code: "GITHUB_CHECK_FAILED", params: { failure: error.problem } }), code: error.code };
}

function stored(problem: Problem): RequestProblem {
  return { code: problem.code, message: problemLogLine(problem), problem };
}
