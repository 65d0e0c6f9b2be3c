import type { Point } from "@/lib/model/series";

interface Props {
  points?: Point[];
  width?: number;
  height?: number;
  label: string;
  /** Shows the latest value beside the line. */
  format?: (v: number) => string;
}

/** A tiny inline SVG line: cheap for a hundred rows, where a chart instance per row is not. */
export function Sparkline({ points, width = 90, height = 22, label, format }: Props) {
  const vals = (points ?? []).filter((p): p is [Point[0], number] => p[1] !== null);
  const first = vals[0];
  const last = vals[vals.length - 1];
  if (!first || !last || vals.length < 2) {
    return (
      <span className="muted" role="img" aria-label={`${label}: no data`}>
        –
      </span>
    );
  }
  let max = 0;
  for (const [, v] of vals) max = Math.max(max, v);
  const span = Math.max(1, last[0] - first[0]);
  const sx = (t: number) => ((t - first[0]) / span) * (width - 2) + 1;
  const sy = (v: number) => height - 2 - (max > 0 ? (v / max) * (height - 4) : 0);
  const d = vals.map(([t, v], i) => `${i ? "L" : "M"}${sx(t).toFixed(1)},${sy(v).toFixed(1)}`).join("");
  return (
    <span className="row" style={{ gap: 6, flexWrap: "nowrap" }}>
      <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
        <path d={d} fill="none" stroke="var(--accent)" strokeWidth="1.3" />
      </svg>
      {format ? <span className="mono muted">{format(last[1])}</span> : null}
    </span>
  );
}
