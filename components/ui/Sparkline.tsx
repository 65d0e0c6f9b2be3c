import type { Point } from "@/lib/model/series";

/** A tiny inline SVG line: cheap for a hundred rows, where a chart instance per row is not. */
export function Sparkline({
  points,
  width = 90,
  height = 22,
  label,
}: {
  points?: Point[];
  width?: number;
  height?: number;
  label: string;
}) {
  const vals = (points ?? []).filter((p): p is [Point[0], number] => p[1] !== null);
  if (vals.length < 2)
    return (
      <span className="muted" aria-label={`${label}: no data`}>
        –
      </span>
    );
  const t0 = vals[0]![0];
  const t1 = vals[vals.length - 1]![0];
  let max = 0;
  for (const [, v] of vals) max = Math.max(max, v);
  const sx = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * (width - 2) + 1;
  const sy = (v: number) => height - 2 - (max > 0 ? (v / max) * (height - 4) : 0);
  const d = vals.map(([t, v], i) => `${i ? "L" : "M"}${sx(t).toFixed(1)},${sy(v).toFixed(1)}`).join("");
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
      <path d={d} fill="none" stroke="var(--accent)" strokeWidth="1.3" />
    </svg>
  );
}
