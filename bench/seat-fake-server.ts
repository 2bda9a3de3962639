import { setTimeout as sleep } from "node:timers/promises";
import { startHttpFake } from "../test/fakes/http-fake.js";
import { copilotSeat } from "../test/fixtures/github-objects.js";

/**
 * GitHub's `GET /orgs/{org}/copilot/billing/seats` for an organization of `seats` seats, answering each page after
 * `latencyMs`. It runs in a process of its own (forked by seat-listing.ts), so that serving the pages takes no CPU
 * from the listing being measured. Pages are serialized once, up front.
 */
const [seatsArgument, latencyArgument, org = "acme"] = process.argv.slice(2);
const seats = Number(seatsArgument);
const latencyMs = Number(latencyArgument);
const PER_PAGE = 100;
const pageCount = Math.ceil(seats / PER_PAGE);
const pages = Array.from({ length: pageCount }, (_, index) =>
  JSON.stringify({
    total_seats: seats,
    seats: Array.from({ length: Math.min(PER_PAGE, seats - index * PER_PAGE) }, (_, offset) =>
      copilotSeat(org, { login: `member-${index * PER_PAGE + offset}`, lastActivityAt: "2026-11-01T09:00:00Z" }),
    ),
  }),
);

let requests = 0;
let open = 0;
let mostConcurrent = 0;
const github = await startHttpFake(async (request) => {
  requests += 1;
  open += 1;
  mostConcurrent = Math.max(mostConcurrent, open);
  await sleep(latencyMs);
  open -= 1;
  const page = Number(request.url.searchParams.get("page") ?? "1");
  const link = (p: number, rel: string) =>
    `<${github.url}${request.url.pathname}?per_page=${PER_PAGE}&page=${p}>; rel="${rel}"`;
  return {
    status: 200,
    body: pages[page - 1] ?? JSON.stringify({ total_seats: seats, seats: [] }),
    headers: {
      "content-type": "application/json; charset=utf-8",
      ...(page < pageCount ? { link: [link(page + 1, "next"), link(pageCount, "last")].join(", ") } : {}),
    },
  };
});

process.on("message", (message: string) => {
  if (message === "stats") {
    process.send?.({ requests, mostConcurrent });
    requests = 0;
    mostConcurrent = 0;
  }
  if (message === "stop") void github.close().then(() => process.exit(0));
});
process.send?.({ url: github.url });
