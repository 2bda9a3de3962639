/** GitHub objects in the exact shapes of GitHub's OpenAPI description, for the fake to answer with. */
export function simpleUser(login: string, id = 1000 + login.length) {
  const url = `https://api.github.com/users/${login}`;
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: "User",
    site_admin: false,
  };
}

/** `GET /user` for the person a user token belongs to, as `public-user` (no private plan or disk fields). */
export function publicUser(login: string, id: number) {
  return {
    ...simpleUser(login, id),
    name: null,
    company: null,
    blog: null,
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

export function team(org: string, slug: string, id = 7000 + slug.length) {
  const url = `https://api.github.com/organizations/1/team/${id}`;
  return {
    id,
    node_id: `MDQ6VGVhbT${id}`,
    url,
    html_url: `https://github.com/orgs/${org}/teams/${slug}`,
    name: slug,
    slug,
    description: null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    parent: null,
    // Required by the newest description of a team (an organization's, as opposed to an enterprise's).
    type: "organization",
  };
}

export interface SeatFixture {
  login: string;
  createdAt?: string;
  planType?: "business" | "enterprise" | "unknown";
  lastActivityAt?: string | null;
  lastActivityEditor?: string | null;
  pendingCancellationDate?: string | null;
  assigningTeam?: string | null;
  /** Newer seat schema (@octokit/openapi 23.x): the last sign-in to Copilot. */
  lastAuthenticatedAt?: string | null;
  /** Sent with `assignee: null`, which the newer schema allows. */
  withoutAssignee?: boolean;
  /** The seat comes through an enterprise team of this slug (newer schema: `assigning_team` may be one). */
  assigningEnterpriseTeam?: string;
}

export function copilotSeat(org: string, seat: SeatFixture) {
  return {
    created_at: seat.createdAt ?? "2026-01-15T10:00:00Z",
    updated_at: seat.createdAt ?? "2026-01-15T10:00:00Z",
    pending_cancellation_date: seat.pendingCancellationDate ?? null,
    last_activity_at: seat.lastActivityAt ?? null,
    last_activity_editor: seat.lastActivityEditor ?? null,
    plan_type: seat.planType ?? "business",
    assignee: simpleUser(seat.login),
    assigning_team: seat.assigningTeam ? team(org, seat.assigningTeam) : null,
  };
}

/** An enterprise team, as `assigning_team` may be in the newer seat schema. */
export function enterpriseTeam(enterprise: string, slug: string, id = 9000 + slug.length) {
  return {
    id,
    name: slug,
    description: "",
    slug,
    url: `https://api.github.com/enterprises/${enterprise}/teams/${slug}`,
    group_id: null,
    html_url: `https://github.com/enterprises/${enterprise}/teams/${slug}`,
    members_url: `https://api.github.com/enterprises/${enterprise}/teams/${slug}/memberships{/member}`,
    created_at: "2025-11-01T00:00:00Z",
    updated_at: "2026-05-01T00:00:00Z",
  };
}

/**
 * A seat as `GET /orgs/{org}/copilot/billing/seats` sends it today (schema `copilot-seat-details` of
 * @octokit/openapi 23.x): with `last_authenticated_at`, possibly without an assignee or through an enterprise team.
 */
export function copilotSeatDetails(org: string, seat: SeatFixture, enterprise = "acme-corp") {
  const { assignee, assigning_team, ...rest } = copilotSeat(org, seat);
  return {
    ...rest,
    last_authenticated_at: seat.lastAuthenticatedAt ?? null,
    assignee: seat.withoutAssignee ? null : assignee,
    assigning_team: seat.assigningEnterpriseTeam
      ? enterpriseTeam(enterprise, seat.assigningEnterpriseTeam)
      : assigning_team,
  };
}

export function basicError(message: string, status: number) {
  return {
    message,
    documentation_url: "https://docs.github.com/rest/copilot/copilot-user-management",
    status: String(status),
  };
}

export function teamFull(org: string, slug: string, membersCount: number) {
  const base = `https://api.github.com/orgs/${org}`;
  return {
    ...team(org, slug),
    members_count: membersCount,
    repos_count: 3,
    created_at: "2024-02-01T00:00:00Z",
    updated_at: "2026-06-01T00:00:00Z",
    organization: {
      login: org,
      id: 1,
      node_id: "MDEyOk9yZ2FuaXphdGlvbjE=",
      url: base,
      repos_url: `${base}/repos`,
      events_url: `${base}/events`,
      hooks_url: `${base}/hooks`,
      issues_url: `${base}/issues`,
      members_url: `${base}/members{/member}`,
      public_members_url: `${base}/public_members{/member}`,
      avatar_url: "https://avatars.githubusercontent.com/u/1?v=4",
      description: null,
      html_url: `https://github.com/${org}`,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: 10,
      public_gists: 0,
      followers: 0,
      following: 0,
      type: "Organization",
      created_at: "2020-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      archived_at: null,
    },
  };
}

export interface BillingFixture {
  seatManagementSetting?: "assign_all" | "assign_selected" | "disabled" | "unconfigured";
  planType?: "business" | "enterprise";
  pendingInvitation?: number;
  activeThisCycle?: number;
}

/** `GET /orgs/{org}/copilot/billing`, with the seat breakdown counted from the seats given. */
export function copilotOrganizationDetails(billing: BillingFixture, seats: readonly SeatFixture[]) {
  const pendingCancellation = seats.filter((seat) => seat.pendingCancellationDate).length;
  const active = billing.activeThisCycle ?? seats.filter((seat) => seat.lastActivityAt).length;
  return {
    seat_breakdown: {
      total: seats.length,
      added_this_cycle: seats.filter((seat) => (seat.createdAt ?? "") >= "2026-11-01").length,
      pending_invitation: billing.pendingInvitation ?? 0,
      pending_cancellation: pendingCancellation,
      active_this_cycle: active,
      inactive_this_cycle: seats.length - active,
    },
    public_code_suggestions: "block",
    ide_chat: "enabled",
    platform_chat: "enabled",
    cli: "disabled",
    seat_management_setting: billing.seatManagementSetting ?? "assign_selected",
    plan_type: billing.planType ?? "business",
  };
}
