import { createRequire } from "node:module";
import type * as ResvgModule from "@resvg/resvg-js";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { ChartRenderer } from "../digest/digest.js";
import type { UsageChart } from "../digest/usage-figures.js";

// Only the pieces the chart needs, so the digest function's bundle stays small.
use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/**
 * resvg is a native module: esbuild cannot bundle its `.node` binary, so it is loaded at run time, by a name esbuild
 * does not follow. The digest function's deployment must therefore ship `@resvg/resvg-js` (with the binary for its
 * architecture) in `node_modules` next to the bundle.
 */
const RESVG = "@resvg/resvg-js";
let resvg: typeof ResvgModule | undefined;
function loadResvg(): typeof ResvgModule {
  resvg ??= createRequire(import.meta.url)(RESVG) as typeof ResvgModule;
  return resvg;
}

const WIDTH = 1000;
const HEIGHT = 480;
const FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

export interface UsageChartOptions {
  /** Font files to draw the labels with, for hosts without system fonts (AWS Lambda has none). */
  fontFiles?: string[];
}

/**
 * Daily active users (bars) and acceptance rate (line, right axis) over the chart's days, drawn by Apache ECharts
 * as SVG on the server and turned into a PNG by resvg: no browser, no canvas, no native graphics stack.
 */
export function renderUsageChartSvg(chart: UsageChart, title: string): string {
  const instance = init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height: HEIGHT });
  try {
    instance.setOption({
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: FONT },
      title: {
        text: title,
        left: "center",
        top: 8,
        textStyle: { fontSize: 15, fontWeight: "normal", fontFamily: FONT },
      },
      legend: {
        bottom: 6,
        itemGap: 28,
        data: ["Daily active users", "Acceptance rate (%)"],
        textStyle: { fontFamily: FONT },
      },
      grid: { left: 60, right: 60, top: 50, bottom: 70 },
      xAxis: {
        type: "category",
        data: chart.days.map((day) => day.slice(5)),
        axisLabel: { interval: 6, fontFamily: FONT },
      },
      yAxis: [
        { type: "value", name: "users", minInterval: 1, axisLabel: { fontFamily: FONT } },
        { type: "value", name: "%", min: 0, max: 100, splitLine: { show: false }, axisLabel: { fontFamily: FONT } },
      ],
      series: [
        { name: "Daily active users", type: "bar", data: chart.dailyActiveUsers, itemStyle: { color: "#5470c6" } },
        {
          name: "Acceptance rate (%)",
          type: "line",
          yAxisIndex: 1,
          data: chart.acceptanceRate,
          connectNulls: false,
          itemStyle: { color: "#ee6666" },
        },
      ],
    });
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

export class EChartsUsageChart implements ChartRenderer {
  constructor(private readonly options: UsageChartOptions = {}) {}

  renderUsageChart(chart: UsageChart, title: string): Uint8Array {
    const svg = renderUsageChartSvg(chart, title);
    const png = new (loadResvg().Resvg)(svg, {
      fitTo: { mode: "width", value: WIDTH },
      font: {
        loadSystemFonts: true,
        defaultFontFamily: "DejaVu Sans",
        ...(this.options.fontFiles ? { fontFiles: this.options.fontFiles } : {}),
      },
    })
      .render()
      .asPng();
    return new Uint8Array(png);
  }
}
