import { describe, expect, it } from "vitest";
import { DIGEST_NOW } from "../fixtures/digest-seats.js";
import { basicError } from "../fixtures/github-objects.js";
import { blocksText, fixtureJson, fixtureText, serveSeats } from "../support/digest-scenario.js";
import { DIGEST_CHANNEL, ENTERPRISE, useDigest } from "../support/digest-under-test.js";

const digest = useDigest({ env: { GITHUB_ENTERPRISE: ENTERPRISE }, now: DIGEST_NOW }, (fresh) => {
  serveSeats(fresh.metrics);
  // The organization has no report yet; only the enterprise has data, so the two digests cannot be mixed up.
  fresh.metrics.serveReport("organization-28-day", { files: [] });
});

/** The enterprise's reports: the organization fixture's days, as an enterprise report (`enterprise_id`). */
function serveEnterpriseReports() {
  const { organization_id: _, ...report } = fixtureJson<Record<string, unknown>>("reports/organization-28-day.json");
  digest.metrics.putFile(
    "enterprise-28-day.ndjson",
    "enterprise-28-day",
    `${JSON.stringify({ ...report, enterprise_id: "77" })}\n`,
  );
  digest.metrics.serveReport("enterprise-28-day", { files: ["enterprise-28-day.ndjson"] }, { enterprise: true });
  const users = fixtureText("reports/users-28-day.ndjson").replaceAll(
    '"organization_id":"1001"',
    '"enterprise_id":"77"',
  );
  digest.metrics.putFile("enterprise-users-28-day.ndjson", "users-28-day", users);
  digest.metrics.serveReport("users-28-day", { files: ["enterprise-users-28-day.ndjson"] }, { enterprise: true });
}

describe("the enterprise digest", () => {
  it("is posted after the organization's, from the enterprise's own reports", async () => {
    serveEnterpriseReports();

    await digest.run();

    const [organization, enterprise] = digest.postedTo(DIGEST_CHANNEL).map((m) => blocksText(m));
    expect(organization).toContain("*No Copilot usage data yet* as of 2026-06-10");
    expect(enterprise).toContain("Copilot weekly digest: enterprise acme-corp");
    // The same days as the organization fixture: see digest-reports.test.ts for each sum.
    expect(enterprise).toContain("• Weekly active users on 2026-06-07: *22* (+6 from 16 on 2026-05-31)");
    expect(enterprise).toContain("*33.2%* of inline code suggestions accepted in the week (272 of 820)");
    expect(enterprise).toContain("• Chat: *12 of 22 (54.5%)*");
    // Seats and requests belong to the organization's digest.
    expect(enterprise).not.toContain("*Seats*");
    expect(digest.metrics.reportCalls("enterprise-28-day")[0]?.path).toBe(
      `/enterprises/${ENTERPRISE}/copilot/metrics/reports/enterprise-28-day/latest`,
    );
    expect(digest.slack.uploads.map((u) => u.title)).toEqual([
      "enterprise acme-corp: daily active users and code completion acceptance rate, 2026-05-11 – 2026-06-07",
    ]);
  });

  it("falls back to /enterprises/{enterprise}/copilot/usage, checked against GitHub Enterprise Cloud's description", async () => {
    digest.metrics.serveEnterpriseLegacy("usage", { status: 200, body: fixtureJson("copilot-usage.json") });

    await digest.run();

    const enterprise = blocksText(digest.postedTo(DIGEST_CHANNEL)[1] ?? {});
    expect(enterprise).toContain("source: Copilot usage API (/copilot/usage)");
    // See digest-legacy-sources.test.ts: 250 / 1000 = 25.0 %, against 240 / 800 = 30.0 %.
    expect(enterprise).toContain(
      "*25.0%* of inline code suggestions accepted in the week (250 of 1,000), -5.0 pts from 30.0% the week before (240 of 800)",
    );
    expect(digest.metrics.calls.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        `/enterprises/${ENTERPRISE}/copilot/metrics/reports/enterprise-28-day/latest`,
        `/enterprises/${ENTERPRISE}/copilot/metrics`,
        `/enterprises/${ENTERPRISE}/copilot/usage`,
      ]),
    );
  });

  it("posts one line when GitHub refuses the enterprise's metrics, after the organization's digest", async () => {
    digest.metrics.serveReport(
      "enterprise-28-day",
      { status: 403, body: basicError("Resource not accessible by personal access token", 403) },
      { enterprise: true },
    );

    await expect(digest.run()).rejects.toThrow(/METRICS_PERMISSION_MISSING/);

    const [organization, line] = digest.postedTo(DIGEST_CHANNEL);
    expect(blocksText(organization ?? {})).toContain("Copilot weekly digest: acme");
    expect(String(line?.text)).toContain(
      "The weekly Copilot digest for the enterprise `acme-corp` could not be built.",
    );
    expect(String(line?.text)).toContain("enterprise owner or billing manager");
  });
});

describe("a retried scheduled run", () => {
  it("posts only what the failed attempt did not, when Lambda retries the same run", async () => {
    serveEnterpriseReports();
    const run = { scheduledTime: "2026-06-10T09:00:00Z" };
    digest.metrics.serveReport(
      "enterprise-28-day",
      { status: 502, body: basicError("Bad Gateway", 502) },
      { enterprise: true },
    );

    await expect(digest.run(run)).rejects.toThrow();
    expect(digest.postedTo(DIGEST_CHANNEL)).toHaveLength(1); // the organization's digest went out

    serveEnterpriseReports();
    await digest.run(run);

    const posted = digest.postedTo(DIGEST_CHANNEL).map((m) => blocksText(m));
    expect(posted).toHaveLength(2);
    expect(posted[0]).toContain("*No Copilot usage data yet*");
    expect(posted[1]).toContain("Copilot weekly digest: enterprise acme-corp");
  });

  it("posts again for the next week's run", async () => {
    serveEnterpriseReports();

    await digest.run({ scheduledTime: "2026-06-10T09:00:00Z" });
    await digest.run({ scheduledTime: "2026-06-17T09:00:00Z" });

    expect(digest.postedTo(DIGEST_CHANNEL)).toHaveLength(4);
  });
});
