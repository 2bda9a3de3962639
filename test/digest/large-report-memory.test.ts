import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestWeeks } from "../../src/digest/digest-week.js";
import { UserActivityTally } from "../../src/digest/user-activity-tally.js";
import { userDayFromReport } from "../../src/github/copilot-metrics-reports.js";
import { ReportDownloader } from "../../src/github/report-download.js";
import { ReportStorageFake } from "../fakes/report-storage-fake.js";

const ROWS = 200_000;
const USERS = 20_000;
const WEEK_DAYS = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06", "2026-06-07"];

/**
 * A users report of ROWS rows (USERS users, each on 10 days of the 14), generated line by line as it is served,
 * each row shaped like GitHub's, about 800 bytes: some 160 MB of NDJSON in all.
 */
function* usersReport(): Generator<string> {
  for (let i = 0; i < ROWS; i++) {
    const user = i % USERS;
    const day = i < ROWS / 2 ? WEEK_DAYS[Math.floor(i / USERS) % 7] : `2026-05-${25 + (Math.floor(i / USERS) % 7)}`;
    yield `{"day":"${day}","user_id":${1_000_000 + user},"user_login":"developer-${user}","organization_id":"1001","user_initiated_interaction_count":4,"code_generation_activity_count":10,"code_acceptance_activity_count":4,"loc_suggested_to_add_sum":20,"loc_suggested_to_delete_sum":2,"loc_added_sum":8,"loc_deleted_sum":1,"totals_by_ide":[{"ide":"vscode","user_initiated_interaction_count":4,"code_generation_activity_count":10,"code_acceptance_activity_count":4,"loc_suggested_to_add_sum":20,"loc_suggested_to_delete_sum":2,"loc_added_sum":8,"loc_deleted_sum":1,"last_known_ide_version":{"ide_version":"1.101.0"}}],"totals_by_feature":[{"feature":"code_completion","user_initiated_interaction_count":4,"code_generation_activity_count":10,"code_acceptance_activity_count":4,"loc_suggested_to_add_sum":20,"loc_suggested_to_delete_sum":2,"loc_added_sum":8,"loc_deleted_sum":1}],"totals_by_language_feature":[{"language":"typescript","feature":"code_completion","user_initiated_interaction_count":4,"code_generation_activity_count":10,"code_acceptance_activity_count":4,"loc_suggested_to_add_sum":20,"loc_suggested_to_delete_sum":2,"loc_added_sum":8,"loc_deleted_sum":1}],"used_chat":${user % 2 === 0},"used_agent":${user % 4 === 0},"used_cli":${user % 10 === 0}}\n`;
  }
}

let storage: ReportStorageFake;

beforeAll(async () => {
  storage = await new ReportStorageFake().start();
  storage.put("users-28-day-large.ndjson", usersReport);
});

afterAll(async () => {
  await storage.stop();
});

describe("a users report of 200,000 rows", () => {
  it("is tallied as it streams, with memory that stays flat", async () => {
    const downloader = new ReportDownloader({ testOrigin: storage.url });
    const tally = new UserActivityTally(digestWeeks("2026-06-07"));
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let rows = 0;

    for await (const record of downloader.records(storage.link("users-28-day-large.ndjson"))) {
      const row = userDayFromReport(record);
      if (row) tally.add(row, ["all"]);
      rows += 1;
      if (rows % 2_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }

    expect(rows).toBe(ROWS);
    // Every user was active in each week; half used chat, a quarter agent mode, a tenth the CLI.
    expect(tally.adoption("all").week).toEqual({
      activeUsers: 20_000,
      chatUsers: 10_000,
      agentUsers: 5_000,
      cliUsers: 2_000,
    });
    // The file is about 160 MB: holding it as one string, let alone parsing it whole, would add well over 160 MB.
    // Streaming keeps the growth to the tally's user IDs and the garbage between two collections.
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  });
});
