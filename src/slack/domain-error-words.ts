import { isSlackUserId } from "../identifiers.js";
import type { IdentityProblem } from "../identity/errors.js";
import type { AdminAction, ApproverFix, Problem } from "../request/errors.js";
import type { RequestState } from "../request/request-state.js";
import type { SeatFacts } from "../seat/describe-seat.js";
import type { GitHubSubject } from "../seat/github-failure.js";
import { escapeMrkdwn } from "./mrkdwn.js";

/** Every problem the domain reports to a person, by code. */
export type WordedProblem = Problem | IdentityProblem;
type Code = WordedProblem["code"];
type ParamsOf<C extends Code> = Extract<WordedProblem, { code: C }>["params"];

/**
 * How a surface shows the three kinds of value the words quote. Each value passes through one of these, so what a
 * person typed (or GitHub said) can never become markup: a `<!channel>` in a login stays text.
 */
interface Surface {
  /** A Slack person: a mention in a message, `@U…` in a modal. */
  person(userId: string): string;
  /** A name or command quoted as it is typed (a login, an organization, `/copilot connect`). */
  quoted(text: string): string;
  /** Text from outside, quoted within a sentence (GitHub's own words, a reason Slack gave). */
  text(text: string): string;
}

const mrkdwnSurface: Surface = {
  // Only a Slack user ID becomes a mention; anything else is shown as escaped text.
  person: (userId) => (isSlackUserId(userId) ? `<@${userId}>` : escapeMrkdwn(userId)),
  quoted: (text) => `\`${escapeMrkdwn(text)}\``,
  text: escapeMrkdwn,
};

/** Modal field errors are plain text: mentions and code marks would show raw, and nothing needs escaping. */
const plainSurface: Surface = {
  person: (userId) => `@${userId}`,
  quoted: (text) => text,
  text: (text) => text,
};

const ADMIN_ACTIONS: Record<AdminAction, string> = {
  "retry-failed": "retry a failed seat assignment",
  "revoke-seats": "revoke seats",
  "change-team-seats": "change team seats",
  "read-audit": "read the audit trail",
  "look-up-seats": "look up other people's seats",
  "see-usage": "see the stored Copilot usage",
  "disconnect-others": "disconnect other people's accounts",
  "look-up-people": "look up who is who",
};

const APPROVER_FIXES: Record<ApproverFix, string> = {
  "name-manager": "Name your manager.",
  "choose-another": "Choose someone else.",
};

const INVALID_LOGIN_FLAWS = {
  characters: () => "GitHub logins use only letters, digits and single hyphens, and do not start or end with a hyphen",
  empty: () => "the GitHub username is empty",
  "too-long": (login: string) => `it is ${login.length} characters long; GitHub allows at most 39`,
  "double-hyphen": () => "GitHub logins cannot contain two hyphens in a row",
} as const;

const PERMISSION_HINT = (s: Surface) =>
  `The bot's GitHub credentials lack a permission: the GitHub App needs the organization permissions “GitHub Copilot Business” (read and write) and “Members” (read); a token needs ${s.quoted("manage_billing:copilot")} and ${s.quoted("read:org")}.`;

function subjectWords(subject: GitHubSubject, s: Surface): string {
  switch (subject.kind) {
    case "login":
      return s.quoted(subject.login);
    case "team":
      return `the team ${s.quoted(subject.slug)}`;
    case "subscription":
      return "the Copilot subscription";
    case "seats":
      return "the Copilot seats";
    case "usage-metrics":
      return "the Copilot usage metrics";
  }
}

/** One line about a seat, for words that mention it in passing. */
function seatWords(seat: SeatFacts, s: Surface): string {
  const parts = [`plan ${s.text(seat.planType ?? "unknown")}`, `assigned on ${s.text(seat.assignedOn)}`];
  if (seat.team) {
    const kind = seat.team.kind === "enterprise" ? "enterprise team" : "team";
    parts.push(`through the ${kind} ${s.quoted(seat.team.name)}`);
  }
  if ("lastActiveOn" in seat.activity) parts.push(`last active ${s.text(seat.activity.lastActiveOn)}`);
  else parts.push(seat.activity.none === "cleared" ? "no activity for 90+ days" : "no activity yet");
  if (seat.lastSignedInOn) parts.push(`last signed in ${s.text(seat.lastSignedInOn)}`);
  if (seat.endsOn) parts.push(`ends on ${s.text(seat.endsOn)}`);
  return parts.join(", ");
}

/** The change happened and the job that follows it did not start: the sweep starts it within 15 minutes. */
function followUpDelayedWords({ outcome }: ParamsOf<"FOLLOW_UP_DELAYED">, s: Surface): string {
  switch (outcome) {
    case "filed":
      return `The request is filed, but the bot could not start checking it just now. It will be picked up automatically within 15 minutes; there is no need to file it again (${s.quoted("/copilot status")} shows it).`;
    case "cancelled":
    case "forwarded":
      return `The request was ${outcome}, but the bot could not send the messages about it just now. They go out automatically within 15 minutes; nothing needs to be done again.`;
    default:
      return `The request was ${outcome === "retried" ? "set to be retried" : outcome}, but the bot could not start the next step just now. It will be picked up automatically within 15 minutes; nothing needs to be clicked again.`;
  }
}

function alreadyDecidedWords(params: ParamsOf<"ALREADY_DECIDED">, s: Surface): string {
  const by = params.decidedBy ? ` by ${s.person(params.decidedBy)}` : "";
  switch (params.state) {
    case "APPROVED":
    case "ASSIGNED":
    case "FAILED":
      return `This request was already approved${by}. Nothing was changed.`;
    case "DENIED":
      return `This request was already denied${by}. Nothing was changed.`;
    case "CANCELLED":
      return `This request was cancelled by ${s.person(params.requesterId)}. Nothing was changed.`;
    case "EXPIRED":
      return "This request expired without a decision; the requester was told how to ask again. Nothing was changed.";
    default:
      return `This request is ${stateWord(params.state)} and can't be decided now. Nothing was changed.`;
  }
}

function notAuthorizedWords(params: ParamsOf<"NOT_AUTHORIZED">, s: Surface): string {
  switch (params.rule) {
    case "own-request":
      return `You can't decide your own request. It waits on ${s.person(params.managerId)}.`;
    case "approver-only":
      return `Only ${s.person(params.managerId)} (the manager named in this request) or a Copilot admin can decide it. Nothing was changed.`;
    case "requester-only":
      return params.action === "cancel"
        ? `Only ${s.person(params.requesterId)}, who filed this request, can cancel it. Nothing was changed.`
        : `Only ${s.person(params.requesterId)}, who holds this seat, can ask to extend it.`;
    case "admin-only":
      return `Only Copilot admins can ${ADMIN_ACTIONS[params.action]}. Ask one of them if you need this done.`;
    case "admin-subcommand":
      return `Only Copilot admins can use ${s.quoted(`/copilot ${params.subcommand}`)}. Ask one of them if you need this done.`;
    case "own-denied-request":
      return `Your own request for ${s.quoted(params.githubLogin)} was denied${params.deniedBy ? ` by ${s.person(params.deniedBy)}` : ""}, so you can't grant that seat yourself. Another Copilot admin can, if it should be given after all.`;
    case "own-seat-only":
      return `You can give back only your own seat: one the bot assigned through your own request, or the seat of the GitHub account you connected. Admins cancel other people's seats with ${s.quoted(`/copilot revoke ${params.githubLogin}`)}.`;
  }
}

function loginNotProvenWords(params: ParamsOf<"LOGIN_NOT_PROVEN">, s: Surface): string {
  const connect = s.quoted("/copilot connect");
  if (params.typedLogin === undefined) {
    return `Connect your GitHub account first (${connect}), so the bot knows which account is yours.`;
  }
  const typed = s.quoted(params.typedLogin);
  return params.ownLogin !== undefined
    ? `Requests here are only for your own GitHub account, ${s.quoted(params.ownLogin)}. To use ${typed}, connect it with ${connect}.`
    : `Requests here are only for a GitHub account you have proven is yours: connect ${typed} with ${connect}, then ask again.`;
}

/** A state as a word in a sentence; states are the bot's own, never typed. */
function stateWord(state: RequestState): string {
  return state.toLowerCase();
}

/**
 * The words for every code, written once for both surfaces. Keyed by every code the domain can report, so a new
 * code without words fails the type check.
 */
const WORDS: { [C in Code]: (params: ParamsOf<C>, s: Surface) => string } = {
  NOT_AUTHORIZED: notAuthorizedWords,
  REQUEST_NOT_FOUND: () => "That request no longer exists.",
  INVALID_TRANSITION: (p) => `A request cannot move from ${p.from} to ${p.to}.`,
  STALE_STATE: (p) => `The request is ${p.actual ?? "gone"}, not ${p.expected}.`,
  DUPLICATE_REQUEST: (p, s) =>
    `There is already an open request for ${s.quoted(p.githubLogin)} (${stateWord(p.state)}, waiting on ${s.person(p.managerId)} since ${s.text(p.createdAt.slice(0, 10))}). Wait for it to be decided, or ask ${s.person(p.managerId)} about it.`,
  STEP_IN_PROGRESS: (p, s) => `Step ${s.text(p.step)} of request ${s.text(p.requestId)} is in progress elsewhere.`,
  MESSAGE_NOT_DELIVERED: (p, s) => `Slack did not take the message (${s.text(p.reason)}).`,
  ALREADY_DECIDED: alreadyDecidedWords,
  STILL_VALIDATING: (p, s) =>
    `The request is still being checked and can be ${p.change} once it reaches ${s.person(p.managerId)}, in a moment. Nothing was changed.`,
  FOLLOW_UP_DELAYED: followUpDelayedWords,
  NOT_FAILED: (p) => `This request is ${stateWord(p.state)}, so there is nothing to retry. Nothing was changed.`,
  NOTHING_TO_CANCEL: (p, s) =>
    `You have no request waiting ${p.githubLogin ? `for ${s.quoted(p.githubLogin)}` : "for a decision"}. ${s.quoted("/copilot status")} shows your requests.`,
  WHICH_REQUEST: (p, s) =>
    `You have ${p.githubLogins.length} requests waiting (${p.githubLogins.map((login) => s.quoted(login)).join(", ")}). Say which: ${s.quoted("/copilot cancel <github-login>")}.`,
  NOT_EXTENDABLE: (p, s) =>
    `The seat for ${s.quoted(p.githubLogin)} is not a time-bound seat that is still running, so there is nothing to extend.`,
  QUEUE_UNAVAILABLE: () =>
    "Sorry, the bot could not queue your request just now. Nothing was kept; please try again in a minute.",
  QUEUE_UNCONFIRMED: () =>
    "Sorry, the bot could not confirm that it received this, so it may not have. If nothing has come of it in a minute, please try again.",
  MANAGER_IS_REQUESTER: (p, s) =>
    `You named yourself (${s.person(p.requesterId)}) as the approver. Name your manager instead.`,
  REASON_MISSING: () => "Please give a reason: your manager sees it when deciding.",
  REASON_TOO_LONG: (p) => `The reason is ${p.length} characters long; keep it to ${p.max}.`,
  INVALID_LOGIN: (p, s) =>
    `${s.quoted(p.login)} is not a valid GitHub username: ${INVALID_LOGIN_FLAWS[p.flaw](p.login)}.`,
  INVALID_SEAT_DURATION: (p, s) =>
    `A seat can be requested for ${p.choices.map((choice) => s.quoted(choice)).join(", ")}; "${s.text(p.chosen)}" is not one of them.`,
  MANAGER_NOT_FOUND: (p, s) =>
    `I couldn't find ${s.person(p.approverId)} in this Slack workspace. ${APPROVER_FIXES[p.fix]}`,
  MANAGER_INACTIVE: (p, s) => `${s.person(p.approverId)} has been deactivated in Slack. ${APPROVER_FIXES[p.fix]}`,
  MANAGER_IS_BOT: (p, s) => `${s.person(p.approverId)} is a bot, not a person. ${APPROVER_FIXES[p.fix]}`,
  MANAGER_IS_GUEST: (p, s) =>
    `${s.person(p.approverId)} is a guest in this Slack workspace and can't approve seats. ${APPROVER_FIXES[p.fix]}`,
  MANAGER_IS_EXTERNAL: (p, s) =>
    `${s.person(p.approverId)} belongs to another organization's Slack and can't approve seats here. ${APPROVER_FIXES[p.fix]}`,
  ALREADY_SEATED: (p, s) =>
    `${s.quoted(p.githubLogin)} already has a Copilot seat: ${seatWords(p.seat, s)}. There is nothing to request.`,
  NOT_A_MEMBER: (p, s) =>
    `${s.quoted(p.githubLogin)} is not a member of the ${s.quoted(p.organization)} organization on GitHub. Check the spelling, or ask an organization owner to invite that account, then request again.`,
  FORWARD_TO_REQUESTER: (p, s) =>
    `${s.person(p.approverId)} filed this request and can't decide it. Choose someone else.`,
  FORWARD_TO_SAME: (p, s) => `The request already waits on ${s.person(p.approverId)}. Choose someone else.`,
  LOGIN_NOT_PROVEN: loginNotProvenWords,
  LOGIN_NOT_YOURS: (p, s) =>
    `${s.quoted(p.githubLogin)} is ${s.person(p.holderId)}'s GitHub account. Ask for a seat for your own account.`,
  GITHUB_CHECK_FAILED: (p, s) =>
    `the bot could not check the account with GitHub (${words(p.failure, s)}). Nothing was kept; please file the request again later.`,
  GITHUB_KEPT_FAILING: (p, s) =>
    `GitHub kept failing after several tries (${words(p.failure, s)}). An admin can retry once GitHub is healthy.`,

  GITHUB_TIMEOUT: (p, s) => `GitHub did not answer in time (${s.text(p.detail)}).`,
  GITHUB_UNREACHABLE: (p, s) => `GitHub could not be reached (${s.text(p.detail)}).`,
  GITHUB_RATE_LIMITED: (p, s) => `GitHub's rate limit was reached (${s.text(p.said)}).`,
  GITHUB_UNAVAILABLE: (p) => `GitHub had an internal error (HTTP ${p.status}).`,
  GITHUB_BAD_CREDENTIALS: () =>
    "GitHub rejected the bot's credentials (401). An admin must renew the token or GitHub App key.",
  GITHUB_FORBIDDEN: (p, s) => `GitHub refused: ${s.text(p.said)}. ${PERMISSION_HINT(s)}`,
  GITHUB_NOT_FOUND: (p, s) =>
    `GitHub could not find ${subjectWords(p.subject, s)} in the ${s.quoted(p.organization)} organization, or the bot is not allowed to see it (404).`,
  GITHUB_HTTP_ERROR: (p, s) => `GitHub answered HTTP ${p.status}: ${s.text(p.said)}`,
  COPILOT_BILLING_PROBLEM: (p, s) =>
    `GitHub reports a problem with the payment method of ${s.quoted(p.organization)} (GitHub: ${s.text(p.said)}). An organization owner or billing manager must fix it under Settings → Billing and plans; until then the subscription's details cannot be read.`,
  SEAT_MANAGEMENT_UNCONFIGURED: (p, s) =>
    `Copilot seat management in ${s.quoted(p.organization)} is unconfigured (GitHub: ${s.text(p.said)}). An organization owner must choose “selected members” under the organization's Settings → Copilot → Access before seats can be assigned or removed one by one.`,
  SEAT_THROUGH_TEAM: (p, s) =>
    `That seat comes through a team in ${s.quoted(p.organization)}, so it cannot be removed on its own (GitHub: ${s.text(p.said)}). Remove the person from the team, or remove the team's Copilot access.`,
  SEAT_MANAGEMENT_NOT_SELECTED: (p, s) =>
    `${s.quoted(p.organization)} gives Copilot to all members, so seats can't be assigned person by person. An organization owner can switch Copilot access to “selected members” in the organization's Copilot settings.`,
  PENDING_INVITATION: (p, s) =>
    `That account has not accepted its invitation to ${s.quoted(p.organization)} yet (GitHub: ${s.text(p.said)}).`,
  COPILOT_NOT_CONFIGURED: (p, s) =>
    `Copilot is not set up for seat assignment in ${s.quoted(p.organization)}: it needs a Copilot Business or Enterprise subscription, billing, and a suggestion-matching policy (GitHub: ${s.text(p.said)}).`,

  IDENTITY_CONFLICT: (p, s) => `The GitHub login ${s.quoted(p.githubLogin)} is already linked to another Slack person.`,
  LOGIN_HELD: (p, s) => `The GitHub login ${s.quoted(p.githubLogin)} is held by ${s.person(p.heldBySlackUserId)}.`,
  LINK_CHANGED: (p, s) => `The GitHub account linked to ${s.person(p.slackUserId)} changed while it was being written.`,
  SIGN_IN_REFUSED: (p, s) => `GitHub did not confirm the sign-in: ${s.text(p.reason)}.`,
};

/** Whether a code is one the domain reports, for a problem that arrives as data (a job's `problem`). */
export function isWordedProblemCode(code: string): code is Code {
  return Object.hasOwn(WORDS, code);
}

function words(problem: WordedProblem, surface: Surface): string {
  // The table is keyed by code, so each entry receives the params of its own code.
  const wordsOf = WORDS[problem.code] as (params: WordedProblem["params"], s: Surface) => string;
  return wordsOf(problem.params, surface);
}

/** The words for a problem in a Slack message: mrkdwn, with every quoted value escaped and people mentioned. */
export function problemMrkdwn(problem: WordedProblem): string {
  return words(problem, mrkdwnSurface);
}

/** The words for a problem in a modal's field error, which Slack shows as plain text. */
export function problemPlainText(problem: WordedProblem): string {
  return words(problem, plainSurface);
}
