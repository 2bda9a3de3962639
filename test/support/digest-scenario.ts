import { readFileSync } from "node:fs";
import type { DynamoDbRequestStore } from "../../src/dynamodb/dynamodb-request-store.js";
import type { RequestState, SeatRequest } from "../../src/request/seat-request.js";
import type { CopilotMetricsFake } from "../fakes/copilot-metrics-fake.js";
import { DIGEST_SEATS } from "../fixtures/digest-seats.js";

const FIXTURES = new URL("../fixtures/", import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** The 14 days of the digest week and the week before, for the 1-day reports. */
export const FOURTEEN_DAYS = Array.from({ length: 14 }, (_, i) =>
  new Date(Date.UTC(2026, 4, 25 + i)).toISOString().slice(0, 10),
);

/**
 * The organization report fixture is kept pretty-printed to be read by people; GitHub's file holds it on one
 * NDJSON line, and that is how it is served.
 */
export function asNdjson(fixture: string): string {
  return `${JSON.stringify(fixtureJson(fixture))}\n`;
}

/** The reports API of the fixture organization: its 28-day report, its users reports and its teams' reports. */
export function serveReportsApi(metrics: CopilotMetricsFake): void {
  metrics.putFile("organization-28-day.ndjson", "organization-28-day", asNdjson("reports/organization-28-day.json"));
  metrics.serveReport("organization-28-day", { files: ["organization-28-day.ndjson"] });
  metrics.putFile("users-28-day.ndjson", "users-28-day", fixtureText("reports/users-28-day.ndjson"));
  metrics.serveReport("users-28-day", { files: ["users-28-day.ndjson"] });
  metrics.serveDailyReports("users-1-day", fixtureText("reports/users-1-day.ndjson"), FOURTEEN_DAYS);
  metrics.serveDailyReports("user-teams-1-day", fixtureText("reports/user-teams-1-day.ndjson"), FOURTEEN_DAYS);
}

/** The subscription (fixture `copilot-billing.json`) and its ten seats (`digest-seats.ts`). */
export function serveSeats(metrics: CopilotMetricsFake): void {
  const billing = fixtureJson("copilot-billing.json");
  metrics.github.route("get", "/orgs/{org}/copilot/billing", () => ({ status: 200, body: billing }));
  for (const seat of DIGEST_SEATS) metrics.github.seats.set(seat.login, { ...seat });
}

interface RequestStory {
  id: string;
  createdAt: string;
  /** The states after VALIDATING, in order; the decision (APPROVED or DENIED) happens at `decidedAt`. */
  path: RequestState[];
  decidedAt?: string;
  kind?: "request" | "grant";
}

/**
 * Seat requests around the request week of DIGEST_NOW (2026-06-03 – 2026-06-09), stored through the real request
 * store and its transitions, so the by-state index is kept as the bot keeps it.
 * In the week: 5 requests (r1 ASSIGNED 60 min, r2 DENIED 200 min, r3 PENDING, r4 REJECTED, r5 FAILED 1440 min)
 * and one admin grant (g1); outside it: r6 (the day before) and r7 (the day of the run).
 */
export const REQUEST_STORIES: RequestStory[] = [
  {
    id: "r1",
    createdAt: "2026-06-03T10:00:00.000Z",
    path: ["PENDING", "APPROVED", "ASSIGNED"],
    decidedAt: "2026-06-03T11:00:00.000Z",
  },
  {
    id: "r2",
    createdAt: "2026-06-04T09:00:00.000Z",
    path: ["PENDING", "DENIED"],
    decidedAt: "2026-06-04T12:20:00.000Z",
  },
  { id: "r3", createdAt: "2026-06-05T08:00:00.000Z", path: ["PENDING"] },
  { id: "r4", createdAt: "2026-06-06T00:00:00.000Z", path: ["REJECTED"] },
  {
    id: "r5",
    createdAt: "2026-06-08T10:00:00.000Z",
    path: ["PENDING", "APPROVED", "FAILED"],
    decidedAt: "2026-06-09T10:00:00.000Z",
  },
  {
    id: "g1",
    createdAt: "2026-06-07T10:00:00.000Z",
    path: ["PENDING", "APPROVED", "ASSIGNED"],
    decidedAt: "2026-06-07T10:00:00.000Z",
    kind: "grant",
  },
  {
    id: "r6",
    createdAt: "2026-06-02T23:59:59.999Z",
    path: ["PENDING", "APPROVED", "ASSIGNED"],
    decidedAt: "2026-06-03T09:00:00.000Z",
  },
  { id: "r7", createdAt: "2026-06-10T08:00:00.000Z", path: ["PENDING"] },
];

export async function fileRequests(store: DynamoDbRequestStore, stories = REQUEST_STORIES): Promise<void> {
  for (const story of stories) {
    const request: SeatRequest = {
      id: story.id,
      kind: story.kind ?? "request",
      githubLogin: `login-${story.id}`,
      requesterId: "UREQUEST1",
      managerId: "UMANAGER1",
      reason: "Pairing with the team on TypeScript",
      state: "VALIDATING",
      createdAt: story.createdAt,
      updatedAt: story.createdAt,
      attempt: 0,
      history: [{ seq: 1, at: story.createdAt, actorId: "UREQUEST1", action: "filed", to: "VALIDATING" }],
    };
    await store.create(request);
    let current: SeatRequest = request;
    for (const to of story.path) {
      const decision = to === "APPROVED" || to === "DENIED";
      current = await store.transition(
        current,
        to,
        { actorId: decision ? "UMANAGER1" : "system", action: ACTIONS[to] },
        decision && story.decidedAt ? { decidedBy: "UMANAGER1", decidedAt: story.decidedAt } : {},
      );
    }
  }
}

const ACTIONS: Record<RequestState, SeatRequest["history"][number]["action"]> = {
  VALIDATING: "filed",
  PENDING: "validated",
  APPROVED: "approved",
  DENIED: "denied",
  ASSIGNED: "assigned",
  FAILED: "failed",
  REJECTED: "rejected",
  EXPIRED: "expired",
  CANCELLED: "cancelled",
  ENDING: "seat-ending",
  ENDED: "seat-ended",
};

/** Every piece of text in a posted message's blocks, in order, one block per paragraph. */
export function blocksText(message: Record<string, unknown>): string {
  const blocks = (message.blocks ?? []) as Record<string, unknown>[];
  return blocks
    .map((block) => {
      const text = (block.text as { text?: string } | undefined)?.text ?? "";
      const fields = ((block.fields as { text: string }[] | undefined) ?? []).map((f) => f.text);
      const elements = ((block.elements as { text?: string }[] | undefined) ?? []).map((e) => e.text ?? "");
      return [text, ...fields, ...elements].filter(Boolean).join("\n");
    })
    .join("\n\n");
}
