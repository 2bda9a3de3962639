import type { CopilotSeat } from "../seat/copilot-seat.js";

export interface SubscriptionDetails {
  planType?: string;
  seatManagementSetting: string;
  seatBreakdown: {
    total: number;
    addedThisCycle: number;
    pendingInvitation: number;
    pendingCancellation: number;
    activeThisCycle: number;
    inactiveThisCycle: number;
  };
  /** Feature policies as GitHub names them (`ide_chat`, `public_code_suggestions`, …) → `enabled`, `disabled`, … */
  policies?: Record<string, string>;
}

export interface SubscriptionSummary extends SubscriptionDetails {
  /** GitHub assigns and removes individual seats through the API only under “assign selected”. */
  perPersonSeatsPossible: boolean;
  longestInactive: CopilotSeat[];
  /**
   * How current `longestInactive` is, when it comes from the stored summary: when its seats were listed (and whether
   * seats changed since), or that the first listing is still being prepared. Absent when the seats were just listed.
   */
  inactiveListing?: InactiveListing;
}

export type InactiveListing =
  /** `countsListed`: the seat counts are the listing's too, not read from GitHub for this view. */
  { state: "listed"; listedAt: string; seatsChangedSince: boolean; countsListed?: boolean } | { state: "preparing" };

export const LONGEST_INACTIVE_COUNT = 10;

/** Never-used seats first (oldest assignment first), then by oldest last activity. */
function inactivityOrder(a: CopilotSeat, b: CopilotSeat): number {
  if (!a.lastActivityAt && !b.lastActivityAt) return a.createdAt.localeCompare(b.createdAt);
  if (!a.lastActivityAt) return -1;
  if (!b.lastActivityAt) return 1;
  return a.lastActivityAt.localeCompare(b.lastActivityAt);
}

export function summarizeSubscription(
  details: SubscriptionDetails,
  seats: readonly CopilotSeat[],
): SubscriptionSummary {
  return {
    ...details,
    perPersonSeatsPossible: details.seatManagementSetting === "assign_selected",
    longestInactive: [...seats].sort(inactivityOrder).slice(0, LONGEST_INACTIVE_COUNT),
  };
}
