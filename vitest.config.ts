import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests need Chromium; they run with `npm run test:browser` (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, "test/browser/**"],
    // Integration tests start their own dynalite and HTTP fakes on random ports; they are independent per file.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The faults the suites inject make the bot log errors on purpose; keep the output to the tests' own reports.
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
  },
});
