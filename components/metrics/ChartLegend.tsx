"use client";
// The chart's legend: one line of toggles over the top right of the plot. When the entries do
// not fit (a workload's chart has a line per pod), the ones that fit stay in the line and a
// "+N" button opens the whole list: a filter, every entry with its toggle and "only", and
// "show all". Before, the line scrolled sideways with its scrollbar hidden, so entries past the
// edge could not be reached with a mouse.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { LegendEntry } from "./chart-view";

export interface ChartLegendProps {
  entries: readonly LegendEntry[];
  hidden: ReadonlySet<string>;
  onToggle(name: string): void;
  /** Shows only `name` (null: every entry). */
  onOnly(name: string | null): void;
  ariaLabel: string;
  /** The list's height is kept inside the chart. */
  maxHeight: number;
  /** The pointer came over the legend: the chart's hover (tooltip, crosshair) ends. */
  onEnter?: () => void;
}

/** How many of the line's entries fit before `width` (their right edges, in order). */
export function fittingCount(rightEdges: readonly number[], width: number): number {
  let n = 0;
  while (n < rightEdges.length && rightEdges[n]! <= width) n++;
  return n;
}

/** The entries whose name contains every word of the filter (case-insensitive). */
export function filterEntries(entries: readonly LegendEntry[], filter: string): LegendEntry[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...entries];
  return entries.filter((e) => {
    const name = e.name.toLowerCase();
    return words.every((w) => name.includes(w));
  });
}

function Swatch({ entry, off }: { entry: LegendEntry; off: boolean }) {
  return (
    <span
      className={entry.kind === "point" ? "chart-swatch point" : "chart-swatch"}
      style={{ background: off ? "transparent" : entry.color, borderColor: entry.color }}
    />
  );
}

export function ChartLegend({ entries, hidden, onToggle, onOnly, ariaLabel, maxHeight, onEnter }: ChartLegendProps) {
  const line = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  // Entries shown in the line (all until measured: the server's HTML has them all).
  const [fit, setFit] = useState(entries.length);
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");

  // Hidden entries keep their place (visibility), so the measure does not depend on `fit`. The
  // line shrinks when the "+N" button appears; the observer measures again then.
  const measure = useCallback(() => {
    const el = line.current;
    if (!el) return;
    const edges = (Array.from(el.children) as HTMLElement[]).map((b) => b.offsetLeft + b.offsetWidth);
    setFit(fittingCount(edges, el.clientWidth));
  }, []);
  useLayoutEffect(() => {
    if (entries.length) measure();
  }, [entries, measure]);
  useEffect(() => {
    const el = line.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure]);

  // The list closes on Escape and on a press outside it.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    const onDown = (e: PointerEvent) => {
      if (!list.current?.parentElement?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onDown);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onDown);
    };
  }, [open]);

  const more = entries.length - fit;
  const shown = open ? filterEntries(entries, filter) : [];
  const onlyOne = entries.length - hidden.size === 1;

  return (
    // Presses and moves over the legend are not the chart's (no drag-to-select, no tooltip).
    <div
      className="chart-legend-box"
      onPointerDown={(e) => e.stopPropagation()}
      onPointerMove={(e) => e.stopPropagation()}
      onPointerEnter={onEnter}
    >
      <div ref={line} className="chart-legend" role="group" aria-label={`${ariaLabel}: series`}>
        {entries.map((en, i) => (
          <button
            type="button"
            key={en.name}
            aria-pressed={!hidden.has(en.name)}
            style={i >= fit ? { visibility: "hidden" } : undefined}
            tabIndex={i >= fit ? -1 : undefined}
            onClick={() => onToggle(en.name)}
          >
            <Swatch entry={en} off={hidden.has(en.name)} />
            {en.name}
          </button>
        ))}
      </div>
      {more > 0 ? (
        <button
          type="button"
          className="chart-legend-more"
          aria-expanded={open}
          aria-label={`${ariaLabel}: all ${entries.length} series`}
          title={`All ${entries.length} series`}
          onClick={() => setOpen((o) => !o)}
        >
          +{more}
        </button>
      ) : null}
      {open ? (
        <div
          ref={list}
          className="chart-legend-all"
          role="dialog"
          aria-label={`${ariaLabel}: all series`}
          style={{ maxHeight }}
        >
          <div className="chart-legend-tools">
            <input
              type="search"
              placeholder={`Filter ${entries.length} series`}
              aria-label="Filter series"
              value={filter}
              // biome-ignore lint/a11y/noAutofocus: the list opened from its button; typing filters at once
              autoFocus
              onChange={(e) => setFilter(e.target.value)}
            />
            <button type="button" disabled={hidden.size === 0} onClick={() => onOnly(null)}>
              Show all
            </button>
          </div>
          <ul>
            {shown.map((en) => (
              <li key={en.name}>
                <button type="button" aria-pressed={!hidden.has(en.name)} onClick={() => onToggle(en.name)}>
                  <Swatch entry={en} off={hidden.has(en.name)} />
                  <span className="chart-legend-name">{en.name}</span>
                </button>
                <button
                  type="button"
                  className="chart-legend-only"
                  aria-label={`Only ${en.name}`}
                  disabled={onlyOne && !hidden.has(en.name)}
                  onClick={() => onOnly(en.name)}
                >
                  only
                </button>
              </li>
            ))}
            {shown.length === 0 ? <li className="muted">No series matches “{filter}”.</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
