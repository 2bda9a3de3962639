import { CopilotMetricsFake } from "../fakes/copilot-metrics-fake.js";
import { basicError, type SeatFixture } from "../fakes/github-objects.js";
import type { FakeResponse } from "../fakes/http-fake.js";
import { SANDBOX_GITHUB_ORG, SANDBOX_GITHUB_TOKEN, SANDBOX_PEOPLE } from "./sandbox-people.js";

const DAY_MS = 86_400_000;

/** A failure the next seat assignment or removal gets instead of GitHub's normal answer. */
export type GitHubFaultName = "500" | "429" | "422";

export const GITHUB_FAULTS: Record<GitHubFaultName, { label: string; response: FakeResponse }> = {
  "500": {
    label: "500 server error",
    response: { status: 500, body: basicError("Server Error", 500) },
  },
  "429": {
    label: "429 rate limited",
    response: {
      status: 429,
      body: basicError("API rate limit exceeded for installation.", 429),
      headers: { "retry-after": "1" },
    },
  },
  "422": {
    label: "422 seat management disabled",
    response: {
      status: 422,
      body: basicError("Copilot seat management is disabled for this organization.", 422),
    },
  },
};

/** The operation a fault applies to: assigning seats, where a failure is what people see and admins retry. */
const ASSIGN_SEATS = ["post", "/orgs/{org}/copilot/billing/selected_users"] as const;

export interface SandboxSeat {
  login: string;
  assignedOn: string;
  lastActivityAt: string | null;
  lastActivityEditor: string | null;
  pendingCancellationDate: string | null;
  assigningTeam: string | null;
}

export interface SavedGitHub {
  seats: SeatFixture[];
}

interface ActivityProfile {
  login: string;
  /** Days ago of the last activity; undefined for a seat never used. */
  lastActiveDaysAgo?: number;
  /** Share of days with activity in the reports, 0–1. */
  activeShare: number;
  editor: string;
  team?: string;
  /** Days ago the seat was assigned. */
  assignedDaysAgo: number;
  chat?: boolean;
  agent?: boolean;
}

/** The organization's other members, who give the seat list and the digest something to show. */
const OTHER_MEMBERS: ActivityProfile[] = [
  {
    login: "kim-backend",
    lastActiveDaysAgo: 1,
    activeShare: 0.9,
    editor: "vscode",
    team: "platform",
    assignedDaysAgo: 300,
    chat: true,
    agent: true,
  },
  {
    login: "pat-platform",
    lastActiveDaysAgo: 2,
    activeShare: 0.6,
    editor: "JetBrains",
    team: "platform",
    assignedDaysAgo: 300,
  },
  { login: "lee-frontend", lastActiveDaysAgo: 3, activeShare: 0.5, editor: "vscode", assignedDaysAgo: 120, chat: true },
  { login: "sam-idle", lastActiveDaysAgo: 130, activeShare: 0, editor: "vscode", assignedDaysAgo: 400 },
  { login: "jo-dormant", activeShare: 0, editor: "vscode", assignedDaysAgo: 95 },
  { login: "alex-mobile", lastActiveDaysAgo: 65, activeShare: 0, editor: "Xcode", assignedDaysAgo: 200 },
];

/** Members without a seat, besides the workspace's people: more logins to ask a seat for. */
const MEMBERS_WITHOUT_SEATS = ["dana-data", "eli-intern"];

const PEOPLE_ACTIVITY: ActivityProfile[] = [
  { login: "morgan-lead", lastActiveDaysAgo: 1, activeShare: 0.7, editor: "vscode", assignedDaysAgo: 250, chat: true },
  { login: "avery-ops", lastActiveDaysAgo: 0, activeShare: 0.8, editor: "Neovim", assignedDaysAgo: 500, agent: true },
];

const TEAMS: Record<string, string[]> = {
  platform: ["kim-backend", "pat-platform", "casey-codes"],
  frontend: ["lee-frontend", "alex-mobile"],
};

function isoAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().replace(/\.\d+Z$/, "Z");
}

function dayAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

/** A small deterministic hash, so the generated reports are the same for the same day. */
function noise(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return ((hash >>> 0) % 1000) / 1000;
}

/**
 * The sandbox's GitHub organization: the tests' `CopilotMetricsFake` (and the `GitHubFake` behind it), so every
 * request the bot sends and every answer it gets is checked against GitHub's OpenAPI description exactly as in the
 * tests. This class only seeds it with an organization worth looking at, and injects the faults the panel offers.
 */
export class SandboxGitHub {
  readonly fake = new CopilotMetricsFake(SANDBOX_GITHUB_ORG, SANDBOX_GITHUB_TOKEN);
  private fault?: { name: GitHubFaultName; callsBefore: number };
  private reportedViolations = 0;

  get apiUrl(): string {
    return this.fake.url;
  }

  /** The origin of the report download links, which the digest is told to accept over http. */
  get reportOrigin(): string {
    return this.fake.storage.url;
  }

  async start(saved?: SavedGitHub): Promise<this> {
    await this.fake.start();
    this.seed(new Date(), saved);
    return this;
  }

  stop(): Promise<void> {
    return this.fake.stop();
  }

  /** Members, teams, seats (from `saved` when given) and 35 days of usage reports ending yesterday. */
  seed(now: Date, saved?: SavedGitHub): void {
    const { github } = this.fake;
    this.fake.reset();
    this.fault = undefined;
    this.reportedViolations = 0;
    for (const person of SANDBOX_PEOPLE)
      if (person.githubLogin && person.member) github.members.add(person.githubLogin);
    for (const profile of OTHER_MEMBERS) github.members.add(profile.login);
    for (const login of MEMBERS_WITHOUT_SEATS) github.members.add(login);
    for (const [slug, members] of Object.entries(TEAMS)) github.teams.set(slug, [...members]);
    if (saved) {
      for (const seat of saved.seats) github.seats.set(seat.login.toLowerCase(), { ...seat });
    } else {
      for (const profile of [...PEOPLE_ACTIVITY, ...OTHER_MEMBERS]) {
        const lastActivityAt =
          profile.lastActiveDaysAgo === undefined ? null : isoAgo(now, profile.lastActiveDaysAgo + 0.3);
        github.seats.set(profile.login, {
          login: profile.login,
          createdAt: isoAgo(now, profile.assignedDaysAgo),
          lastActivityAt,
          lastActivityEditor: lastActivityAt ? `${profile.editor}/1.101.0/copilot/1.330.0` : null,
          lastAuthenticatedAt: lastActivityAt,
          // Seats come to people one by one here: the shared fixtures' team-assigned seat is not yet in the shape of
          // @octokit/openapi 23.x's seat list (its team lacks `type`, `created_at`…), and the contract check says so.
        });
      }
    }
    this.serveReports(now);
  }

  saved(): SavedGitHub {
    return { seats: [...this.fake.github.seats.values()].map((seat) => ({ ...seat })) };
  }

  seats(): SandboxSeat[] {
    return [...this.fake.github.seats.values()]
      .map((seat) => ({
        login: seat.login,
        assignedOn: (seat.createdAt ?? "").slice(0, 10),
        lastActivityAt: seat.lastActivityAt ?? null,
        lastActivityEditor: seat.lastActivityEditor?.split("/")[0] ?? null,
        pendingCancellationDate: seat.pendingCancellationDate ?? null,
        assigningTeam: seat.assigningTeam ?? null,
      }))
      .sort((a, b) => a.login.localeCompare(b.login));
  }

  /**
   * The next seat assignment gets this answer instead of GitHub's normal one, as a scripted answer of the GitHub fake
   * (so it is checked against the contract like every other answer); `undefined` takes a waiting fault back.
   */
  failNextSeatAssignment(fault: GitHubFaultName | undefined): void {
    const [method, template] = ASSIGN_SEATS;
    this.fake.github.script(method, template, ...(fault ? [GITHUB_FAULTS[fault].response] : []));
    this.fault = fault ? { name: fault, callsBefore: this.fake.github.callsTo(method, template).length } : undefined;
  }

  /** The fault still waiting for a seat assignment, if any. */
  get pendingFault(): GitHubFaultName | undefined {
    if (!this.fault) return undefined;
    const [method, template] = ASSIGN_SEATS;
    return this.fake.github.callsTo(method, template).length > this.fault.callsBefore ? undefined : this.fault.name;
  }

  /** Contract problems seen since the last call, for the terminal: the sandbox keeps going but says so. */
  newViolations(): string[] {
    const all = this.fake.violations;
    const fresh = all.slice(this.reportedViolations);
    this.reportedViolations = all.length;
    return fresh;
  }

  private serveReports(now: Date): void {
    const profiles = [...PEOPLE_ACTIVITY, ...OTHER_MEMBERS];
    const days = Array.from({ length: 35 }, (_, i) => dayAgo(now, 35 - i));
    const rows: string[] = [];
    const teamRows: string[] = [];
    profiles.forEach((profile, index) => {
      const userId = 5000 + index;
      for (const day of days) {
        const daysAgo = Math.round(
          (Date.parse(`${dayAgo(now, 0)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / DAY_MS,
        );
        if (profile.lastActiveDaysAgo === undefined || daysAgo < profile.lastActiveDaysAgo) continue;
        if (noise(`${profile.login}${day}`) >= profile.activeShare && daysAgo !== profile.lastActiveDaysAgo) continue;
        const scale = 1 + Math.floor(noise(`${day}${profile.login}`) * 8);
        rows.push(JSON.stringify(userRow(day, userId, profile, scale)));
        if (profile.team) {
          teamRows.push(
            JSON.stringify({
              day,
              user_id: userId,
              user_login: profile.login,
              organization_id: "4242",
              team_id: profile.team === "platform" ? 601 : 602,
              slug: profile.team,
            }),
          );
        }
      }
    });
    const last28 = days.slice(-28);
    const in28 = rows.filter((row) => last28.includes((JSON.parse(row) as { day: string }).day));
    const orgDays = last28.map((day) =>
      organizationDay(
        day,
        in28.filter((row) => row.includes(`"day":"${day}"`)),
      ),
    );
    const period = { startDay: last28[0] ?? "", endDay: last28[last28.length - 1] ?? "" };
    const orgReport = {
      report_start_day: period.startDay,
      report_end_day: period.endDay,
      organization_id: "4242",
      day_totals: orgDays,
    };
    this.fake.putFile("organization-28-day.ndjson", "organization-28-day", `${JSON.stringify(orgReport)}\n`);
    this.fake.serveReport("organization-28-day", { files: ["organization-28-day.ndjson"], ...period });
    this.fake.putFile("users-28-day.ndjson", "users-28-day", `${in28.join("\n")}\n`);
    this.fake.serveReport("users-28-day", { files: ["users-28-day.ndjson"], ...period });
    this.fake.serveDailyReports("users-1-day", rows.join("\n"), days);
    this.fake.serveDailyReports("user-teams-1-day", teamRows.join("\n"), days);
  }
}

function counters(scale: number) {
  return {
    user_initiated_interaction_count: 2 * scale,
    code_generation_activity_count: 12 * scale,
    code_acceptance_activity_count: 4 * scale,
    loc_suggested_to_add_sum: 40 * scale,
    loc_suggested_to_delete_sum: 5 * scale,
    loc_added_sum: 18 * scale,
    loc_deleted_sum: 2 * scale,
  };
}

function userRow(day: string, userId: number, profile: ActivityProfile, scale: number) {
  const ide = profile.editor.toLowerCase();
  return {
    day,
    user_id: userId,
    user_login: profile.login,
    organization_id: "4242",
    ...counters(scale),
    totals_by_ide: [{ ide, ...counters(scale) }],
    totals_by_feature: [
      { feature: "code_completion", ...counters(scale) },
      ...(profile.chat ? [{ feature: "chat_panel_ask_mode", ...counters(1) }] : []),
      ...(profile.agent ? [{ feature: "chat_panel_agent_mode", ...counters(1) }] : []),
    ],
    totals_by_language_feature: [{ language: "typescript", feature: "code_completion", ...counters(scale) }],
    totals_by_language_model: [{ language: "typescript", model: "gpt-4.1", ...counters(scale) }],
    totals_by_model_feature: [{ model: "gpt-4.1", feature: "code_completion", ...counters(scale) }],
    used_chat: profile.chat ?? false,
    used_agent: profile.agent ?? false,
    used_cli: false,
    ai_credits_used: scale,
  };
}

function organizationDay(day: string, rows: string[]) {
  const parsed = rows.map((row) => JSON.parse(row) as ReturnType<typeof userRow>);
  const sum = (key: keyof ReturnType<typeof counters>) => parsed.reduce((total, row) => total + row[key], 0);
  const totals = {
    user_initiated_interaction_count: sum("user_initiated_interaction_count"),
    code_generation_activity_count: sum("code_generation_activity_count"),
    code_acceptance_activity_count: sum("code_acceptance_activity_count"),
    loc_suggested_to_add_sum: sum("loc_suggested_to_add_sum"),
    loc_suggested_to_delete_sum: sum("loc_suggested_to_delete_sum"),
    loc_added_sum: sum("loc_added_sum"),
    loc_deleted_sum: sum("loc_deleted_sum"),
  };
  return {
    day,
    daily_active_users: parsed.length,
    weekly_active_users: Math.max(parsed.length, 4),
    monthly_active_users: 5,
    monthly_active_chat_users: 3,
    monthly_active_agent_users: 2,
    ...totals,
    totals_by_ide: [{ ide: "vscode", ...totals }],
    totals_by_feature: [{ feature: "code_completion", ...totals }],
    totals_by_language_feature: [{ language: "typescript", feature: "code_completion", ...totals }],
    totals_by_language_model: [{ language: "typescript", model: "gpt-4.1", ...totals }],
    totals_by_model_feature: [{ model: "gpt-4.1", feature: "code_completion", ...totals }],
  };
}
