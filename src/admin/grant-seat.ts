import { type FileRequestDependencies, fileSeatRequest } from "../request/file-request.js";
import type { SeatRequest } from "../request/seat-request.js";

/**
 * An admin assigns a seat without an approval step. It is filed as a request of kind `grant` so that it goes through
 * the same checks (organization member, no seat yet, no open request), the same single assignment, the same failure
 * handling and the same history, with the admin as the actor throughout.
 */
export function grantSeat(githubLogin: string, adminId: string, deps: FileRequestDependencies): Promise<SeatRequest> {
  return fileSeatRequest(
    { requesterId: adminId, managerId: adminId, githubLogin, reason: "Granted directly by a Copilot admin." },
    deps,
    "grant",
  );
}
