import { describe, expect, it } from "vitest";
import { gitHubError, notFound } from "../fakes/github-fake.js";
import { DIGEST_NOW } from "../fixtures/digest-seats.js";
import { blocksText, fixtureJson, serveSeats } from "../support/digest-scenario.js";
import { DIGEST_CHANNEL, useDigest } from "../support/digest-under-test.js";

const BACKEND_CHANNEL = "CBACKEND1";
const WEB_CHANNEL = "CWEB00001";
const OLD_METRICS = "/orgs/{org}/copilot/metrics";
const OLD_USAGE = "/orgs/{org}/copilot/usage";

const digest = useDigest(
  { env: { DIGEST_TEAM_CHANNELS: `backend=${BACKEND_CHANNEL},web=${WEB_CHANNEL}` }, now: DIGEST_NOW },
  (fresh) => {
    // METRICS_SOURCE is left at its default, auto: reports, then metrics, then usage, on 404.
    // No reports are served: the reports API answers 404, as it does where GitHub does not offer it.
    serveSeats(fresh.metrics);
  },
);

/** An older endpoint answering with a fixture for the organization and the backend team, and `[]` for the web team. */
function serveOld(template: typeof OLD_METRICS | typeof OLD_USAGE, fixture: string) {
  const days = fixtureJson<unknown[]>(fixture);
  digest.metrics.github.route("get", template, () => ({ status: 200, body: days }));
  digest.metrics.github.route("get", template.replace("/copilot/", "/team/{team_slug}/copilot/"), ({ params }) => ({
    status: 200,
    body: params.team_slug === "backend" ? days : [],
  }));
}

function serveGone(template: typeof OLD_METRICS | typeof OLD_USAGE) {
  digest.metrics.github.route("get", template, () => notFound());
}

function onlyDigestIn(channel: string) {
  const posted = digest.postedTo(channel);
  expect(posted).toHaveLength(1);
  return posted[0] as Record<string, unknown>;
}

describe("falling back to the /copilot/metrics API when the reports API answers 404", () => {
  it("computes the same figures from the older schema (copilot-metrics.json)", async () => {
    serveOld(OLD_METRICS, "copilot-metrics.json");

    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    expect(digest.metrics.reportCalls("organization-28-day")).toHaveLength(1);
    expect(text).toContain("source: Copilot metrics API (/copilot/metrics)");
    expect(text).toContain("Week 2026-03-09 – 2026-03-15 (UTC), compared with 2026-03-02 – 2026-03-08");
    // total_active_users on 2026-03-15 = 6, on 2026-03-08 = 4.
    expect(text).toContain("• Daily active users on 2026-03-15: *6* (+2 from 4 on 2026-03-08)");
    expect(text).toContain("• Weekly active users: not reported by the Copilot metrics API (/copilot/metrics)");
    // Suggestions: python 50+60+50+40+60+20+70 = 350 and java 20+20+30+20+20+10+30 = 150, 500 in all;
    // acceptances 15+18+15+12+18+6+21 = 105 and 6+6+9+6+6+3+9 = 45, 150 in all: 150 / 500 = 30.0 %.
    // Before: 6 × 60 + 40 = 400 suggested, 6 × 15 + 10 = 100 accepted: 25.0 %; +5.0 points.
    expect(text).toContain(
      "*Code completion acceptance rate*: *30.0%* of inline code suggestions accepted in the week (150 of 500), +5.0 pts from 25.0% the week before (100 of 400)",
    );
    // Lines accepted: 7 × (10 python + 5 java) = 105; before 7 × 10 = 70.
    expect(text).toContain("*Lines of code added with Copilot*: *105* in the week (+35 from 70 the week before)");
    expect(text).toContain("1. python: 350 (70.0%)\n2. java: 150 (30.0%)");
    expect(text).toContain("1. vscode: 350 (70.0%)\n2. jetbrains: 150 (30.0%)");
    // copilot_ide_chat.total_engaged_users on 2026-03-15 = 3, of 6 active.
    expect(text).toContain("*Chat adoption* on 2026-03-15: *3 of 6 (50.0%)* active users used chat");
    expect(text).toContain("Agent and CLI adoption: the /copilot/metrics API does not report them.");
  });

  it("uses the team form of the same API for the team digests, leaving out teams GitHub reports no days for", async () => {
    serveOld(OLD_METRICS, "copilot-metrics.json");

    await digest.run();

    const text = blocksText(onlyDigestIn(BACKEND_CHANNEL));
    expect(text).toContain("Copilot weekly digest: team backend (acme)");
    expect(text).toContain("(150 of 500)");
    expect(digest.metrics.github.callsTo("GET", "/orgs/{org}/team/{team_slug}/copilot/metrics")).toHaveLength(2);
    expect(digest.postedTo(WEB_CHANNEL)).toEqual([]);
  });
});

describe("falling back to the /copilot/usage API when the newer two answer 404", () => {
  it("computes the figures from the oldest schema (copilot-usage.json)", async () => {
    serveGone(OLD_METRICS);
    serveOld(OLD_USAGE, "copilot-usage.json");

    await digest.run();

    const text = blocksText(onlyDigestIn(DIGEST_CHANNEL));
    expect(digest.metrics.github.callsTo("GET", OLD_METRICS)).toHaveLength(1);
    expect(text).toContain("source: Copilot usage API (/copilot/usage)");
    // total_active_users on 2025-01-31 = 10, on 2025-01-24 = 12.
    expect(text).toContain("• Daily active users on 2025-01-31: *10* (-2 from 12 on 2025-01-24)");
    // total_acceptances_count 25+37+38+37+38+25+50 = 250 of total_suggestions_count 100+4×150+100+200 = 1000: 25.0 %.
    // Before: 6 × 30 + 60 = 240 of 6 × 100 + 200 = 800: 30.0 %; −5.0 points.
    expect(text).toContain(
      "*Code completion acceptance rate*: *25.0%* of inline code suggestions accepted in the week (250 of 1,000), -5.0 pts from 30.0% the week before (240 of 800)",
    );
    // total_lines_accepted 7 × 20 = 140; before 7 × 10 = 70.
    expect(text).toContain("*Lines of code added with Copilot*: *140* in the week (+70 from 70 the week before)");
    // breakdown: ruby/vscode 3/5 and javascript/neovim 2/5 of each day's suggestions: 600 and 400.
    expect(text).toContain("1. ruby: 600 (60.0%)\n2. javascript: 400 (40.0%)");
    expect(text).toContain("1. vscode: 600 (60.0%)\n2. neovim: 400 (40.0%)");
    // total_active_chat_users on 2025-01-31 = 4, of 10.
    expect(text).toContain("*Chat adoption* on 2025-01-31: *4 of 10 (40.0%)* active users used chat");
  });
});

describe("when no metrics endpoint answers", () => {
  it("posts one line naming what answered 404, and fails the invocation", async () => {
    serveGone(OLD_METRICS);
    serveGone(OLD_USAGE);

    await expect(digest.run()).rejects.toThrow(/NO_METRICS_ENDPOINT/);

    const line = String(onlyDigestIn(DIGEST_CHANNEL).text);
    expect(line).toContain("GitHub has no Copilot usage metrics for `acme`");
    expect(line).toContain("the usage metrics reports API answered 404");
    expect(line).toContain("the /copilot/usage API (closed by GitHub in February 2025) answered 404");
  });

  it("treats the older API's 422 “disabled” as the metrics policy being off", async () => {
    digest.metrics.github.script(
      "get",
      OLD_METRICS,
      gitHubError(422, "Copilot Usage Metrics API setting is disabled at the organization or enterprise level."),
    );

    await expect(digest.run()).rejects.toThrow(/METRICS_POLICY_DISABLED/);

    expect(String(onlyDigestIn(DIGEST_CHANNEL).text)).toContain("turn on the “Copilot usage metrics” policy");
    expect(digest.metrics.github.callsTo("GET", OLD_USAGE)).toEqual([]);
  });
});
