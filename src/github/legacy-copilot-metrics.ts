import { isDay } from "../digest/digest-week.js";
import { addActivity, normalizeDays, type UsageDay, type UsageReport, type UsageScope } from "../digest/usage.js";
import { count, entries, isObject } from "./lenient-json.js";
import type { GitHubClient } from "./octokit.js";

const name = (value: unknown): string => (typeof value === "string" ? value : "");

/** A day of usage, and its chat users, which the older APIs count per day. */
interface LegacyDay {
  usage: UsageDay;
  chatUsers: number;
}

/**
 * A day of `GET /orgs/{org}/copilot/metrics` (schema `copilot-usage-metrics-day`). Code completion figures sit
 * under editors → models → languages; they are added up into the day's totals, and by language and by editor.
 */
export function usageDayFromMetrics(raw: unknown): LegacyDay | undefined {
  if (!isObject(raw) || !isDay(raw.date)) return undefined;
  const languages = new Map<string, number>();
  const ides = new Map<string, number>();
  let generations = 0;
  let acceptances = 0;
  let linesAdded = 0;
  const completions = isObject(raw.copilot_ide_code_completions) ? raw.copilot_ide_code_completions : {};
  for (const editor of entries(completions.editors)) {
    for (const model of entries(editor.models)) {
      for (const language of entries(model.languages)) {
        const suggested = count(language.total_code_suggestions);
        generations += suggested;
        acceptances += count(language.total_code_acceptances);
        linesAdded += count(language.total_code_lines_accepted);
        addActivity(languages, name(language.name), suggested);
        addActivity(ides, name(editor.name), suggested);
      }
    }
  }
  const chat = isObject(raw.copilot_ide_chat) ? raw.copilot_ide_chat : {};
  return {
    usage: {
      day: raw.date,
      dailyActiveUsers: count(raw.total_active_users),
      generations,
      acceptances,
      // This API counted inline code completions only, so its totals are GitHub's code completion figures.
      completions: { suggested: generations, accepted: acceptances },
      linesAdded,
      languages,
      ides,
    },
    chatUsers: count(chat.total_engaged_users),
  };
}

/** A day of `GET /orgs/{org}/copilot/usage` (schema `copilot-usage-metrics`): totals, and a language × editor breakdown. */
export function usageDayFromUsage(raw: unknown): LegacyDay | undefined {
  if (!isObject(raw) || !isDay(raw.day)) return undefined;
  const languages = new Map<string, number>();
  const ides = new Map<string, number>();
  for (const entry of entries(raw.breakdown)) {
    addActivity(languages, name(entry.language), count(entry.suggestions_count));
    addActivity(ides, name(entry.editor), count(entry.suggestions_count));
  }
  return {
    usage: {
      day: raw.day,
      dailyActiveUsers: count(raw.total_active_users),
      generations: count(raw.total_suggestions_count),
      acceptances: count(raw.total_acceptances_count),
      // Inline suggestions only, like the /copilot/metrics API's code completions.
      completions: { suggested: count(raw.total_suggestions_count), accepted: count(raw.total_acceptances_count) },
      linesAdded: count(raw.total_lines_accepted),
      languages,
      ides,
    },
    chatUsers: count(raw.total_active_chat_users),
  };
}

export type LegacySource = "metrics" | "usage";

function pathOf(source: LegacySource, scope: UsageScope): { route: string; params: Record<string, string> } {
  switch (scope.kind) {
    case "organization":
      return { route: `GET /orgs/{org}/copilot/${source}`, params: { org: scope.name } };
    case "team":
      return {
        route: `GET /orgs/{org}/team/{team_slug}/copilot/${source}`,
        params: { org: scope.organization, team_slug: scope.name },
      };
    case "enterprise":
      return { route: `GET /enterprises/{enterprise}/copilot/${source}`, params: { enterprise: scope.name } };
  }
}

/**
 * The two older metrics APIs, `/copilot/metrics` (shut down on 2026-04-02) and `/copilot/usage` (closed in
 * February 2025), for GitHub Enterprise Server versions and archives that still serve them. Both answer with the
 * last 28 days, which fit in one page of 28; pagination is followed anyway in case GitHub pages shorter.
 */
export class LegacyCopilotMetrics {
  constructor(private readonly octokit: GitHubClient) {}

  async usage(source: LegacySource, scope: UsageScope): Promise<UsageReport> {
    const { route, params } = pathOf(source, scope);
    const answer = (await this.octokit.paginate(route, { ...params, per_page: 28 })) as unknown[];
    const parse = source === "metrics" ? usageDayFromMetrics : usageDayFromUsage;
    const parsed = answer.map(parse).filter((day): day is LegacyDay => day !== undefined);
    const days = normalizeDays(parsed.map((day) => day.usage));
    const report: UsageReport = { scope, source, days, notes: [] };
    const last = days.at(-1);
    const lastChat = parsed.filter((day) => day.usage.day === last?.day).at(-1);
    if (last && lastChat) {
      report.adoption = {
        basis: "day",
        day: last.day,
        users: { activeUsers: last.dailyActiveUsers, chatUsers: lastChat.chatUsers },
      };
      report.notes.push(
        `Agent and CLI adoption: the ${source === "metrics" ? "/copilot/metrics" : "/copilot/usage"} API does not report them.`,
      );
    }
    return report;
  }
}
