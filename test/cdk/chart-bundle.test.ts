import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { CHART_ASSETS } from "../../src/charts/chart-assets.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const folder = mkdtempSync(join(tmpdir(), "chart-bundle-"));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("the digest's chart in a Lambda bundle", () => {
  it("renders a PNG from a single esbuild bundle with only the WebAssembly module and font beside it", async () => {
    // Prepare: the layout the CDK stack deploys, in a folder with no node_modules to fall back on
    await build({
      entryPoints: ["src/charts/usage-chart.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: join(folder, "index.mjs"),
      logLevel: "silent",
    });
    const resolve = createRequire(import.meta.url).resolve;
    for (const asset of Object.values(CHART_ASSETS)) copyFileSync(resolve(asset.module), join(folder, asset.bundled));
    const { EChartsUsageChart } = (await import(
      pathToFileURL(join(folder, "index.mjs")).href
    )) as typeof import("../../src/charts/usage-chart.js");

    // Act
    const png = await new EChartsUsageChart().renderUsageChart(
      {
        range: { first: "2026-10-01", last: "2026-10-03" },
        days: ["2026-10-01", "2026-10-02", "2026-10-03"],
        dailyActiveUsers: [3, 5, null],
        acceptanceRate: [30.5, 41, null],
      },
      "Copilot in acme",
    );

    // Assess
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(5_000);
  });
});
