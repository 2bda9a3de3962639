import { defineConfig } from "vitest/config";

/**
 * `npm run test:browser`: the sandbox clicked through in Debian's Chromium (playwright-core). Kept apart from
 * `npm test`, which needs no browser.
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser.test.ts"],
    // One sandbox and one browser for the whole story; each step waits for what a person would see.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
