import fc from "fast-check";
import type { SubscriptionSummary } from "../../src/admin/subscription-summary.js";
import { explainGitHubError } from "../../src/github/github-failures.js";
import { RequestCheckError } from "../../src/request/errors.js";
import { parseGitHubLogin } from "../../src/request/github-login.js";
import { REQUEST_STATES, type RequestProblem, type SeatRequest } from "../../src/request/seat-request.js";
import type { CopilotSeat } from "../../src/seat/copilot-seat.js";

/**
 * Generators for what people and GitHub put into the bot's messages, and the checks every Block Kit payload must
 * pass: Slack's size limits, and no markup in it that the bot did not write itself.
 */

/** Markup an attacker would try: each must reach Slack escaped, never as a live mention, broadcast or link. */
export const INJECTIONS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!subteam^SEVIL1>",
  "<@UEVIL1>",
  "<#CEVIL1|general>",
  "<https://evil.example|click>",
  "<mailto:evil@example.com|mail>",
] as const;

/** Raw starts of the injections above: none may appear in a mrkdwn text. */
const LIVE_INJECTIONS = [
  "<!channel",
  "<!here",
  "<!everyone",
  "<!subteam",
  "<@UEVIL",
  "<#CEVIL",
  "<https://evil",
  "<mailto:",
];

const PIECES = [
  ...INJECTIONS,
  "&",
  "&amp;",
  "&lt;",
  "&gt;",
  "<",
  ">",
  "*",
  "_",
  "~",
  "`",
  "```",
  "\n",
  "\n>",
  "|",
  "é",
  "🙂",
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
);

/** Text a person or GitHub wrote: short and markup-heavy mostly, sometimes repeated up to `maxLength`. */
export function hostileText(maxLength = 200): fc.Arbitrary<string> {
  const short = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join("").slice(0, maxLength));
  const long = fc
    .tuple(short, fc.integer({ min: 2, max: maxLength }))
    .map(([text, times]) => text.repeat(times).slice(0, maxLength));
  return fc.oneof({ weight: 4, arbitrary: short }, { weight: 1, arbitrary: long });
}

/** Non-empty hostile text, for fields the domain never leaves empty. */
export function hostileName(maxLength = 100): fc.Arbitrary<string> {
  return hostileText(maxLength).map((text) => text || "x");
}

// Values Slack or the bot itself produce: trusted, and generated in their real shapes.
export const slackUserId = fc.stringMatching(/^[UW][A-Z0-9]{8,10}$/);
export const organization = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
export const requestId = fc.stringMatching(/^[0-9A-Z]{26}$/);
export const isoInstant = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString());
export const isoDay = isoInstant.map((iso) => iso.slice(0, 10));

/** A failure as the domain stores it: GitHub's own words (any text) explained by `explainGitHubError`. */
export const githubProblem: fc.Arbitrary<RequestProblem> = fc
  .tuple(fc.constantFrom(0, 400, 401, 403, 404, 409, 422, 429, 500, 502), hostileText(300), organization)
  .map(([status, said, org]) => {
    const error =
      status === 0 ? new Error(said) : { status, message: said, response: { data: { message: said }, headers: {} } };
    const failure = explainGitHubError(error, { organization: org, subject: { kind: "login", login: said } });
    return { code: failure.code, message: failure.message, problem: failure.problem };
  });

/** A rejection as the checks write it, e.g. an invalid login the person typed, quoted back to them. */
export const checkProblem: fc.Arbitrary<RequestProblem> = hostileText(80).map((typed) => {
  try {
    parseGitHubLogin(typed);
    return { code: "MANAGER_INVALID", message: "the manager is not a full member of the workspace." };
  } catch (error) {
    if (!(error instanceof RequestCheckError)) throw error;
    return { code: error.code, message: error.message, problem: error.problem };
  }
});

export const problem = fc.oneof(githubProblem, checkProblem);

export const seatRequest: fc.Arbitrary<SeatRequest> = fc.record(
  {
    id: requestId,
    kind: fc.constantFrom("request" as const, "grant" as const),
    githubLogin: hostileName(100),
    requesterId: slackUserId,
    managerId: slackUserId,
    reason: hostileName(500),
    state: fc.constantFrom(...REQUEST_STATES),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    decidedBy: slackUserId,
    decidedAt: isoInstant,
    denialReason: hostileText(500),
    rejection: problem,
    failure: problem,
    attempt: fc.nat(20),
    history: fc.constant([]),
  },
  {
    requiredKeys: [
      "id",
      "githubLogin",
      "requesterId",
      "managerId",
      "reason",
      "state",
      "createdAt",
      "updatedAt",
      "attempt",
      "history",
    ],
  },
);

export const copilotSeat: fc.Arbitrary<CopilotSeat> = fc.record(
  {
    login: hostileName(100),
    planType: fc.oneof(fc.constantFrom("business", "enterprise", "unknown"), hostileText(40)),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    lastActivityAt: isoInstant,
    lastActivityEditor: hostileText(200),
    pendingCancellationDate: isoDay,
    assigningTeam: hostileName(100),
  },
  { requiredKeys: ["login", "createdAt"] },
);

export const subscriptionSummary: fc.Arbitrary<SubscriptionSummary> = fc.record(
  {
    planType: fc.oneof(fc.constantFrom("business", "enterprise"), hostileText(40)),
    seatManagementSetting: fc.oneof(
      fc.constantFrom("assign_all", "assign_selected", "disabled", "unconfigured"),
      hostileText(60),
    ),
    seatBreakdown: fc.record({
      total: fc.nat(),
      addedThisCycle: fc.nat(),
      pendingInvitation: fc.nat(),
      pendingCancellation: fc.nat(),
      activeThisCycle: fc.nat(),
      inactiveThisCycle: fc.nat(),
    }),
    policies: fc.dictionary(hostileName(40), hostileText(40), { maxKeys: 30 }),
    perPersonSeatsPossible: fc.boolean(),
    longestInactive: fc.array(copilotSeat, { maxLength: 10 }),
  },
  { requiredKeys: ["seatManagementSetting", "seatBreakdown", "perPersonSeatsPossible", "longestInactive"] },
);

// --- Checks -------------------------------------------------------------------------------------------------------

/** The constructs the bot writes itself, always from trusted values: mentions, channels, dates, links. */
const OWN_MARKUP =
  /<@[UW][A-Z0-9]+>|<#C[A-Z0-9]+(?:\|[^<>]*)?>|<!date\^\d+\^[^|<>]+\|[^<>]*>|<https?:\/\/[^\s|<>]+(?:\|[^<>]*)?>/g;
const ENTITY = /&(?:amp|lt|gt);/g;

/** What is wrong with a mrkdwn text, if anything: any markup left that the bot did not write. */
export function mrkdwnProblems(text: string): string[] {
  const problems: string[] = [];
  for (const raw of LIVE_INJECTIONS) if (text.includes(raw)) problems.push(`live ${raw}…`);
  const rest = text.replace(OWN_MARKUP, "").replace(ENTITY, "");
  if (rest.includes("<")) problems.push("a raw < outside the bot's own markup");
  // `>` is the bot's own quote marker at the start of a line; anywhere else it came from unescaped text.
  if (/[^\n]>/.test(rest)) problems.push("a raw > that does not start a quote");
  if (rest.includes("&")) problems.push("a raw & that is not an entity");
  return problems;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textOf(value: Json | undefined): string | undefined {
  return isNode(value) && typeof value.text === "string" ? value.text : undefined;
}

/** Every text object in a payload, wherever it sits. */
function textObjects(value: unknown, path: string, out: { path: string; type: string; text: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      textObjects(item, `${path}[${index}]`, out);
    });
    return;
  }
  if (!isNode(value)) return;
  if ((value.type === "mrkdwn" || value.type === "plain_text") && typeof value.text === "string") {
    out.push({ path, type: value.type, text: value.text });
  }
  for (const [key, child] of Object.entries(value)) textObjects(child, `${path}.${key}`, out);
}

function limit(problems: string[], where: string, text: string | undefined, max: number, min = 1): void {
  if (text === undefined) return;
  if (text.length > max) problems.push(`${where}: ${text.length} characters, Slack allows ${max}`);
  if (text.length < min) problems.push(`${where}: empty`);
}

function elementProblems(element: Json, where: string, problems: string[]): void {
  if (!isNode(element)) return;
  limit(problems, `${where}.action_id`, typeof element.action_id === "string" ? element.action_id : undefined, 255);
  if (element.type === "button") {
    limit(problems, `${where}.text`, textOf(element.text), 75);
    limit(problems, `${where}.value`, typeof element.value === "string" ? element.value : undefined, 2000);
  }
  if (element.type === "plain_text_input" && typeof element.initial_value === "string") {
    const max = typeof element.max_length === "number" ? element.max_length : 3000;
    limit(problems, `${where}.initial_value`, element.initial_value, max, 0);
  }
}

function blockProblems(block: Json, where: string, problems: string[]): void {
  if (!isNode(block)) return;
  limit(problems, `${where}.block_id`, typeof block.block_id === "string" ? block.block_id : undefined, 255);
  switch (block.type) {
    case "section": {
      limit(problems, `${where}.text`, textOf(block.text), 3000);
      const fields = Array.isArray(block.fields) ? block.fields : [];
      if (fields.length > 10) problems.push(`${where}: ${fields.length} fields, Slack allows 10`);
      fields.forEach((field, i) => {
        limit(problems, `${where}.fields[${i}]`, textOf(field), 2000);
      });
      if (!block.text && fields.length === 0) problems.push(`${where}: a section with neither text nor fields`);
      if (block.accessory) elementProblems(block.accessory, `${where}.accessory`, problems);
      break;
    }
    case "header":
      limit(problems, `${where}.text`, textOf(block.text), 150);
      break;
    case "context": {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 10) problems.push(`${where}: ${elements.length} elements`);
      elements.forEach((element, i) => {
        limit(problems, `${where}.elements[${i}]`, textOf(element), 3000);
      });
      break;
    }
    case "actions": {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 25) problems.push(`${where}: ${elements.length} elements`);
      elements.forEach((element, i) => {
        elementProblems(element, `${where}.elements[${i}]`, problems);
      });
      break;
    }
    case "input":
      limit(problems, `${where}.label`, textOf(block.label), 2000);
      limit(problems, `${where}.hint`, textOf(block.hint), 2000);
      elementProblems(block.element ?? null, `${where}.element`, problems);
      break;
  }
}

function markupProblemsIn(payload: unknown, problems: string[]): void {
  const texts: { path: string; type: string; text: string }[] = [];
  textObjects(payload, "", texts);
  for (const { path, type, text } of texts) {
    if (type === "mrkdwn") for (const problem of mrkdwnProblems(text)) problems.push(`${path}: ${problem}`);
  }
}

/** Everything wrong with a message for `chat.postMessage` / `respond`; empty when Slack would take it as meant. */
export function messageProblems(message: { text: string; blocks: unknown[] }): string[] {
  const problems: string[] = [];
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks, Slack allows 50 in a message`);
  limit(problems, "text", message.text, 40_000);
  // The fallback text is mrkdwn too: Slack shows it in notifications, where a live `<!channel>` would still ping.
  for (const problem of mrkdwnProblems(message.text)) problems.push(`text: ${problem}`);
  message.blocks.forEach((block, i) => {
    blockProblems(block as Json, `blocks[${i}]`, problems);
  });
  markupProblemsIn(message.blocks, problems);
  return problems;
}

/** The same for a modal or the Home tab. */
export function viewProblems(view: {
  type: string;
  blocks: unknown[];
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  private_metadata?: string;
  callback_id?: string;
}): string[] {
  const problems: string[] = [];
  if (view.blocks.length > 100) problems.push(`${view.blocks.length} blocks, Slack allows 100 in a view`);
  if (view.type === "modal") {
    limit(problems, "title", textOf(view.title as Json), 24);
    limit(problems, "submit", textOf(view.submit as Json), 24);
    limit(problems, "close", textOf(view.close as Json), 24);
  }
  limit(problems, "private_metadata", view.private_metadata, 3000, 0);
  limit(problems, "callback_id", view.callback_id, 255);
  view.blocks.forEach((block, i) => {
    blockProblems(block as Json, `blocks[${i}]`, problems);
  });
  markupProblemsIn(view.blocks, problems);
  return problems;
}
