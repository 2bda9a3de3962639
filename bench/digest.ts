import { execFile } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { shuffled } from "./statistics.js";

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL("./digest-child.ts", import.meta.url));
const FIXTURE_ROW = fileURLToPath(new URL("../test/fixtures/reports/users-28-day.ndjson", import.meta.url));

/** The 28 days of the generated reports; the digest weeks are the last 14. */
const FIRST_DAY = "2026-10-19";
const day = (index: number) =>
  new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10);

export interface DigestRun {
  ms: number;
  /** CPU time of the pass, user and system: what the pass itself cost, whatever else the machine was doing. */
  cpuMs: number;
  peakRssMb: number;
}

export interface DigestFigures {
  users: number;
  rows: { small: number; large: number };
  largeFileMb: number;
  digestLarge: DigestRun[];
  digestSmall: DigestRun[];
  bareLarge: DigestRun[];
}

/**
 * A users report as GitHub writes it (one JSON object per user and day, shaped like the fixture's first row) for
 * `users` users over `rows` rows. Every user is active in both digest weeks, whatever the size, so that the 100k- and
 * 1M-row reports have the same users and differ only in rows per user.
 */
async function writeUsersReport(file: string, users: number, rows: number): Promise<void> {
  const template = JSON.parse(readFileSync(FIXTURE_ROW, "utf8").split("\n")[0] as string) as Record<string, unknown>;
  const rounds = Math.ceil(rows / users);
  // Rounds fall on the last days, alternating between the two digest weeks; more rounds than 14 reach earlier days.
  const dayOfRound = (round: number) => (rounds <= 14 ? 27 - (round % 2) * 7 - Math.floor(round / 2) : 27 - round);
  const out = createWriteStream(file);
  let buffer = "";
  for (let row = 0; row < rows; row++) {
    const user = row % users;
    const round = Math.floor(row / users);
    buffer += `${JSON.stringify({
      ...template,
      day: day(dayOfRound(round)),
      user_id: 1_000_000 + user,
      user_login: `member-${user}`,
      user_initiated_interaction_count: 1 + (row % 7),
      used_chat: user % 2 === 0,
      used_agent: user % 3 === 0,
      used_cli: user % 5 === 0,
    })}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      buffer = "";
    }
  }
  out.write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function writeOrganizationReport(file: string): Promise<void> {
  const dayTotals = Array.from({ length: 28 }, (_, index) => ({
    day: day(index),
    daily_active_users: 1,
    weekly_active_users: 1,
    user_initiated_interaction_count: 1,
    code_generation_activity_count: 1,
    code_acceptance_activity_count: 1,
    loc_added_sum: 1,
  }));
  const out = createWriteStream(file);
  out.end(`${JSON.stringify({ report_start_day: day(0), report_end_day: day(27), day_totals: dayTotals })}\n`);
  return new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject));
}

async function pass(mode: "digest" | "bare", usersFile: string, organizationFile: string) {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", CHILD, mode, usersFile, organizationFile, day(0), day(27)],
    { maxBuffer: 1024 * 1024, env: { ...process.env, NODE_OPTIONS: "" } },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as DigestRun & { activeUsers?: number; rows?: number };
}

/**
 * The digest over generated 100k- and 1M-row users reports of `users` users, against a bare JSON.parse loop over the
 * 1M-row file, in random order, each pass in a fresh process.
 */
export async function measureDigest(folder: string, users: number, rounds: number): Promise<DigestFigures> {
  const small = path.join(folder, "users-100k.ndjson");
  const large = path.join(folder, "users-1m.ndjson");
  const organization = path.join(folder, "organization-28-day.ndjson");
  const rows = { small: 100_000, large: 1_000_000 };
  await writeUsersReport(small, users, rows.small);
  await writeUsersReport(large, users, rows.large);
  await writeOrganizationReport(organization);
  const { size } = await import("node:fs").then((fs) => fs.statSync(large));

  const figures: DigestFigures = {
    users,
    rows,
    largeFileMb: size / 1024 / 1024,
    digestLarge: [],
    digestSmall: [],
    bareLarge: [],
  };
  const plan = Array.from({ length: rounds }, () => ["digest-large", "digest-small", "bare-large"] as const).flat();
  for (const kind of shuffled(plan)) {
    if (kind === "bare-large") {
      const result = await pass("bare", large, organization);
      if (result.rows !== rows.large) throw new Error(`The bare loop read ${result.rows} rows of ${rows.large}`);
      figures.bareLarge.push(result);
      continue;
    }
    const result = await pass("digest", kind === "digest-large" ? large : small, organization);
    if (result.activeUsers !== users) {
      throw new Error(`The digest counted ${result.activeUsers} weekly active users of ${users}`);
    }
    (kind === "digest-large" ? figures.digestLarge : figures.digestSmall).push(result);
  }
  return figures;
}
