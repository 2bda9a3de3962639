import type { AuditLog, OnceGuard } from "../audit/audit-log.js";
import type { PersonalUsageReader } from "../digest/personal-usage.js";
import type { UsageHistory } from "../digest/usage-history.js";
import type { IdentityServices } from "../identity/identity-services.js";
import type { ReclaimPolicy } from "../reclaim/policy.js";
import type { ReclaimStore } from "../reclaim/ports.js";
import type { Admins } from "../request/authorization.js";
import type { Clock, Counters, JobQueue, Log, RequestStore } from "../request/ports.js";
import type { SeatTerms } from "../request/seat-term.js";

/** What the Slack listeners need. Everything here is cheap enough for Slack's 3-second acknowledgement path. */
export interface SlackServices {
  store: RequestStore;
  queue: JobQueue;
  clock: Clock;
  newId: () => string;
  admins: Admins;
  organization: string;
  audit: AuditLog;
  once: OnceGuard;
  log: Log;
  counters: Counters;
  /** `SEAT_DURATIONS` and `DEFAULT_SEAT_DURATION`; the defaults when absent. */
  seatTerms?: SeatTerms;
  /** The digest's stored weeks, for `/copilot usage`; absent where there is no table to read. */
  usageHistory?: UsageHistory;
  /** Slack ↔ GitHub identity links, for `/copilot connect`, `disconnect` and `whois`. */
  identity?: IdentityServices;
  /** Each person's 28-day summary the digest kept, for `/copilot seat` and the Home tab. */
  personalUsage?: PersonalUsageReader;
  /** Reclaiming idle seats: Keep and Release on the holders' questions, `/copilot reclaim`; absent when not wired. */
  reclaim?: { store: ReclaimStore; policy: ReclaimPolicy };
}
