import {
  type BillingFixture,
  basicError,
  copilotOrganizationDetails,
  copilotSeat,
  publicUser,
  type SeatFixture,
  simpleUser,
  teamFull,
} from "./github-objects.js";
import { type FakeAnswer, type FakeRequest, type FakeResponse, HttpFakeServer, NO_ANSWER } from "./http-fake.js";
import { type MatchedOperation, OpenApiContract } from "./openapi-contract.js";

export interface GitHubCall {
  method: string;
  path: string;
  template?: string;
  body: unknown;
  authorization?: string;
  /** Set when the fake left the request without an answer (`hang`); it had no effect. */
  hung?: true;
}

type RouteHandler = (op: MatchedOperation, body: unknown, request: FakeRequest) => FakeResponse;

let sharedContract: OpenApiContract | undefined;
let newestContract: OpenApiContract | undefined;

/**
 * The Copilot seat endpoints are checked against GitHub's newest description (@octokit/openapi 23.x: the
 * `copilot-seat-details` schema with `last_authenticated_at`, nullable assignees, enterprise teams); the rest against
 * 18.x, which still describes every endpoint the bot calls.
 */
const NEWEST_DESCRIPTION_TEMPLATES = new Set([
  "/orgs/{org}/members/{username}/copilot",
  "/orgs/{org}/copilot/billing/seats",
  "/orgs/{org}/copilot/billing",
  "/orgs/{org}/copilot/billing/selected_users",
  "/orgs/{org}/copilot/billing/selected_teams",
]);

function contractFor(template: string): OpenApiContract {
  return (NEWEST_DESCRIPTION_TEMPLATES.has(template) ? newestContract : sharedContract) as OpenApiContract;
}

/** The first day of the fake organization's next billing cycle, when cancelled seats end. */
export const PENDING_CANCELLATION_DATE = "2026-12-01";

let publishedGraphqlSchema: Promise<typeof import("@octokit/graphql-schema")> | undefined;

/**
 * What GitHub's published GraphQL schema (`@octokit/graphql-schema`) finds wrong with a query: unknown fields,
 * wrong arguments, missing selections. Loaded on the first GraphQL call, since building the schema takes most of a
 * second and most tests send no GraphQL.
 */
async function graphqlSchemaProblems(query: string): Promise<string[]> {
  publishedGraphqlSchema ??= import("@octokit/graphql-schema");
  const { validate } = await publishedGraphqlSchema;
  try {
    return validate(query).map((error) => error.message);
  } catch (error) {
    return [`it does not parse: ${(error as Error).message}`];
  }
}

/**
 * GitHub's REST API as far as the bot uses it, holding an organization's members and Copilot seats in memory.
 * Every request the bot sends and every answer the fake gives is checked against GitHub's OpenAPI description;
 * anything off the contract is collected in `contractViolations` for the tests to assert empty.
 */
export class GitHubFake extends HttpFakeServer {
  readonly calls: GitHubCall[] = [];
  readonly contractViolations: string[] = [];
  readonly members = new Set<string>();
  readonly seats = new Map<string, SeatFixture>();
  /** Team slug → member logins. */
  readonly teams = new Map<string, string[]>();
  billing: BillingFixture = {};
  private readonly scripted = new Map<string, FakeResponse[]>();
  private readonly hangs = new Map<string, number>();
  private readonly routes = new Map<string, RouteHandler>();
  /** The bot's GitHub App as an OAuth client, for Sign in with GitHub; unset, every code exchange is refused. */
  oauthApp: { clientId: string; clientSecret: string } | undefined;
  /** Codes handed out by `authorize`, until exchanged once. */
  private readonly oauthCodes = new Map<string, GitHubAccountFixture>();
  /** User-to-server tokens handed out by the code exchange. */
  readonly userTokens = new Map<string, GitHubAccountFixture>();
  /** The organization's SAML identities, for GraphQL's `samlIdentityProvider.externalIdentities`; unset: no SAML. */
  samlIdentities: SamlIdentityFixture[] | undefined;
  /**
   * The organization's members with their emails on its verified domains, for GraphQL's `membersWithRole` and
   * `organizationVerifiedDomainEmails`; unset, the members are `members` with no such emails.
   */
  verifiedDomainMembers: VerifiedDomainMemberFixture[] | undefined;

  constructor(
    readonly organization: string,
    readonly token: string,
  ) {
    super();
    // `GET /user` answers for the person a user token belongs to; it checks that token itself (see `answer`).
    this.route("get", "/user", (_op, _body, request) => {
      const account = this.userTokens.get((request.headers.authorization ?? "").replace(/^(Bearer|token) /i, ""));
      return account
        ? { status: 200, body: publicUser(account.login, account.id) }
        : { status: 401, body: basicError("Requires authentication", 401) };
    });
    this.route("get", "/orgs/{org}/members/{username}", ({ params }) =>
      this.members.has(params.username?.toLowerCase() ?? "") ? { status: 204 } : notFound(),
    );
    this.route("get", "/orgs/{org}/members/{username}/copilot", ({ params }) => {
      const seat = this.seats.get(params.username?.toLowerCase() ?? "");
      return seat ? { status: 200, body: this.seatBody(seat) } : notFound();
    });
    this.route("post", "/orgs/{org}/copilot/billing/selected_users", (_op, body) => {
      let created = 0;
      for (const login of (body as { selected_usernames: string[] }).selected_usernames) {
        const existing = this.seats.get(login.toLowerCase());
        // GitHub counts a refreshed (pending-cancellation) seat as created too.
        if (!existing || existing.pendingCancellationDate) created += 1;
        this.seats.set(login.toLowerCase(), { login, createdAt: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
      }
      return { status: 201, body: { seats_created: created } };
    });
    this.route("delete", "/orgs/{org}/copilot/billing/selected_users", (_op, body) => {
      let cancelled = 0;
      for (const login of (body as { selected_usernames: string[] }).selected_usernames) {
        const seat = this.seats.get(login.toLowerCase());
        if (seat?.assigningTeam) {
          return gitHubError(422, "The user's seat is assigned through a team and cannot be cancelled individually.");
        }
        if (seat && !seat.pendingCancellationDate) {
          seat.pendingCancellationDate = PENDING_CANCELLATION_DATE;
          cancelled += 1;
        }
      }
      return { status: 200, body: { seats_cancelled: cancelled } };
    });
    this.route("get", "/orgs/{org}/teams/{team_slug}", ({ params }) => {
      const members = this.teams.get(params.team_slug ?? "");
      return members
        ? { status: 200, body: teamFull(this.organization, params.team_slug ?? "", members.length) }
        : notFound();
    });
    this.route("get", "/orgs/{org}/teams/{team_slug}/members", ({ params }, _body, request) => {
      const members = this.teams.get(params.team_slug ?? "");
      if (!members) return notFound();
      const perPage = Number(request.url.searchParams.get("per_page") ?? "30");
      const page = Number(request.url.searchParams.get("page") ?? "1");
      const last = Math.max(1, Math.ceil(members.length / perPage));
      const next = `<${this.url}${request.url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      return {
        status: 200,
        body: members.slice((page - 1) * perPage, page * perPage).map((login) => simpleUser(login)),
        ...(page < last ? { headers: { link: next } } : {}),
      };
    });
    this.route("post", "/orgs/{org}/copilot/billing/selected_teams", (_op, body) => this.changeTeams(body, "add"));
    this.route("delete", "/orgs/{org}/copilot/billing/selected_teams", (_op, body) => this.changeTeams(body, "remove"));
    this.route("get", "/orgs/{org}/copilot/billing", () => ({
      status: 200,
      body: copilotOrganizationDetails(this.billing, [...this.seats.values()]),
    }));
    this.route("get", "/orgs/{org}/copilot/billing/seats", (_op, _body, request) => {
      const perPage = Number(request.url.searchParams.get("per_page") ?? "50");
      const page = Number(request.url.searchParams.get("page") ?? "1");
      const all = [...this.seats.values()];
      const seats = all.slice((page - 1) * perPage, page * perPage).map((seat) => this.seatBody(seat));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number, rel: string) =>
        `<${this.url}${request.url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
      const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
      return {
        status: 200,
        body: { total_seats: all.length, seats },
        ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}),
      };
    });
  }

  /** A seat as GitHub sends it; `last_authenticated_at` (newer schema) only when the fixture has one. */
  private seatBody(seat: SeatFixture) {
    return {
      ...copilotSeat(this.organization, seat),
      ...(seat.lastAuthenticatedAt ? { last_authenticated_at: seat.lastAuthenticatedAt } : {}),
    };
  }

  private changeTeams(body: unknown, change: "add" | "remove"): FakeResponse {
    let count = 0;
    for (const slug of (body as { selected_teams: string[] }).selected_teams) {
      const members = this.teams.get(slug);
      if (!members) return gitHubError(422, `Team ${slug} does not exist.`);
      for (const login of members) {
        const seat = this.seats.get(login.toLowerCase());
        if (change === "add" && !seat) {
          this.seats.set(login.toLowerCase(), { login, assigningTeam: slug, createdAt: "2026-11-21T10:00:00Z" });
          count += 1;
        }
        if (change === "remove" && seat?.assigningTeam === slug && !seat.pendingCancellationDate) {
          seat.pendingCancellationDate = PENDING_CANCELLATION_DATE;
          count += 1;
        }
      }
    }
    return change === "add"
      ? { status: 201, body: { seats_created: count } }
      : { status: 200, body: { seats_cancelled: count } };
  }

  override async start(): Promise<this> {
    sharedContract ??= new OpenApiContract();
    newestContract ??= new OpenApiContract("@octokit/openapi-23/generated/api.github.com.json");
    return super.start();
  }

  reset(): void {
    this.calls.length = 0;
    this.contractViolations.length = 0;
    this.members.clear();
    this.seats.clear();
    this.scripted.clear();
    this.hangs.clear();
    this.releaseHangs();
    this.teams.clear();
    this.billing = {};
    this.oauthApp = undefined;
    this.oauthCodes.clear();
    this.userTokens.clear();
    this.samlIdentities = undefined;
    this.verifiedDomainMembers = undefined;
  }

  /**
   * The person approves the bot on GitHub's authorization page as `account`: returns the code GitHub would send back
   * to the bot's callback, good for one exchange.
   */
  authorize(account: GitHubAccountFixture): string {
    const code = `code-${account.login}-${this.oauthCodes.size + this.userTokens.size + 1}`;
    this.oauthCodes.set(code, account);
    return code;
  }

  /** Adds or replaces how the fake answers one documented operation. */
  route(method: string, template: string, handler: RouteHandler): void {
    this.routes.set(`${method} ${template}`, handler);
  }

  /** The next answers for an operation, before it falls back to its normal behaviour (e.g. a 502, then success). */
  script(method: string, template: string, ...responses: FakeResponse[]): void {
    this.scripted.set(`${method} ${template}`, responses);
  }

  /**
   * The next `times` requests to an operation get no answer at all (before any scripted answer), until the fake is
   * reset or stopped; e.g. `github.hang("post", "/orgs/{org}/copilot/billing/selected_users")`. The request itself is
   * still recorded (with `hung`) and checked against the contract.
   */
  hang(method: string, template: string, times = 1): void {
    const key = `${method.toLowerCase()} ${template}`;
    this.hangs.set(key, (this.hangs.get(key) ?? 0) + times);
  }

  callsTo(method: string, template: string): GitHubCall[] {
    return this.calls.filter((c) => c.method === method.toUpperCase() && c.template === template);
  }

  protected answer(request: FakeRequest): Promise<FakeAnswer> | FakeAnswer {
    // The OAuth code exchange is on GitHub's web origin and is no REST API operation, so it has no OpenAPI description
    // to check against: it is answered here, before (and outside) the contract check, deliberately.
    if (request.method === "POST" && request.url.pathname === "/login/oauth/access_token") {
      return this.exchangeCode(request);
    }
    // GraphQL is one endpoint outside the REST description too; only the queries the bot sends are answered.
    if (request.method === "POST" && request.url.pathname === "/graphql") return this.graphql(request);
    const contract = sharedContract as OpenApiContract;
    const body = request.rawBody ? JSON.parse(request.rawBody) : undefined;
    const described = contract.match(request.method, request.url.pathname);
    // The seat endpoints' operation (and so its schemas) comes from the newest description.
    const op =
      described && NEWEST_DESCRIPTION_TEMPLATES.has(described.template)
        ? (contractFor(described.template).match(request.method, request.url.pathname) ?? described)
        : described;
    const call: GitHubCall = {
      method: request.method,
      path: request.url.pathname,
      template: op?.template,
      body,
      authorization: request.headers.authorization,
    };
    this.calls.push(call);
    if (!op) {
      this.contractViolations.push(`${request.method} ${request.url.pathname} is not a GitHub REST operation`);
      return notFound();
    }
    // `/app/…` endpoints take the GitHub App's JWT instead, which their route verifies itself.
    // `/user` takes a person's user-to-server token, which its route checks.
    if (
      !op.template.startsWith("/app/") &&
      op.template !== "/user" &&
      request.headers.authorization !== `token ${this.token}`
    ) {
      return { status: 401, body: basicError("Bad credentials", 401) };
    }
    this.contractViolations.push(...contractFor(op.template).validateRequestBody(op, body));
    const key = `${op.method} ${op.template}`;
    if (op.params.org && op.params.org.toLowerCase() !== this.organization.toLowerCase()) {
      return this.checked(op, notFound());
    }
    const hangs = this.hangs.get(key) ?? 0;
    if (hangs > 0) {
      this.hangs.set(key, hangs - 1);
      call.hung = true;
      return NO_ANSWER;
    }
    const queued = this.scripted.get(key);
    const scripted = queued?.shift();
    const handler = this.routes.get(key);
    const response = scripted ?? (handler ? handler(op, body, request) : undefined);
    if (!response) {
      this.contractViolations.push(`the fake has no behaviour for ${key}`);
      return notFound();
    }
    return this.checked(op, response);
  }

  /** `POST /graphql` for `externalIdentities`, paged by `first` and `after` as GitHub pages connections. */
  private async graphql(request: FakeRequest): Promise<FakeResponse> {
    const { query, variables = {} } = JSON.parse(request.rawBody || "{}") as {
      query?: string;
      variables?: Record<string, unknown>;
    };
    this.calls.push({ method: request.method, path: request.url.pathname, body: { variables } });
    if (request.headers.authorization !== `token ${this.token}`) {
      return { status: 401, body: { message: "Bad credentials" } };
    }
    for (const problem of await graphqlSchemaProblems(query ?? "")) {
      this.contractViolations.push(`the GraphQL query does not fit GitHub's published schema: ${problem}`);
    }
    if (query?.includes("membersWithRole") && variables.org === this.organization) {
      return this.verifiedDomainEmails(query, variables);
    }
    if (!query?.includes("externalIdentities") || variables.org !== this.organization) {
      this.contractViolations.push(`the fake has no behaviour for the GraphQL query ${query?.slice(0, 80)}`);
      return { status: 200, body: { errors: [{ message: "unsupported by the fake" }] } };
    }
    const first = Number(variables.first);
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      this.contractViolations.push(`GraphQL connections take first between 1 and 100, got ${String(variables.first)}`);
    }
    if (!this.samlIdentities) return { status: 200, body: { data: { organization: { samlIdentityProvider: null } } } };
    const start = typeof variables.after === "string" ? Number(Buffer.from(variables.after, "base64").toString()) : 0;
    const slice = this.samlIdentities.slice(start, start + first);
    const end = start + slice.length;
    return {
      status: 200,
      body: {
        data: {
          organization: {
            samlIdentityProvider: {
              externalIdentities: {
                pageInfo: {
                  hasNextPage: end < this.samlIdentities.length,
                  endCursor: slice.length > 0 ? Buffer.from(String(end)).toString("base64") : null,
                },
                nodes: slice.map((identity) => ({
                  samlIdentity: { nameId: identity.nameId, emails: identity.emails.map((value) => ({ value })) },
                  user: identity.login ? { login: identity.login, databaseId: identity.id ?? 0 } : null,
                })),
              },
            },
          },
        },
      },
    };
  }

  /**
   * `organization.membersWithRole` with each member's `organizationVerifiedDomainEmails(login:)`, paged like every
   * GitHub connection. Every query is checked against GitHub's published schema first; this also checks that the
   * argument is the organization's login (`login: $org`), which the schema cannot tell from any other string.
   */
  private verifiedDomainEmails(query: string, variables: Record<string, unknown>): FakeResponse {
    if (!/organizationVerifiedDomainEmails\(login: \$org\)/.test(query)) {
      this.contractViolations.push("organizationVerifiedDomainEmails takes the organization's login as `login`");
    }
    const first = Number(variables.first);
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      this.contractViolations.push(`GraphQL connections take first between 1 and 100, got ${String(variables.first)}`);
    }
    const members =
      this.verifiedDomainMembers ?? [...this.members].map((login, index) => ({ login, id: 1000 + index, emails: [] }));
    const start = typeof variables.after === "string" ? Number(Buffer.from(variables.after, "base64").toString()) : 0;
    const slice = members.slice(start, start + first);
    const end = start + slice.length;
    return {
      status: 200,
      body: {
        data: {
          organization: {
            membersWithRole: {
              pageInfo: {
                hasNextPage: end < members.length,
                endCursor: slice.length > 0 ? Buffer.from(String(end)).toString("base64") : null,
              },
              nodes: slice.map((member) => ({
                login: member.login,
                databaseId: member.id,
                organizationVerifiedDomainEmails: member.emails,
              })),
            },
          },
        },
      },
    };
  }

  /** `POST /login/oauth/access_token`, as GitHub answers it: 200 with either a token or an `error`. */
  private exchangeCode(request: FakeRequest): FakeResponse {
    let params: Record<string, unknown> = {};
    try {
      params = request.headers["content-type"]?.includes("json")
        ? (JSON.parse(request.rawBody || "{}") as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(request.rawBody ?? ""));
    } catch {
      params = {};
    }
    this.calls.push({ method: request.method, path: request.url.pathname, body: { ...params, client_secret: "…" } });
    const app = this.oauthApp;
    if (!app || params.client_id !== app.clientId || params.client_secret !== app.clientSecret) {
      return { status: 200, body: { error: "incorrect_client_credentials" } };
    }
    const account = this.oauthCodes.get(String(params.code));
    if (!account) return { status: 200, body: { error: "bad_verification_code" } };
    this.oauthCodes.delete(String(params.code));
    const token = `ghu_${account.login}_${this.userTokens.size + 1}`;
    this.userTokens.set(token, account);
    return { status: 200, body: { access_token: token, token_type: "bearer", scope: "" } };
  }

  private checked(op: MatchedOperation, response: FakeResponse): FakeResponse {
    const contract = contractFor(op.template);
    this.contractViolations.push(...contract.validateResponse(op, response.status, response.body));
    return response;
  }
}

export interface GitHubAccountFixture {
  login: string;
  id: number;
}

export interface SamlIdentityFixture {
  nameId: string;
  emails: string[];
  /** Absent while the identity is not linked to a GitHub account yet. */
  login?: string;
  id?: number;
}

export interface VerifiedDomainMemberFixture {
  login: string;
  id: number;
  /** The member's emails on the organization's verified domains; empty when they have none. */
  emails: string[];
}

export function notFound(): FakeResponse {
  return { status: 404, body: basicError("Not Found", 404) };
}

export function gitHubError(status: number, message: string): FakeResponse {
  return { status, body: basicError(message, status) };
}
