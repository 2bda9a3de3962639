import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { ReportName } from "../github/copilot-metrics-reports.js";
import { GitHubFake, notFound } from "./github-fake.js";
import { basicError, copilotSeatDetails } from "./github-objects.js";
import { type FakeRequest, type FakeResponse, startHttpFake } from "./http-fake.js";
import { OpenApiContract } from "./openapi-contract.js";
import { ReportStorageFake, type StoredContent } from "./report-storage-fake.js";

export type { ReportName };

/** How the fake answers a reports endpoint: links to stored files, 204 (no report), or an error. */
export type ReportAnswer = { files: string[]; startDay?: string; endDay?: string } | { status: 204 } | FakeResponse;

export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
}

/*
 * The reports endpoints and the seat list are checked against GitHub's newest description, @octokit/openapi 23.x;
 * the legacy /copilot/metrics and /copilot/usage endpoints, which 23.x no longer has, against 18.x (the GitHub fake's
 * api.github.com.json and ghec.json). GitHub publishes no schema for the report files behind the links, so those
 * alone are checked against the schemas below, written from shared/reference/copilot-usage-metrics.md and GitHub's
 * example files. They require only what the digest cannot do without: GitHub's own examples leave counters out of
 * breakdown entries (no `user_initiated_interaction_count` in `totals_by_language_feature`), and unknown fields are
 * allowed, as GitHub adds them over time.
 */
const COUNT = { type: "integer", minimum: 0 };
const DAY = { type: "string", format: "date" };
const COUNTER_NAMES = [
  "user_initiated_interaction_count",
  "code_generation_activity_count",
  "code_acceptance_activity_count",
  "loc_suggested_to_add_sum",
  "loc_suggested_to_delete_sum",
  "loc_added_sum",
  "loc_deleted_sum",
];
const COUNTERS = Object.fromEntries(COUNTER_NAMES.map((name) => [name, COUNT]));
const VERSION = {
  type: "object",
  properties: { sampled_at: { type: "string", format: "date-time" } },
};
const breakdown = (...keys: string[]) => ({
  type: "array",
  items: {
    type: "object",
    required: keys,
    properties: {
      ...Object.fromEntries(keys.map((key) => [key, { type: "string" }])),
      ...COUNTERS,
      last_known_ide_version: VERSION,
      last_known_plugin_version: VERSION,
    },
  },
});
const BREAKDOWNS = {
  totals_by_ide: breakdown("ide"),
  totals_by_feature: breakdown("feature"),
  totals_by_language_feature: breakdown("language", "feature"),
  totals_by_language_model: breakdown("language", "model"),
  totals_by_model_feature: breakdown("model", "feature"),
};
const OWNER = { anyOf: [{ required: ["organization_id"] }, { required: ["enterprise_id"] }] };
const ID = { type: ["string", "integer"] };
const REVIEW_USERS = Object.fromEntries(
  ["daily", "weekly", "monthly"].flatMap((period) =>
    ["active", "passive"].map((kind) => [`${period}_${kind}_copilot_code_review_users`, COUNT]),
  ),
);

const SCHEMAS = {
  "organization-report": {
    type: "object",
    required: ["report_start_day", "report_end_day", "day_totals"],
    ...OWNER,
    properties: {
      report_start_day: DAY,
      report_end_day: DAY,
      organization_id: ID,
      enterprise_id: ID,
      day_totals: {
        type: "array",
        items: {
          type: "object",
          required: ["day", "daily_active_users", "code_generation_activity_count", "code_acceptance_activity_count"],
          properties: {
            day: DAY,
            daily_active_users: COUNT,
            weekly_active_users: COUNT,
            monthly_active_users: COUNT,
            monthly_active_chat_users: COUNT,
            monthly_active_agent_users: COUNT,
            daily_active_cli_users: COUNT,
            ...REVIEW_USERS,
            ...COUNTERS,
            ...BREAKDOWNS,
            totals_by_cli: {
              type: "object",
              properties: {
                session_count: COUNT,
                request_count: COUNT,
                prompt_count: COUNT,
                token_usage: { type: "object" },
              },
            },
            pull_requests: {
              type: "object",
              properties: {
                total_created: COUNT,
                total_reviewed: COUNT,
                total_merged: COUNT,
                median_minutes_to_merge: { type: ["number", "null"], minimum: 0 },
                total_created_by_copilot: COUNT,
                total_reviewed_by_copilot: COUNT,
              },
            },
          },
        },
      },
    },
  },
  "user-row": {
    type: "object",
    required: ["day", "user_id", "user_login"],
    ...OWNER,
    properties: {
      day: DAY,
      user_id: ID,
      user_login: { type: "string" },
      ...COUNTERS,
      ...BREAKDOWNS,
      used_chat: { type: "boolean" },
      used_agent: { type: "boolean" },
      used_cli: { type: "boolean" },
      ai_credits_used: { type: "number", minimum: 0 },
    },
  },
  "user-team-row": {
    type: "object",
    required: ["day", "user_id", "user_login", "organization_id", "team_id", "slug"],
    properties: {
      day: DAY,
      user_id: ID,
      user_login: { type: "string" },
      organization_id: ID,
      team_id: ID,
      slug: { type: "string" },
    },
  },
} as const;

const FILE_SCHEMAS: Record<ReportName, keyof typeof SCHEMAS> = {
  "organization-28-day": "organization-report",
  "enterprise-28-day": "organization-report",
  "users-28-day": "user-row",
  "users-1-day": "user-row",
  "user-teams-1-day": "user-team-row",
};

const REPORT_PATH = /^\/(orgs|enterprises)\/([^/]+)\/copilot\/metrics\/reports\/([a-z0-9-]+?)(\/latest)?$/;

let ghecContract: OpenApiContract | undefined;
let newestContract: OpenApiContract | undefined;
const SEATS_PATH = /^\/orgs\/([^/]+)\/copilot\/billing\/seats$/;

/**
 * GitHub's API as the digest uses it, in front of the `GitHubFake`: the reports endpoints and the seat list (checked
 * against @octokit/openapi 23.x) and the legacy enterprise endpoints that only `ghec.json` 18.x documents (checked
 * against it) are answered here; every other request goes on to the `GitHubFake`, which checks it against 18.x's
 * `api.github.com.json`. The report files themselves are served by a `ReportStorageFake` on another host, each
 * record checked against the file schemas above.
 */
export class CopilotMetricsFake {
  readonly github: GitHubFake;
  readonly storage = new ReportStorageFake();
  readonly contractViolations: string[] = [];
  readonly calls: ApiCall[] = [];
  private readonly reports = new Map<string, ReportAnswer>();
  private readonly enterpriseAnswers = new Map<string, FakeResponse>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;
  private server?: { url: string; close: () => Promise<void> };

  constructor(
    readonly organization: string,
    readonly token: string,
    readonly enterprise = "acme-corp",
  ) {
    this.github = new GitHubFake(organization, token);
    this.ajv = new Ajv({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (ajv: Ajv) => void)(this.ajv);
  }

  get url(): string {
    if (!this.server) throw new Error("Copilot metrics fake not started");
    return this.server.url;
  }

  async start(): Promise<this> {
    ghecContract ??= new OpenApiContract("@octokit/openapi/generated/ghec.json");
    newestContract ??= new OpenApiContract("@octokit/openapi-23/generated/api.github.com.json");
    await Promise.all([this.github.start(), this.storage.start()]);
    this.server = await startHttpFake((request) => this.answer(request));
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.server?.close(), this.github.stop(), this.storage.stop()]);
  }

  reset(): void {
    this.github.reset();
    this.storage.reset();
    this.contractViolations.length = 0;
    this.calls.length = 0;
    this.reports.clear();
    this.enterpriseAnswers.clear();
  }

  /** Every contract problem seen, by this fake and by the GitHub fake behind it. */
  get violations(): string[] {
    return [...this.contractViolations, ...this.github.contractViolations];
  }

  /**
   * Stores a report file, after checking each of its records against the report's schema. With `document`, the file
   * is one JSON document (an array of rows, or one object), as GitHub's example files are.
   */
  putFile(name: string, report: ReportName, content: StoredContent, options: { document?: boolean } = {}): void {
    if (typeof content === "string" && options.document) {
      const whole: unknown = JSON.parse(content);
      (Array.isArray(whole) ? whole : [whole]).forEach((record, index) => {
        this.check(FILE_SCHEMAS[report], record, `${name} record ${index + 1}`);
      });
    } else if (typeof content === "string") {
      content.split("\n").forEach((line, index) => {
        if (line.trim() === "") return;
        this.check(FILE_SCHEMAS[report], JSON.parse(line), `${name} line ${index + 1}`);
      });
    }
    this.storage.put(name, content);
  }

  /** How a reports endpoint answers; `day` for the 1-day reports, `enterprise` for the enterprise's own. */
  serveReport(report: ReportName, answer: ReportAnswer, options: { day?: string; enterprise?: boolean } = {}): void {
    this.reports.set(this.key(options.enterprise ? "enterprises" : "orgs", report, options.day), answer);
  }

  /**
   * A 1-day report for each day: the rows of a multi-day NDJSON fixture are split by their `day`, and every day
   * listed gets a file (empty when no row has that day), as GitHub has a report for every day.
   */
  serveDailyReports(report: "users-1-day" | "user-teams-1-day", ndjson: string, days: readonly string[]): void {
    const lines = ndjson.split("\n").filter((line) => line.trim() !== "");
    for (const day of days) {
      const name = `${report}-${day}.ndjson`;
      const content = lines.filter((line) => (JSON.parse(line) as { day: string }).day === day).join("\n");
      this.putFile(name, report, content ? `${content}\n` : "");
      this.serveReport(report, { files: [name] }, { day });
    }
  }

  /** How `/enterprises/{enterprise}/copilot/{metrics|usage}` answers; checked against ghec.json. */
  serveEnterpriseLegacy(source: "metrics" | "usage", response: FakeResponse): void {
    this.enterpriseAnswers.set(source, response);
  }

  reportCalls(report: ReportName): ApiCall[] {
    return this.calls.filter((call) => call.path.includes(`/copilot/metrics/reports/${report}`));
  }

  private key(owner: string, report: string, day?: string): string {
    return `${owner} ${report} ${day ?? "latest"}`;
  }

  private async answer(request: FakeRequest): Promise<FakeResponse> {
    const path = request.url.pathname;
    const report = REPORT_PATH.exec(path);
    if (report) return this.answerReport(request, report);
    if (path.startsWith("/enterprises/")) return this.answerEnterprise(request);
    if (request.method === "GET" && SEATS_PATH.test(path)) return this.answerSeats(request);
    return this.forward(request);
  }

  private record(request: FakeRequest): void {
    this.calls.push({
      method: request.method,
      path: request.url.pathname,
      query: request.url.searchParams,
      authorization: request.headers.authorization,
    });
  }

  private answerReport(request: FakeRequest, match: RegExpExecArray): FakeResponse {
    this.record(request);
    const [, owner = "", name = "", report = "", latest] = match;
    const where = `${request.method} ${request.url.pathname}`;
    const contract = newestContract as OpenApiContract;
    const op = contract.match(request.method, request.url.pathname);
    if (!op) {
      this.contractViolations.push(`${where} is not a reports API operation in @octokit/openapi 23.x`);
      return notFound();
    }
    const answered = this.reportAnswer(request, owner, name, report, Boolean(latest), where);
    this.contractViolations.push(
      ...contract.validateResponse(op, answered.status, answered.status === 204 ? undefined : answered.body),
    );
    return answered;
  }

  private reportAnswer(
    request: FakeRequest,
    owner: string,
    name: string,
    report: string,
    twentyEight: boolean,
    where: string,
  ): FakeResponse {
    if (request.headers.authorization !== `token ${this.token}`)
      return { status: 401, body: basicError("Bad credentials", 401) };
    const day = request.url.searchParams.get("day") ?? undefined;
    if (!twentyEight && !(day && /^\d{4}-\d{2}-\d{2}$/.test(day))) {
      this.contractViolations.push(`${where} needs ?day=YYYY-MM-DD, got ${day ?? "nothing"}`);
      return { status: 422, body: basicError("Invalid day", 422) };
    }
    const ownerName = owner === "orgs" ? this.organization : this.enterprise;
    if (name.toLowerCase() !== ownerName.toLowerCase()) return notFound();
    const answer = this.reports.get(this.key(owner, report, twentyEight ? undefined : day));
    if (!answer) return notFound();
    if (!("files" in answer)) return answer;
    const body = twentyEight
      ? {
          download_links: answer.files.map((file) => this.storage.link(file)),
          report_start_day: answer.startDay ?? "2026-05-11",
          report_end_day: answer.endDay ?? "2026-06-07",
        }
      : { download_links: answer.files.map((file) => this.storage.link(file)), report_day: day };
    return { status: 200, body };
  }

  /**
   * `GET /orgs/{org}/copilot/billing/seats` as GitHub sends it today: the GitHub fake's seats in the newer shape
   * (`last_authenticated_at`, `assignee: null`, enterprise teams), checked against @octokit/openapi 23.x.
   */
  private answerSeats(request: FakeRequest): FakeResponse {
    this.record(request);
    const contract = newestContract as OpenApiContract;
    const op = contract.match(request.method, request.url.pathname);
    if (!op) throw new Error("@octokit/openapi 23.x has no seat list");
    if (request.headers.authorization !== `token ${this.token}`)
      return { status: 401, body: basicError("Bad credentials", 401) };
    if (op.params.org?.toLowerCase() !== this.organization.toLowerCase()) return notFound();
    const perPage = Number(request.url.searchParams.get("per_page") ?? 50);
    const page = Number(request.url.searchParams.get("page") ?? 1);
    const all = [...this.github.seats.values()];
    const seats = all
      .slice((page - 1) * perPage, page * perPage)
      .map((seat) => copilotSeatDetails(this.organization, seat, this.enterprise));
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string) =>
      `<${this.url}${request.url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
    const response: FakeResponse = {
      status: 200,
      body: { total_seats: all.length, seats },
      ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}),
    };
    this.contractViolations.push(...contract.validateResponse(op, response.status, response.body));
    return response;
  }

  private answerEnterprise(request: FakeRequest): FakeResponse {
    this.record(request);
    const contract = ghecContract as OpenApiContract;
    const op = contract.match(request.method, request.url.pathname);
    if (!op) {
      this.contractViolations.push(
        `${request.method} ${request.url.pathname} is not a GitHub Enterprise Cloud operation`,
      );
      return notFound();
    }
    if (request.headers.authorization !== `token ${this.token}`)
      return { status: 401, body: basicError("Bad credentials", 401) };
    const source = /\/copilot\/(metrics|usage)$/.exec(op.template)?.[1] ?? "";
    const response =
      op.params.enterprise?.toLowerCase() === this.enterprise.toLowerCase()
        ? (this.enterpriseAnswers.get(source) ?? notFound())
        : notFound();
    this.contractViolations.push(...contract.validateResponse(op, response.status, response.body));
    return response;
  }

  /** Everything else is the GitHub fake's, byte for byte, headers (Link for pagination) included. */
  private async forward(request: FakeRequest): Promise<FakeResponse> {
    const headers: Record<string, string> = {};
    for (const name of ["authorization", "accept", "content-type", "user-agent"]) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const response = await fetch(`${this.github.url}${request.url.pathname}${request.url.search}`, {
      method: request.method,
      headers,
      ...(request.rawBody ? { body: request.rawBody } : {}),
    });
    const text = await response.text();
    const relay: Record<string, string> = {};
    for (const name of ["content-type", "link"]) {
      const value = response.headers.get(name);
      if (value) relay[name] = value;
    }
    return { status: response.status, ...(text ? { body: text } : {}), headers: relay };
  }

  private check(schema: keyof typeof SCHEMAS, value: unknown, where: string): void {
    let validator = this.validators.get(schema);
    if (!validator) {
      validator = this.ajv.compile(SCHEMAS[schema]);
      this.validators.set(schema, validator);
    }
    if (validator(value)) return;
    for (const error of validator.errors ?? []) {
      this.contractViolations.push(`${where} (${schema}): ${error.instancePath || "(root)"} ${error.message}`);
    }
  }
}
