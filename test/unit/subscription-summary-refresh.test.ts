import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LISTING_SPACING_PER_PAGE_MS,
  type StoredSubscriptionSummary,
  SUMMARY_MAX_AGE_MS,
  summaryRefreshDue,
} from "../../src/admin/stored-subscription-summary.js";
import { summarizeSubscription } from "../../src/admin/subscription-summary.js";

/** When the sweep (or an admin view) queues a new listing of every seat for the stored summary. */

const NOW = Date.parse("2026-11-21T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function storedListing(seats: number, listedAgoMs: number, changedAfterListingMs?: number): StoredSubscriptionSummary {
  const listedAt = NOW - listedAgoMs;
  const summary = summarizeSubscription(
    {
      seatManagementSetting: "assign_selected",
      seatBreakdown: {
        total: seats,
        addedThisCycle: 0,
        pendingInvitation: 0,
        pendingCancellation: 0,
        activeThisCycle: 0,
        inactiveThisCycle: 0,
      },
    },
    [],
  );
  return {
    summary,
    listedAt: iso(listedAt),
    ...(changedAfterListingMs === undefined ? {} : { seatsChangedAt: iso(listedAt + changedAfterListingMs) }),
  };
}

const seats = fc.integer({ min: 0, max: 200_000 });
const youngerThanMaxAge = fc.integer({ min: 0, max: SUMMARY_MAX_AGE_MS - 1 });

describe("when a new listing is due", () => {
  it("is due whenever no listing is stored and nobody is listing", () => {
    expect(summaryRefreshDue(undefined, new Date(NOW))).toBe(true);
    expect(summaryRefreshDue({ seatsChangedAt: iso(NOW - 1000) }, new Date(NOW))).toBe(true);
  });

  it("is never due while another refresh holds its claim", () => {
    fc.assert(
      fc.property(seats, fc.nat(), fc.integer({ min: 1, max: 10 * 60_000 }), (total, ago, claimLeft) => {
        const stored = { ...storedListing(total, ago, 0), refreshingUntil: iso(NOW + claimLeft) };
        expect(summaryRefreshDue(stored, new Date(NOW))).toBe(false);
        expect(summaryRefreshDue({ refreshingUntil: iso(NOW + claimLeft) }, new Date(NOW))).toBe(false);
      }),
    );
  });

  it("is due once the listing is six hours old, changes or not", () => {
    fc.assert(
      fc.property(seats, fc.integer({ min: SUMMARY_MAX_AGE_MS, max: 30 * SUMMARY_MAX_AGE_MS }), (total, ago) => {
        expect(summaryRefreshDue(storedListing(total, ago), new Date(NOW))).toBe(true);
      }),
    );
  });

  it("is not due for a younger listing when no seat changed since", () => {
    fc.assert(
      fc.property(seats, youngerThanMaxAge, (total, ago) => {
        expect(summaryRefreshDue(storedListing(total, ago), new Date(NOW))).toBe(false);
        // A change noted before the listing began is in it already.
        expect(summaryRefreshDue(storedListing(total, ago, -1), new Date(NOW))).toBe(false);
      }),
    );
  });

  it("after a seat change, waits 30 seconds per page of the last listing since that one began", () => {
    fc.assert(
      fc.property(seats, youngerThanMaxAge, fc.nat(), (total, ago, changedAfter) => {
        const stored = storedListing(total, ago, Math.min(changedAfter, ago));
        const spacing = Math.max(1, Math.ceil(total / 100)) * LISTING_SPACING_PER_PAGE_MS;
        expect(summaryRefreshDue(stored, new Date(NOW))).toBe(ago >= spacing);
      }),
    );
  });
});
