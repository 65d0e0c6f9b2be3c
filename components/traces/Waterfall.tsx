"use client";
// The virtualised span tree on one time axis: only the rows in view exist in the DOM, so a
// 100,000-span trace renders as fast as a 100-span one once the model is built. Rows have one
// fixed height, so the rows in view are arithmetic (row-window.ts): expanding 100,000 spans
// costs the rows drawn, not a measurement per span.
import {
  type KeyboardEvent,
  type MouseEvent,
  memo,
  type PointerEvent as ReactPointerEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { RowSource } from "./row-source";
import { type ListScale, listScale, realTop, rowWindow, scrollTopFor, virtualTop } from "./row-window";
import { axisTicks } from "./time-axis";
import { serviceAt, type WaterfallModel } from "./waterfall-model";
import { WaterfallRow } from "./WaterfallRow";

export const ROW_HEIGHT = 24;
/** Rows drawn beyond each edge of the viewport, so a scroll shows rows before React runs. */
export const OVERSCAN = 12;
/** Viewport height before it is measured (the server render and the first client render). */
export const INITIAL_VIEW_HEIGHT = 640;

// useLayoutEffect warns when rendered on the server; the measurement only matters in a browser.
const useIsoLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

export interface ScrollRequest {
  pos: number;
  seq: number;
  /** The row's view index, when the source cannot tell it (a window not loaded yet). */
  index?: number;
}

interface Props {
  /** The trace's header: time span and depth (rows come from `source`). */
  model: WaterfallModel;
  source: RowSource;
  selected: number;
  scrollRequest: ScrollRequest | null;
  onSelect(pos: number): void;
  onToggle(pos: number): void;
  /** The pointer rests on a row or presses it: a click may follow (prefetch its detail). */
  onIntent?(pos: number): void;
  colorOf(service: string): string;
  /** The positions drawn (in view and overscan) changed, by a scroll or by new rows. */
  onWindow?(positions: readonly number[], scrolled: boolean): void;
}

/** A pointer resting this long on a row is an intent to click, not a pass over it. */
const HOVER_INTENT_MS = 80;

/** Memoised: typing in the search box re-renders the page, not the rows. */
export const Waterfall = memo(function Waterfall({
  model,
  source,
  selected,
  scrollRequest,
  onSelect,
  onToggle,
  onIntent,
  colorOf,
  onWindow,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const sourceRef = useRef(source);
  sourceRef.current = source;
  // The viewport: scroll offset and height. `viewRef` is the latest the list saw (a scroll that
  // needs no new rows updates it without a render); `drawnRef` the one the rows were drawn for.
  // Every render draws for the latest: when the list shrinks the browser clamps scrollTop, and a
  // later render (more rows again) must draw where the list is, not where it was.
  const [, setView] = useState({ top: 0, height: INITIAL_VIEW_HEIGHT });
  const viewRef = useRef({ top: 0, height: INITIAL_VIEW_HEIGHT });
  const drawnRef = useRef(viewRef.current);
  drawnRef.current = viewRef.current;
  const view = viewRef.current;
  const count = source.count;
  // A list taller than MAX_LIST_PX is capped and scrolled proportionally (row-window.ts): rows
  // sit at their full-height offsets in a layer moved by `shift`, so the ones in view are on screen.
  const scale = listScale(count, ROW_HEIGHT);
  const { vTop, shift } = placeView(view, scale);
  const win = rowWindow(vTop, view.height, count, ROW_HEIGHT, OVERSCAN);
  const layerRef = useRef<HTMLDivElement>(null);

  const readView = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const next = { top: el.scrollTop, height: el.clientHeight };
    const cur = drawnRef.current;
    viewRef.current = next;
    const n = sourceRef.current.count;
    const sc = listScale(n, ROW_HEIGHT);
    const at = placeView(next, sc);
    // A scaled list moves its rows with every scroll, render or not.
    if (layerRef.current && sc.inner !== sc.total) layerRef.current.style.transform = `translateY(${-at.shift}px)`;
    if (next.height === cur.height) {
      // Scrolling while the drawn rows still cover the viewport and half the overscan: no render.
      const drawn = rowWindow(placeView(cur, sc).vTop, cur.height, n, ROW_HEIGHT, OVERSCAN);
      const need = rowWindow(at.vTop, next.height, n, ROW_HEIGHT, OVERSCAN >> 1);
      if (need.first >= drawn.first && need.last <= drawn.last) return;
    }
    setView(next);
  }, []);

  useIsoLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    readView();
    const ro = new ResizeObserver(readView);
    ro.observe(el);
    return () => ro.disconnect();
  }, [readView]);
  // Fewer rows: the browser may have clamped scrollTop; draw where the list now is.
  useIsoLayoutEffect(readView, [count, readView]);

  const scrollToIndex = useCallback((index: number, align: "center" | "auto") => {
    const el = scrollRef.current;
    if (!el) return;
    const { top, height } = viewRef.current;
    const n = sourceRef.current.count;
    const sc = listScale(n, ROW_HEIGHT);
    const cur = placeView({ top: el.scrollTop, height }, sc).vTop;
    const want = Math.round(realTop(scrollTopFor(index, align, cur, height, n, ROW_HEIGHT), height, sc));
    if (want === el.scrollTop && want === top) return;
    el.scrollTop = want;
    // Draw the new window now rather than one frame later on the scroll event.
    viewRef.current = { top: want, height };
    setView(viewRef.current);
  }, []);

  // Scrolling moves the window many times a second; new rows (load, collapse, expand, filter)
  // are one change the person will look at.
  const windowSource = useRef<RowSource | null>(null);
  // A key press moved to a row whose window was not here yet: it is selected when it arrives.
  const pendingIndex = useRef(-1);
  useEffect(() => {
    const same = windowSource.current === source;
    windowSource.current = source;
    if (pendingIndex.current >= source.count) pendingIndex.current = -1;
    const arrived = pendingIndex.current >= 0 ? source.row(pendingIndex.current) : undefined;
    if (arrived) {
      pendingIndex.current = -1;
      onSelect(arrived.pos);
    }
    source.need?.(win.first, win.last);
    const positions: number[] = [];
    for (let i = win.first; i < win.last; i++) {
      const r = source.row(i);
      if (r) positions.push(r.pos);
    }
    onWindow?.(positions, same);
  }, [onWindow, onSelect, source, win.first, win.last]);

  const ticks = useMemo(() => axisTicks(model.traceEnd - model.traceStart), [model]);

  // Scroll only when asked (URL spanId, search jumps), never when rows merely change.
  useEffect(() => {
    if (!scrollRequest) return;
    const i = scrollRequest.index ?? sourceRef.current.indexOf(scrollRequest.pos);
    if (i >= 0) scrollToIndex(i, "center");
  }, [scrollRequest, scrollToIndex]);

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (!(e.target instanceof Element)) return;
    const row = e.target.closest<HTMLElement>("[data-pos]");
    if (!row) return;
    const pos = Number(row.dataset.pos);
    if (e.target.closest("[data-toggle]")) onToggle(pos);
    else onSelect(pos);
  };

  const hoverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(hoverTimer.current), []);
  const rowPos = (e: { target: EventTarget }) => {
    const row = e.target instanceof Element ? e.target.closest<HTMLElement>("[data-pos]") : null;
    return row ? Number(row.dataset.pos) : -1;
  };
  const onPointerOver = (e: ReactPointerEvent<HTMLDivElement>) => {
    clearTimeout(hoverTimer.current);
    const pos = rowPos(e);
    if (pos >= 0 && onIntent && e.pointerType === "mouse")
      hoverTimer.current = setTimeout(() => onIntent(pos), HOVER_INTENT_MS);
  };
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    const pos = rowPos(e);
    if (pos >= 0 && onIntent && !(e.target instanceof Element && e.target.closest("[data-toggle]"))) onIntent(pos);
  };

  const moveTo = (pos: number | undefined) => {
    if (pos === undefined || pos < 0) return;
    onSelect(pos);
    const i = source.indexOf(pos);
    if (i >= 0) scrollToIndex(i, "auto");
  };
  const moveToIndex = (index: number) => {
    const r = source.row(index);
    pendingIndex.current = -1;
    if (r) moveTo(r.pos);
    else if (index >= 0 && index < count) {
      // Its window is asked for once in view; the row is selected when it arrives.
      pendingIndex.current = index;
      scrollToIndex(index, "auto");
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = selected >= 0 ? source.indexOf(selected) : -1;
    const cur = selected >= 0 ? source.rowOf(selected) : undefined;
    const kids = cur ? cur.m.childCount[cur.at]! : 0;
    switch (e.key) {
      case "ArrowDown":
        moveToIndex(Math.min(count - 1, i + 1));
        break;
      case "ArrowUp":
        moveToIndex(Math.max(0, i - 1));
        break;
      case "Home":
        moveToIndex(0);
        break;
      case "End":
        moveToIndex(count - 1);
        break;
      case "ArrowRight":
        if (cur?.collapsed) onToggle(selected);
        else if (kids > 0) moveTo(selected + 1);
        break;
      case "ArrowLeft":
        if (cur && kids > 0 && !cur.collapsed) onToggle(selected);
        else if (cur) moveTo(cur.m.parentPos[cur.at]);
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
        onScroll={readView}
        onPointerOver={onPointerOver}
        onPointerLeave={() => clearTimeout(hoverTimer.current)}
        onPointerDown={onPointerDown}
        data-testid="waterfall"
        data-rows={count}
      >
        <div className="wf-inner" style={{ height: scale.inner }}>
          <div className="wf-grid" aria-hidden="true">
            {ticks.map((t) => (
              <i key={t.at} style={{ left: `${t.frac * 100}%` }} />
            ))}
          </div>
          <div ref={layerRef} className="wf-rows" style={shift ? { transform: `translateY(${-shift}px)` } : undefined}>
            {drawRows(win.first, win.last, (index) => {
              const r = source.row(index);
              // A row whose window is on its way: a placeholder of the same height.
              if (!r)
                return (
                  <div
                    key={index}
                    className="wf-row wf-pending"
                    style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
                    data-testid="span-row-pending"
                  />
                );
              return (
                // Keyed by the row's place in the list, not by span: after an expand or a
                // collapse the same DOM rows show other spans instead of being rebuilt.
                <WaterfallRow
                  key={index}
                  model={r.m}
                  at={r.at}
                  pos={r.pos}
                  top={index * ROW_HEIGHT}
                  selected={r.pos === selected}
                  matched={r.matched}
                  collapsed={r.collapsed}
                  color={colorOf(serviceAt(r.m, r.at))}
                />
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
});

/**
 * Where a viewport is in the rows laid at full height (`vTop`), and how far the row layer moves
 * so those rows are on screen (`shift`: 0 unless the list is scaled).
 */
function placeView(v: { top: number; height: number }, s: ListScale): { vTop: number; shift: number } {
  const vTop = virtualTop(v.top, v.height, s);
  const real = Math.min(Math.max(0, v.top), Math.max(0, s.inner - v.height));
  return { vTop, shift: vTop - real };
}

function drawRows<T>(first: number, last: number, f: (index: number) => T): T[] {
  const out: T[] = [];
  for (let i = first; i < last; i++) out.push(f(i));
  return out;
}
