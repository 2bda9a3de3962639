export type Target =
  | { kind: "ratio-at-most"; limit: number }
  | { kind: "ratio-at-least"; limit: number }
  | { kind: "at-most"; limit: number }
  | { kind: "info"; note?: string };

export interface Row {
  figure: string;
  value: number;
  baselineName?: string;
  baseline?: number;
  target: Target;
  /** `share` is a fraction, shown as a percentage. */
  unit: "ms" | "KB" | "MB" | "count" | "rows/s" | "share";
}

export interface Result {
  figure: string;
  value: number;
  baselineName?: string;
  baseline?: number;
  ratio?: number;
  target: string;
  /** Undefined for figures shown for information only. */
  pass?: boolean;
}

function format(value: number, unit: Row["unit"]): string {
  if (!Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "KB":
      return `${(value / 1024).toFixed(0)} KB`;
    case "MB":
      return `${value.toFixed(0)} MB`;
    case "rows/s":
      return `${Math.round(value).toLocaleString("en")} rows/s`;
    case "count":
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
    case "share":
      return `${(value * 100).toFixed(1)}%`;
    default:
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
  }
}

function judge(row: Row, ratio: number | undefined): { target: string; pass?: boolean } {
  const { target } = row;
  switch (target.kind) {
    case "ratio-at-most":
      return { target: `≤ ${target.limit}×`, pass: ratio !== undefined && ratio <= target.limit };
    case "ratio-at-least":
      return { target: `≥ ${target.limit}×`, pass: ratio !== undefined && ratio >= target.limit };
    case "at-most":
      return { target: `≤ ${format(target.limit, row.unit)}`, pass: row.value <= target.limit };
    case "info":
      return { target: target.note ?? "—" };
  }
}

/** The results as a Markdown table (the README's format) and as data. */
export function renderTable(rows: Row[]): { text: string; results: Result[] } {
  const results: Result[] = [];
  const lines = ["| figure | measured | baseline | ratio | target | result |", "|---|---|---|---|---|---|"];
  for (const row of rows) {
    const ratio = row.baseline !== undefined && row.baseline > 0 ? row.value / row.baseline : undefined;
    const { target, pass } = judge(row, ratio);
    results.push({
      figure: row.figure,
      value: row.value,
      ...(row.baselineName ? { baselineName: row.baselineName } : {}),
      ...(row.baseline !== undefined ? { baseline: row.baseline } : {}),
      ...(ratio !== undefined ? { ratio } : {}),
      target,
      ...(pass !== undefined ? { pass } : {}),
    });
    const baseline = row.baseline !== undefined ? `${format(row.baseline, row.unit)} (${row.baselineName})` : "—";
    const verdict = pass === undefined ? "info" : pass ? "pass" : "**FAIL**";
    lines.push(
      `| ${row.figure} | ${format(row.value, row.unit)} | ${baseline} | ${ratio !== undefined ? `${ratio.toFixed(2)}×` : "—"} | ${target} | ${verdict} |`,
    );
  }
  return { text: lines.join("\n"), results };
}
