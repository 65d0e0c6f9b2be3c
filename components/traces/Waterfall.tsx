"use client";
// The virtualised span tree on one time axis: only the rows in view exist in the DOM, so a
// 100,000-span trace renders as fast as a 100-span one once the model is built.
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, type MouseEvent, memo, useEffect, useMemo, useRef } from "react";
import { axisTicks } from "./time-axis";
import { rowIndexOf, serviceAt, type WaterfallModel } from "./waterfall-model";
import { WaterfallRow } from "./WaterfallRow";

export const ROW_HEIGHT = 24;

export interface ScrollRequest {
  pos: number;
  seq: number;
}

interface Props {
  model: WaterfallModel;
  rows: Int32Array;
  collapsed: Uint8Array;
  matchFlags: Uint8Array;
  selected: number;
  scrollRequest: ScrollRequest | null;
  onSelect(pos: number): void;
  onToggle(pos: number): void;
  colorOf(service: string): string;
}

/** Memoised: typing in the search box re-renders the page, not the rows. */
export const Waterfall = memo(function Waterfall({
  model,
  rows,
  collapsed,
  matchFlags,
  selected,
  scrollRequest,
  onSelect,
  onToggle,
  colorOf,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    // A plausible first size lets the first paint show rows before the element is measured.
    initialRect: { width: 1200, height: 640 },
  });
  const ticks = useMemo(() => axisTicks(model.traceEnd - model.traceStart), [model]);

  // Scroll only when asked (URL spanId, search jumps), never when rows merely change.
  useEffect(() => {
    if (!scrollRequest) return;
    const i = rowIndexOf(rowsRef.current, scrollRequest.pos);
    if (i >= 0) virt.scrollToIndex(i, { align: "center" });
  }, [scrollRequest, virt]);

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (!(e.target instanceof Element)) return;
    const row = e.target.closest<HTMLElement>("[data-pos]");
    if (!row) return;
    const pos = Number(row.dataset.pos);
    if (e.target.closest("[data-toggle]")) onToggle(pos);
    else onSelect(pos);
  };

  const moveTo = (pos: number | undefined) => {
    if (pos === undefined || pos < 0) return;
    onSelect(pos);
    const i = rowIndexOf(rows, pos);
    if (i >= 0) virt.scrollToIndex(i, { align: "auto" });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = selected >= 0 ? rowIndexOf(rows, selected) : -1;
    switch (e.key) {
      case "ArrowDown":
        moveTo(rows[Math.min(rows.length - 1, i + 1)]);
        break;
      case "ArrowUp":
        moveTo(rows[Math.max(0, i - 1)]);
        break;
      case "Home":
        moveTo(rows[0]);
        break;
      case "End":
        moveTo(rows[rows.length - 1]);
        break;
      case "ArrowRight":
        if (selected >= 0 && collapsed[selected]) onToggle(selected);
        else if (selected >= 0 && model.childCount[selected]! > 0) moveTo(selected + 1);
        break;
      case "ArrowLeft":
        if (selected >= 0 && model.childCount[selected]! > 0 && !collapsed[selected]) onToggle(selected);
        else if (selected >= 0) moveTo(model.parentPos[selected]);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="wf">
      <div className="wf-axis" aria-hidden="true">
        <div className="wf-axis-name">Service · operation</div>
        <div className="wf-axis-time">
          {ticks.map((t) => (
            <span key={t.at} style={{ left: `${t.frac * 100}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        className="wf-scroll"
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        onClick={onClick}
        onKeyDown={onKeyDown}
        data-testid="waterfall"
        data-rows={rows.length}
      >
        <div className="wf-inner" style={{ height: virt.getTotalSize() }}>
          <div className="wf-grid" aria-hidden="true">
            {ticks.map((t) => (
              <i key={t.at} style={{ left: `${t.frac * 100}%` }} />
            ))}
          </div>
          {virt.getVirtualItems().map((item) => {
            const pos = rows[item.index]!;
            return (
              <WaterfallRow
                key={pos}
                model={model}
                pos={pos}
                top={item.start}
                selected={pos === selected}
                matched={matchFlags[pos] === 1}
                collapsed={collapsed[pos] === 1}
                color={colorOf(serviceAt(model, pos))}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});
