import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, contains, digestWeeks } from "../../src/digest/digest-week.js";
import { ACTIVE, AGENT, CHAT, CLI, DistinctUsers, UserNumbers } from "../../src/digest/distinct-users.js";
import { type PersonalSummary, PersonalUsageTally } from "../../src/digest/personal-usage.js";
import { UserActivityTally, type UserDayActivity } from "../../src/digest/user-activity-tally.js";
import { userDayFromReport, userKeyOf } from "../../src/github/copilot-metrics-reports.js";

const LAST_DAY = "2026-06-28";
const WEEKS = digestWeeks(LAST_DAY);
/** 35 days: the two digest weeks, the rest of the 28-day report, and a week before it that no report should have. */
const DAYS = Array.from({ length: 35 }, (_, index) => addDays(LAST_DAY, -index));

/** Raw users-report rows as GitHub writes them, with IDs as numbers or text, logins in any case, and odd values. */
const rawRow = fc.record({
  day: fc.oneof(
    { arbitrary: fc.constantFrom(...DAYS.slice(0, 14)), weight: 6 },
    { arbitrary: fc.constantFrom(...DAYS), weight: 3 },
    { arbitrary: fc.constantFrom("2026-02-30", "not a day", ""), weight: 1 },
  ),
  user_id: fc.oneof(
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 6 }).map(String),
    fc.constantFrom("", " 3", "03", null),
  ),
  user_login: fc.oneof(
    fc.constantFrom("ana", "Ana", "ANA", "bo", "cy", "dee", "3", ""),
    fc.integer({ min: 1, max: 3 }),
  ),
  user_initiated_interaction_count: fc.nat(5),
  code_generation_activity_count: fc.oneof(fc.nat(50), fc.constant(-1)),
  code_acceptance_activity_count: fc.nat(20),
  loc_added_sum: fc.nat(100),
  totals_by_language_feature: fc.array(
    fc.record({
      language: fc.constantFrom("typescript", "python", "go", ""),
      code_generation_activity_count: fc.oneof(fc.nat(10), fc.constant(-3)),
    }),
    { maxLength: 3 },
  ),
  totals_by_ide: fc.array(
    fc.record({ ide: fc.constantFrom("vscode", "jetbrains", ""), code_generation_activity_count: fc.nat(10) }),
    { maxLength: 2 },
  ),
  totals_by_feature: fc.array(
    fc.record({
      feature: fc.constantFrom("code_completion", "chat_panel_agent_mode", "chat_inline", ""),
      code_generation_activity_count: fc.nat(10),
      code_acceptance_activity_count: fc.nat(10),
    }),
    { maxLength: 3 },
  ),
  used_chat: fc.boolean(),
  used_agent: fc.boolean(),
  used_cli: fc.boolean(),
  ai_credits_used: fc.oneof(fc.constantFrom(0.25, 1.5, 3), fc.constant(undefined)),
});

const rowsOf = (raws: unknown[]): UserDayActivity[] =>
  raws.map((raw) => userDayFromReport(raw)).filter((row): row is UserDayActivity => row !== undefined);

const text = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";

/** The tally as plain sets of user ID texts: what the bytes per numbered user must always agree with. */
function referenceAdoption(rows: readonly UserDayActivity[]) {
  const sets = () => ({
    active: new Set<string>(),
    chat: new Set<string>(),
    agent: new Set<string>(),
    cli: new Set<string>(),
  });
  const week = sets();
  const previous = sets();
  for (const row of rows) {
    const inWeek = contains(WEEKS.week, row.day);
    if (!inWeek && !contains(WEEKS.previous, row.day)) continue;
    const into = inWeek ? week : previous;
    const id = String(row.userId);
    into.active.add(id);
    if (row.usedChat) into.chat.add(id);
    if (row.usedAgent) into.agent.add(id);
    if (row.usedCli) into.cli.add(id);
  }
  const count = (s: ReturnType<typeof sets>) => ({
    activeUsers: s.active.size,
    chatUsers: s.chat.size,
    agentUsers: s.agent.size,
    cliUsers: s.cli.size,
  });
  return { week: count(week), previous: count(previous) };
}

interface ReferencePerson {
  login: string;
  days: Set<string>;
  last: string;
  features: Map<string, number>;
  ides: Map<string, number>;
  s: number;
  a: number;
  chat: boolean;
  agent: boolean;
  cli: boolean;
  credits?: number;
}

/** Each person's summary added up the plain way: a set of days, maps of names, keyed by the lower-case login. */
function referenceSummaries(rows: readonly UserDayActivity[], storedAt: string): PersonalSummary[] {
  const people = new Map<string, ReferencePerson>();
  let first = "";
  let last = "";
  for (const row of rows) {
    if (!row.login) continue;
    const key = row.login.toLowerCase();
    const person: ReferencePerson = people.get(key) ?? {
      login: row.login,
      days: new Set(),
      last: row.day,
      features: new Map(),
      ides: new Map(),
      s: 0,
      a: 0,
      chat: false,
      agent: false,
      cli: false,
    };
    people.set(key, person);
    person.days.add(row.day);
    if (row.day > person.last) person.last = row.day;
    for (const feature of row.features) person.features.set(feature, (person.features.get(feature) ?? 0) + 1);
    for (const [ide] of row.ides) if (ide) person.ides.set(ide, (person.ides.get(ide) ?? 0) + 1);
    person.s += row.completions.suggested;
    person.a += row.completions.accepted;
    person.chat ||= row.usedChat;
    person.agent ||= row.usedAgent;
    person.cli ||= row.usedCli;
    if (row.aiCredits !== undefined) person.credits = (person.credits ?? 0) + row.aiCredits;
    if (!first || row.day < first) first = row.day;
    if (!last || row.day > last) last = row.day;
  }
  const byUse = (counts: Map<string, number>) =>
    [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name);
  return [...people.values()].map((p) => {
    const summary: PersonalSummary = {
      login: p.login,
      range: { first, last },
      activeDays: p.days.size,
      lastActiveDay: p.last,
      features: byUse(p.features),
      ides: byUse(p.ides),
      completions: { suggested: p.s, accepted: p.a },
      usedChat: p.chat,
      usedAgent: p.agent,
      usedCli: p.cli,
      storedAt,
    };
    if (p.s > 0) summary.acceptanceRate = Math.round((p.a * 1000) / p.s) / 10;
    if (p.credits !== undefined) summary.aiCredits = Math.round(p.credits * 100) / 100;
    return summary;
  });
}

const byLogin = (a: PersonalSummary, b: PersonalSummary) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0);

describe("DistinctUsers", () => {
  it("counts each numbered user once per feature, however often and in whatever order they are added", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(400), fc.integer({ min: 0, max: 15 })), { maxLength: 300 }), (adds) => {
        const users = new DistinctUsers();
        const reference = new Map<number, Set<number>>([ACTIVE, CHAT, AGENT, CLI].map((bit) => [bit, new Set()]));
        for (const [user, features] of adds) {
          users.add(user, features);
          for (const [bit, set] of reference) if (features & bit) set.add(user);
        }
        for (const [bit, set] of reference) expect(users.count(bit as typeof ACTIVE)).toBe(set.size);
      }),
    );
  });
});

describe("UserNumbers", () => {
  it("gives one number per key, dense from 0, the same number whenever the key comes back", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(20), fc.constantFrom("a", "b", "20")), { maxLength: 100 }), (keys) => {
        const numbers = new UserNumbers();
        const seen = new Map<string | number, number>();
        for (const key of keys) {
          const number = numbers.numberOf(key);
          expect(number).toBe(seen.get(key) ?? seen.size);
          seen.set(key, number);
        }
        expect(numbers.size).toBe(seen.size);
      }),
    );
  });
});

describe("a users report's rows", () => {
  it("name the same user by number or text exactly when the user ID texts (or logins) are the same", () => {
    const id = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom("", "1", "01", "1.0", "-0", "NaN", "x", null, true),
    );
    fc.assert(
      fc.property(id, id, id, id, (idA, loginA, idB, loginB) => {
        const a = userKeyOf(idA, loginA);
        const b = userKeyOf(idB, loginB);
        const textA = text(idA) || text(loginA);
        const textB = text(idB) || text(loginB);
        expect(a === undefined).toBe(textA === "");
        if (a !== undefined) expect(String(a)).toBe(textA);
        if (a !== undefined && b !== undefined) expect(new Set([a, b]).size === 1).toBe(textA === textB);
      }),
    );
  });

  it("give the same weekly adoption as distinct user ID texts in sets, for the organization and each team", () => {
    fc.assert(
      fc.property(fc.array(rawRow, { maxLength: 300 }), (raws) => {
        const rows = rowsOf(raws);
        const tally = new UserActivityTally(WEEKS);
        for (const row of rows) tally.add(row, Number(row.userId) % 2 === 0 ? ["all", "even"] : ["all"]);

        expect(tally.adoption("all")).toEqual(referenceAdoption(rows));
        expect(tally.adoption("even")).toEqual(referenceAdoption(rows.filter((row) => Number(row.userId) % 2 === 0)));
      }),
    );
  });

  it("give AI credits for a week only when one of its rows reported them, and compare only with a week that did", () => {
    const reported = (rows: UserDayActivity[]) => rows.filter((row) => row.aiCredits !== undefined);
    const sum = (rows: UserDayActivity[]) =>
      Math.round(rows.reduce((total, row) => total + (row.aiCredits ?? 0), 0) * 100) / 100;
    fc.assert(
      fc.property(fc.array(rawRow, { maxLength: 300 }), (raws) => {
        const rows = rowsOf(raws);
        const tally = new UserActivityTally(WEEKS);
        for (const row of rows) tally.add(row, ["all"]);
        const week = reported(rows.filter((row) => contains(WEEKS.week, row.day)));
        const before = reported(rows.filter((row) => contains(WEEKS.previous, row.day)));

        const expected =
          week.length === 0 ? undefined : { week: sum(week), ...(before.length > 0 ? { previous: sum(before) } : {}) };
        expect(tally.aiCredits("all")).toEqual(expected);
      }),
    );
  });

  it("give the same personal summaries as sets of days and maps of names, the user numbers shared or not", () => {
    fc.assert(
      fc.property(fc.array(rawRow, { maxLength: 300 }), fc.boolean(), (raws, shared) => {
        const rows = rowsOf(raws);
        const users = new UserNumbers();
        const tally = new UserActivityTally(WEEKS, users);
        const people = shared ? new PersonalUsageTally(undefined, users) : new PersonalUsageTally();
        for (const row of rows) {
          tally.add(row, ["all"]);
          people.add(row);
        }

        const storedAt = "2026-06-30T09:00:00.000Z";
        expect(people.summaries(storedAt).sort(byLogin)).toEqual(referenceSummaries(rows, storedAt).sort(byLogin));
      }),
    );
  });

  it("keep each person's figures apart however many people there are, well past the room the tally starts with", () => {
    const features = ["code_completion", "chat_inline", "chat_panel_agent_mode", "agent_edit"];
    const raws = Array.from({ length: 6_000 }, (_, index) => {
      const person = index % 3_000;
      return {
        day: DAYS[index % 14],
        user_id: 1_000 + person,
        user_login: `dev-${person}`,
        totals_by_ide: [{ ide: person % 2 === 0 ? "vscode" : `ide-${person % 7}`, code_generation_activity_count: 1 }],
        totals_by_feature: [
          { feature: features[person % 4], code_generation_activity_count: person, code_acceptance_activity_count: 1 },
          { feature: "code_completion", code_generation_activity_count: 2, code_acceptance_activity_count: index % 2 },
        ],
        used_chat: person % 3 === 0,
        used_agent: index % 5 === 0,
        used_cli: person % 11 === 0,
        ...(person % 4 === 0 ? { ai_credits_used: (index % 9) / 4 } : {}),
      };
    });
    const rows = rowsOf(raws);
    const people = new PersonalUsageTally();
    for (const row of rows) people.add(row);

    const storedAt = "2026-06-30T09:00:00.000Z";
    expect(people.summaries(storedAt).sort(byLogin)).toEqual(referenceSummaries(rows, storedAt).sort(byLogin));
  });

  it("count active days past the first thirty a person's days are kept in bits for", () => {
    const people = new PersonalUsageTally();
    const days = Array.from({ length: 40 }, (_, index) => addDays("2026-05-01", index));
    for (const day of [...days, ...days]) {
      const row = userDayFromReport({ day, user_id: 7, user_login: "ana" });
      if (row) people.add(row);
    }

    expect(people.summaries("2026-06-30T09:00:00.000Z")[0]).toMatchObject({
      activeDays: 40,
      lastActiveDay: "2026-06-09",
    });
  });
});
