import { describe, expect, it } from "vitest";
import { requestFigures } from "../../src/digest/request-figures.js";
import { digestMessage } from "../../src/slack/blocks/digest-message.js";

const WEEK = { first: "2026-11-09", last: "2026-11-15" };
const at = "2026-11-10T10:00:00Z";

describe("the digest's request section and the request lifecycle", () => {
  it("counts expired, cancelled and forwarded requests, and ended time-bound seats as approved", () => {
    const figures = requestFigures(
      [
        { state: "EXPIRED", createdAt: at },
        { state: "CANCELLED", createdAt: at },
        { state: "CANCELLED", createdAt: at, forwarded: true },
        { state: "PENDING", createdAt: at, forwarded: true },
        { state: "ENDED", createdAt: at, decidedAt: "2026-11-10T11:00:00Z" },
      ],
      WEEK,
    );

    expect(figures).toMatchObject({ filed: 5, expired: 1, cancelled: 2, forwarded: 2, approved: 1, pending: 1 });
  });

  it("shows the lifecycle line only when something happened, with seats given back and seats ending next week", () => {
    const quiet = requestFigures([{ state: "ASSIGNED", createdAt: at, decidedAt: at }], WEEK);
    const busy = {
      ...requestFigures([{ state: "EXPIRED", createdAt: at }], WEEK),
      seatsReleased: 2,
      seatsEndingNextWeek: 3,
    };
    const text = (figures: typeof quiet) =>
      digestMessage({
        scope: { kind: "organization", name: "acme" },
        generatedAt: "2026-11-16T09:00:00Z",
        usage: { kind: "no-data", source: "reports", detail: "none", asOf: "2026-11-16" },
        requests: { kind: "figures", figures },
      } as Parameters<typeof digestMessage>[0]).text;

    expect(text(quiet)).not.toContain("expired without a decision");
    expect(text(busy)).toContain("expired without a decision");
    expect(text(busy)).toContain("seats given back");
    expect(text(busy)).toContain("time-bound seats ending next week");
  });
});
