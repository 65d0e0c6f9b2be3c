// Figures, budgets and the Markdown table.
export type Unit = "ms" | "s" | "MB" | "KB/span" | "kB" | "req/s" | "count" | "ratio";

export interface Budget {
  /** "max": the figure must be ≤ value; "min": ≥ value. */
  kind: "max" | "min";
  value: number;
  text: string;
}

export interface Figure {
  id: string;
  scenario: string;
  figure: string;
  size: string;
  unit: Unit;
  runs: number[];
  median: number;
  min: number;
  max: number;
  budget?: Budget;
  /** undefined when there is no budget. */
  withinBudget?: boolean;
  note?: string;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);

export function makeFigure(f: Omit<Figure, "median" | "min" | "max" | "withinBudget">): Figure {
  const runs = f.runs.filter((x) => Number.isFinite(x));
  const med = median(runs);
  const within =
    f.budget && runs.length ? (f.budget.kind === "max" ? med <= f.budget.value : med >= f.budget.value) : undefined;
  return {
    ...f,
    runs,
    median: med,
    min: runs.length ? Math.min(...runs) : Number.NaN,
    max: runs.length ? Math.max(...runs) : Number.NaN,
    withinBudget: within,
  };
}

export function fmt(v: number, unit: Unit): string {
  if (!Number.isFinite(v)) return "–";
  switch (unit) {
    case "ms":
      return v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
    case "s":
      return `${v.toFixed(2)} s`;
    case "MB":
      return `${v.toFixed(1)} MB`;
    case "KB/span":
      return `${v.toFixed(2)} KB/span`;
    case "kB":
      return `${v.toFixed(1)} kB`;
    case "req/s":
      return `${Math.round(v)} req/s`;
    case "count":
      return `${Math.round(v)}`;
    case "ratio":
      return `${v.toFixed(2)} ×`;
  }
}

function fmtRange(f: Figure): string {
  if (!f.runs.length) return "–";
  const a = fmt(f.min, f.unit);
  const b = fmt(f.max, f.unit);
  const unitSuffix = ` ${a.split(" ").slice(1).join(" ")}`;
  // "812–905 ms" rather than "812 ms–905 ms"
  return a.endsWith(unitSuffix) && b.endsWith(unitSuffix) ? `${a.slice(0, -unitSuffix.length)}–${b}` : `${a}–${b}`;
}

export function markdownTable(figs: readonly Figure[]): string {
  const head =
    "| # | Scenario | Figure | Size | Median | Min–max | Runs | Budget | |\n|---|---|---|---|---:|---:|---:|---|---|";
  const rows = figs.map((f) => {
    const mark = f.withinBudget === undefined ? "" : f.withinBudget ? "✅" : "❌";
    return `| ${f.id} | ${f.scenario} | ${f.figure} | ${f.size} | ${fmt(f.median, f.unit)} | ${fmtRange(f)} | ${f.runs.length} | ${f.budget?.text ?? "–"} | ${mark} |`;
  });
  return [head, ...rows].join("\n");
}

export const maxMs = (v: number): Budget => ({
  kind: "max",
  value: v,
  text: `≤ ${v >= 1000 ? `${v / 1000} s` : `${v} ms`}`,
});
