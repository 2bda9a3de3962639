import { RequestCheckError } from "../request/errors.js";
import { type FileRequestDependencies, fileSeatRequest } from "../request/file-request.js";
import type { RequestStore } from "../request/ports.js";
import type { SeatRequest } from "../request/seat-request.js";

/**
 * An admin assigns a seat without an approval step. It is filed as a request of kind `grant` so that it goes through
 * the same checks (organization member, no seat yet, no open request), the same single assignment, the same failure
 * handling and the same history, with the admin as the actor throughout. Whether the admin may grant this login
 * (`assertNotDeniedBefore`) is checked by the worker with the others, so Slack waits only on filing.
 */
export async function grantSeat(
  githubLogin: string,
  adminId: string,
  deps: FileRequestDependencies,
): Promise<SeatRequest> {
  return fileSeatRequest(
    { requesterId: adminId, managerId: adminId, githubLogin, reason: "Granted directly by a Copilot admin." },
    deps,
    "grant",
  );
}

/** How far back an admin's own denied requests are looked for: more than anyone files in a year. */
const OWN_REQUESTS_CHECKED = 100;

/**
 * An admin who asked for a seat and was denied may not go around that decision with a grant of their own; another
 * admin can still grant it, which is a new decision by someone else. A refusal closes the grant as rejected.
 */
export async function assertNotDeniedBefore(grant: SeatRequest, store: RequestStore): Promise<void> {
  const [adminId, login] = [grant.requesterId, grant.githubLogin];
  const own = await store.listByRequester(adminId, OWN_REQUESTS_CHECKED);
  const denied = own.find(
    (request) =>
      request.kind !== "grant" &&
      request.state === "DENIED" &&
      request.githubLogin.toLowerCase() === login.toLowerCase(),
  );
  if (denied) {
    throw new RequestCheckError({
      code: "NOT_AUTHORIZED",
      params: {
        rule: "own-denied-request",
        githubLogin: login,
        ...(denied.decidedBy ? { deniedBy: denied.decidedBy } : {}),
      },
    });
  }
}
