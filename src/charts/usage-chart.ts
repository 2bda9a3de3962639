import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { ChartRenderer } from "../digest/digest.js";
import type { UsageChart } from "../digest/usage-figures.js";
import type { TrendChart } from "../digest/usage-history.js";
import { CHART_ASSETS } from "./chart-assets.js";

// Only the pieces the chart needs, so the digest function's bundle stays small.
use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

function assetPath(asset: { bundled: string; module: string }): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), asset.bundled);
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve(asset.module);
}

let ready: Promise<Uint8Array> | undefined;

/** Loads the WebAssembly module once per process and returns the font to draw with. */
function prepareRenderer(): Promise<Uint8Array> {
  ready ??= initWasm(readFileSync(assetPath(CHART_ASSETS.wasm))).then(() => readFileSync(assetPath(CHART_ASSETS.font)));
  return ready;
}

const WIDTH = 1000;
const HEIGHT = 480;
const FONT = "DejaVu Sans";

interface BarsAndLine {
  title: string;
  labels: string[];
  labelInterval: number;
  bars: { name: string; data: (number | null)[] };
  line: { name: string; data: (number | null)[] };
}

/** Users as bars and a percentage as a line on the right axis, drawn by Apache ECharts as SVG on the server. */
function renderBarsAndLineSvg(spec: BarsAndLine): string {
  const instance = init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height: HEIGHT });
  try {
    instance.setOption({
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: FONT },
      title: {
        text: spec.title,
        left: "center",
        top: 8,
        textStyle: { fontSize: 15, fontWeight: "normal", fontFamily: FONT },
      },
      legend: {
        bottom: 6,
        itemGap: 28,
        data: [spec.bars.name, spec.line.name],
        textStyle: { fontFamily: FONT },
      },
      grid: { left: 60, right: 60, top: 50, bottom: 70 },
      xAxis: {
        type: "category",
        data: spec.labels,
        axisLabel: { interval: spec.labelInterval, fontFamily: FONT },
      },
      yAxis: [
        { type: "value", name: "users", minInterval: 1, axisLabel: { fontFamily: FONT } },
        { type: "value", name: "%", min: 0, max: 100, splitLine: { show: false }, axisLabel: { fontFamily: FONT } },
      ],
      series: [
        { name: spec.bars.name, type: "bar", data: spec.bars.data, itemStyle: { color: "#5470c6" } },
        {
          name: spec.line.name,
          type: "line",
          yAxisIndex: 1,
          data: spec.line.data,
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

/**
 * Daily active users (bars) and code completion acceptance rate (line, right axis) over the chart's days, drawn by
 * Apache ECharts as SVG on the server and turned into a PNG by resvg: no browser, no canvas, no native graphics.
 */
export function renderUsageChartSvg(chart: UsageChart, title: string): string {
  return renderBarsAndLineSvg({
    title,
    labels: chart.days.map((day) => day.slice(5)),
    labelInterval: 6,
    bars: { name: "Daily active users", data: chart.dailyActiveUsers },
    line: { name: "Code completion acceptance rate (%)", data: chart.acceptanceRate },
  });
}

/** Weekly active users (bars) and code completion acceptance rate (line) per stored week, labelled by week end. */
export function renderTrendChartSvg(chart: TrendChart, title: string): string {
  return renderBarsAndLineSvg({
    title,
    labels: chart.weekEndings.map((day) => day.slice(5)),
    labelInterval: 0,
    bars: { name: "Weekly active users", data: chart.weeklyActiveUsers },
    line: { name: "Code completion acceptance rate (%)", data: chart.acceptanceRate },
  });
}

export class EChartsUsageChart implements ChartRenderer {
  async renderUsageChart(chart: UsageChart, title: string): Promise<Uint8Array> {
    return this.png(renderUsageChartSvg(chart, title));
  }

  async renderTrendChart(chart: TrendChart, title: string): Promise<Uint8Array> {
    return this.png(renderTrendChartSvg(chart, title));
  }

  private async png(svg: string): Promise<Uint8Array> {
    const font = await prepareRenderer();
    const renderer = new Resvg(svg, {
      fitTo: { mode: "width", value: WIDTH },
      font: { fontBuffers: [font], defaultFontFamily: FONT, sansSerifFamily: FONT },
    });
    try {
      return renderer.render().asPng();
    } finally {
      renderer.free();
    }
  }
}
