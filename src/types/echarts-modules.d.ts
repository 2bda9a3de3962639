/**
 * ECharts' own typings re-export from extensionless paths, which TypeScript's NodeNext resolution cannot follow
 * (its `.d.ts` files say `./shared`, not `./shared.js`), so the modular entry points would type as empty. These declarations cover the part of the
 * API the chart renderer uses: server-side rendering to an SVG string.
 */
declare module "echarts/core" {
  export interface SsrChart {
    setOption(option: Record<string, unknown>): void;
    renderToSVGString(): string;
    dispose(): void;
  }
  export function init(
    dom: null,
    theme: null,
    options: { renderer: "svg"; ssr: true; width: number; height: number },
  ): SsrChart;
  export function use(extensions: unknown[]): void;
}

declare module "echarts/charts" {
  export const BarChart: unknown;
  export const LineChart: unknown;
}

declare module "echarts/components" {
  export const GridComponent: unknown;
  export const LegendComponent: unknown;
  export const TitleComponent: unknown;
}

declare module "echarts/renderers" {
  export const SVGRenderer: unknown;
}
