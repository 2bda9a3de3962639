import type { MetricsSourceSetting } from "../digest/digest-config.js";
import type { DigestWeeks } from "../digest/digest-week.js";
import { DigestAccessError } from "../digest/errors.js";
import type { MetricsSourceName, TeamUsageResult, UsageResult, UsageScope, UsageSource } from "../digest/usage.js";
import type { CopilotMetricsReports } from "./copilot-metrics-reports.js";
import { explainGitHubError, type GitHubFailureContext } from "./github-failures.js";
import type { LegacyCopilotMetrics } from "./legacy-copilot-metrics.js";

const FALLBACK_ORDER: readonly MetricsSourceName[] = ["reports", "metrics", "usage"];

const ENDPOINT_NAMES: Record<MetricsSourceName, string> = {
  reports: "the usage metrics reports API",
  metrics: "the /copilot/metrics API (shut down by GitHub on 2026-04-02)",
  usage: "the /copilot/usage API (closed by GitHub in February 2025)",
};

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
}

function gitHubSaid(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } })?.response?.data;
  return typeof data?.message === "string" ? data.message : ((error as Error)?.message ?? "");
}

export interface CopilotUsageSettings {
  organization: string;
  enterprise?: string;
  source: MetricsSourceSetting;
}

/**
 * Copilot usage from whichever API the organization still has. With `auto`, the reports API is asked first and an
 * older API only when the newer one answers 404 (or 410), in the order reports → metrics → usage. A refusal (403,
 * or the older APIs' 422 "disabled") is never a reason to fall back: it becomes a `DigestAccessError` that says
 * what to enable.
 */
export class GitHubCopilotUsage implements UsageSource {
  constructor(
    private readonly reports: { organization: CopilotMetricsReports; enterprise?: CopilotMetricsReports },
    private readonly legacy: LegacyCopilotMetrics,
    private readonly settings: CopilotUsageSettings,
  ) {}

  async usage(kind: "organization" | "enterprise"): Promise<UsageResult> {
    const scope: UsageScope =
      kind === "organization"
        ? { kind, name: this.settings.organization }
        : { kind, name: this.settings.enterprise ?? "" };
    if (kind === "enterprise" && !this.settings.enterprise) throw new Error("GITHUB_ENTERPRISE is not set.");
    const order = this.settings.source === "auto" ? FALLBACK_ORDER : [this.settings.source];
    const gone: string[] = [];
    for (const source of order) {
      try {
        return await this.fetch(source, scope);
      } catch (error) {
        const status = statusOf(error);
        if (status !== 404 && status !== 410) throw this.explain(error, scope);
        gone.push(`${ENDPOINT_NAMES[source]} answered ${status}`);
      }
    }
    throw new DigestAccessError(
      "NO_METRICS_ENDPOINT",
      `GitHub has no Copilot usage metrics for ${describe(scope)}: ${gone.join("; ")}. Check ${
        kind === "enterprise" ? "GITHUB_ENTERPRISE" : "GITHUB_ORG"
      } and that it has Copilot Business or Enterprise${this.settings.source === "auto" ? "" : ", or set METRICS_SOURCE=auto"}.`,
    );
  }

  async teamUsage(
    slugs: readonly string[],
    weeks: DigestWeeks,
    source: MetricsSourceName,
  ): Promise<Map<string, TeamUsageResult>> {
    if (source === "reports") {
      try {
        return await this.reports.organization.teamUsage(slugs, weeks);
      } catch (error) {
        const status = statusOf(error);
        if (status !== 404 && status !== 410)
          throw this.explain(error, { kind: "organization", name: this.settings.organization });
        const reason = `GitHub has no users or user-teams reports for the organization (${status})`;
        return new Map(slugs.map((slug) => [slug, { kind: "left-out", reason }]));
      }
    }
    const results = new Map<string, TeamUsageResult>();
    for (const slug of slugs) {
      const scope: UsageScope = { kind: "team", name: slug, organization: this.settings.organization };
      try {
        const report = await this.legacy.usage(source, scope);
        results.set(
          slug,
          report.days.length > 0
            ? { kind: "usage", report }
            : // The older team endpoints leave out every day on which the team had fewer than five members.
              {
                kind: "left-out",
                reason: "GitHub reported no days for it (it does so for teams with fewer than 5 members)",
              },
        );
      } catch (error) {
        if (statusOf(error) !== 404) throw this.explain(error, scope);
        results.set(slug, { kind: "left-out", reason: `GitHub does not know the team \`${slug}\` (404)` });
      }
    }
    return results;
  }

  private async fetch(source: MetricsSourceName, scope: UsageScope): Promise<UsageResult> {
    if (source === "reports") {
      const reports = scope.kind === "enterprise" ? this.reports.enterprise : this.reports.organization;
      if (!reports) throw new Error("No reports client for the enterprise.");
      return reports.usage(scope);
    }
    const report = await this.legacy.usage(source, scope);
    if (report.days.length === 0)
      return { kind: "no-data", scope, source, detail: `${ENDPOINT_NAMES[source]} returned no days` };
    return { kind: "usage", report };
  }

  private explain(error: unknown, scope: UsageScope): Error {
    const status = statusOf(error);
    const said = gitHubSaid(error);
    const policyOff = /disabled|policy|not enabled/i.test(said);
    if (status === 403 && /rate limit/i.test(said)) return explainGitHubError(error, this.failureContext());
    if (status === 403 || (status === 422 && policyOff)) {
      const where = `GitHub refused the Copilot usage metrics of ${describe(scope)} (${status}: ${said})`;
      if (policyOff) {
        return new DigestAccessError(
          "METRICS_POLICY_DISABLED",
          `${where}. An enterprise owner must turn on the “Copilot usage metrics” policy in the enterprise's Copilot policies (and, where the enterprise leaves it to organizations, an organization owner in the organization's Copilot policies).`,
          { cause: error },
        );
      }
      const fix =
        scope.kind === "enterprise"
          ? "The enterprise reports need the credentials of an enterprise owner or billing manager (a token with `manage_billing:copilot` or `read:enterprise`)."
          : "Give the bot's GitHub App the organization permission “Organization Copilot metrics” (read), or use a token with `read:org`.";
      return new DigestAccessError("METRICS_PERMISSION_MISSING", `${where}. ${fix}`, { cause: error });
    }
    return explainGitHubError(error, this.failureContext());
  }

  private failureContext(): GitHubFailureContext {
    return { organization: this.settings.organization, subject: { kind: "usage-metrics" } };
  }
}

function describe(scope: UsageScope): string {
  if (scope.kind === "enterprise") return `the enterprise \`${scope.name}\``;
  if (scope.kind === "team") return `the team \`${scope.name}\``;
  return `\`${scope.name}\``;
}
