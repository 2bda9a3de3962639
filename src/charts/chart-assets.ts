/**
 * The two files the chart's PNG renderer reads at run time: resvg compiled to WebAssembly (the same on x86 and ARM,
 * so nothing native is shipped), and a font, because Lambda has no system fonts and labels would otherwise be blank.
 * The digest function's bundle carries copies under `bundled` (the CDK stack copies them); elsewhere they are read
 * from node_modules. Kept free of imports so the CDK app can read it without loading the renderer.
 */
export const CHART_ASSETS = {
  wasm: { bundled: "resvg.wasm", module: "@resvg/resvg-wasm/index_bg.wasm" },
  font: { bundled: "DejaVuSans.ttf", module: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf" },
} as const;
