"use client";
// The rows of a huge trace, a window at a time (lib/trace-wire/window.ts): the browser keeps
// the view (a few numbers) and at most MAX_WINDOWS windows of it; the server, which holds the
// decoded trace, answers which rows a view has. A change of view (collapse, expand, search,
// "only matches") keeps showing the old rows until the new view's rows in sight arrive, so the
// list never blanks; the scroll position stays, as it does for a whole trace.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TimeRange } from "@/lib/model/time";
import { ApiError } from "@/lib/queries/fetch-json";
import { fetchSearchStep, fetchTraceModel, traceSearchQuery, traceWindowPath } from "@/lib/queries/trace-keys";
import {
  DEFAULT_VIEW,
  MAX_REVEAL,
  MAX_TOGGLED,
  type ViewSpec,
  type WindowInfo,
  type WindowRequest,
  WINDOW_SEARCH_LIMIT,
  windowParams,
  viewKey,
} from "@/lib/trace-wire/window";
import { type RowSource, type WindowRows, windowOf, windowSource } from "./row-source";
import type { TraceRows } from "./trace-rows";
import type { ScrollRequest } from "./Waterfall";

/** How long a query must stay unchanged before a windowed trace searches it. */
export const SEARCH_SETTLE_MS = 250;

/** `value`, once it has not changed for `ms` (at once when it becomes empty). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (value === settled) return;
    if (!value) {
      setSettled(value);
      return;
    }
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, settled, ms]);
  return settled;
}

/** What a toggle past MAX_TOGGLED says (the view travels with every request: it stays small). */
export const TOO_MANY_TOGGLES = `Collapsed or expanded ${MAX_TOGGLED} spans one by one, as many as a view of a trace this big keeps: use Collapse all or Expand all to start again.`;

/** Rows per window request: windows are aligned to multiples of it. */
export const PAGE_ROWS = 200;
/** Windows kept per view (the ones nearest the rows in sight). */
export const MAX_WINDOWS = 25;

const NO_MATCHES = new Int32Array(0);
const EMPTY: RowSource = windowSource(0, []);

type Shape = Pick<ViewSpec, "base" | "toggled" | "reveal">;

interface Shown {
  key: string;
  total: number;
  matches: number;
  windows: WindowRows[];
}

export interface FirstWindow {
  w: WindowRows;
  info: WindowInfo;
}

/** Keep the windows nearest `at` (a view index), at most MAX_WINDOWS. */
export function nearestWindows(windows: WindowRows[], at: number, max = MAX_WINDOWS): WindowRows[] {
  if (windows.length <= max) return windows;
  return [...windows].sort((a, b) => Math.abs(a.first - at) - Math.abs(b.first - at)).slice(0, max);
}

/** The view after toggling the row `pos` whose current state is `collapsed` (`size`: its subtree). */
export function toggledShape(s: Shape, pos: number, collapsed: boolean, size: number): Shape | undefined {
  const collapse = !collapsed;
  const byDefault = s.base === "all";
  const rest = s.toggled.filter((p) => p !== pos);
  const toggled = collapse === byDefault ? rest : [...rest, pos].sort((a, b) => a - b);
  if (toggled.length > MAX_TOGGLED) return undefined;
  // A revealed span below keeps its ancestors open: collapsing one of them forgets the reveal.
  const reveal = collapse ? s.reveal.filter((p) => p <= pos || p >= pos + size) : s.reveal;
  return { base: s.base, toggled, reveal };
}

/** The view with `pos` revealed (at most MAX_REVEAL; the oldest reveal goes first). */
export function revealedShape(s: Shape, pos: number): Shape {
  if (s.reveal.includes(pos)) return s;
  const reveal = [...s.reveal, pos].slice(-MAX_REVEAL).sort((a, b) => a - b);
  return { ...s, reveal };
}

export function useWindowRows(
  traceId: string,
  range: TimeRange | undefined,
  /** The first window of the default view (the columns route's answer); undefined: not windowed. */
  first: FirstWindow | undefined,
  version: string,
  query: string,
  onlyMatches: boolean,
  /**
   * The server answered 409: it fetched the trace again (a page load after SIGHTLINE_TRACE_FRESH_MS, or the
   * store's cap), so this view's positions no longer line up. The page loads the new version.
   */
  onStale?: () => void,
): TraceRows {
  const active = first !== undefined;
  const [shape, setShape] = useState<Shape>({ base: "none", toggled: [], reveal: [] });
  // Each new query costs the server a pass over every span (~1 s at 1M spans): a query is sent
  // once typing pauses, not per keystroke.
  const q = useSettled(active && query.trim() ? query : "", SEARCH_SETTLE_MS);
  const view = useMemo<ViewSpec>(() => ({ ...shape, q, only: onlyMatches && q !== "" }), [shape, q, onlyMatches]);
  const key = viewKey(view);

  const [shown, setShown] = useState<Shown | null>(null);
  const [firstSeen, setFirstSeen] = useState<FirstWindow | undefined>(undefined);
  if (first && first !== firstSeen) {
    // The columns route's answer: the default view's first rows (a refetch remounts the explorer).
    setFirstSeen(first);
    setShown({ key: viewKey(DEFAULT_VIEW), total: first.info.total, matches: 0, windows: [first.w] });
  }
  const [error, setErrorState] = useState<Error | null>(null);
  const staleRef = useRef(onStale);
  staleRef.current = onStale;
  const setError = useCallback((err: unknown) => {
    if (err instanceof ApiError && err.status === 409 && staleRef.current) staleRef.current();
    else setErrorState(err instanceof Error ? err : new Error(String(err)));
  }, []);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const viewRef = useRef(view);
  viewRef.current = view;
  const shapeRef = useRef(shape);
  shapeRef.current = shape;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const lastNeed = useRef({ first: 0, last: PAGE_ROWS });
  const inflight = useRef(new Map<string, AbortController>());
  const pendingScroll = useRef<{ key: string; pos: number; index: number } | null>(null);
  useEffect(() => {
    const flying = inflight.current;
    return () => {
      for (const ac of flying.values()) ac.abort();
      flying.clear();
    };
  }, []);

  const ask = useCallback(
    async (req: Omit<WindowRequest, "version">, signal?: AbortSignal) => {
      const m = await fetchTraceModel(traceWindowPath(traceId, windowParams({ ...req, version }), range), signal);
      const got = windowOf(m);
      if (!got) throw new ApiError(0, { kind: "parse", message: "The server's answer is not a window of the trace" });
      return got;
    },
    [traceId, version, range],
  );

  const load = useCallback(
    (v: ViewSpec, page: number) => {
      const k = viewKey(v);
      const id = `${k}#${page}`;
      if (inflight.current.has(id)) return;
      const ac = new AbortController();
      inflight.current.set(id, ac);
      ask({ view: v, first: page * PAGE_ROWS, count: PAGE_ROWS }, ac.signal)
        .then(({ w, info }) => {
          setShown((s) => {
            if (s && s.key === k) {
              const windows = nearestWindows(
                [...s.windows.filter((x) => x.first !== w.first), w],
                lastNeed.current.first,
              );
              return { key: k, total: info.total, matches: info.matches, windows };
            }
            // Rows of a view no longer wanted (the person changed it again meanwhile).
            if (k !== viewKey(viewRef.current)) return s;
            return { key: k, total: info.total, matches: info.matches, windows: [w] };
          });
        })
        .catch((err: unknown) => {
          if (!ac.signal.aborted) setError(err);
        })
        .finally(() => {
          if (inflight.current.get(id) === ac) inflight.current.delete(id);
        });
    },
    [ask, setError],
  );

  /** Ask for the windows covering view rows [from, to) of the wanted view that are not here. */
  const fill = useCallback(
    (from: number, to: number) => {
      const v = viewRef.current;
      const k = viewKey(v);
      const s = shownRef.current;
      const have = s && s.key === k ? s.windows : [];
      const last = s && s.key === k ? Math.min(to, s.total) : to;
      for (let page = Math.floor(from / PAGE_ROWS); page * PAGE_ROWS < Math.max(last, from + 1); page++) {
        if (!have.some((w) => w.first === page * PAGE_ROWS)) load(v, page);
      }
    },
    [load],
  );

  const need = useCallback(
    (from: number, to: number) => {
      lastNeed.current = { first: from, last: to };
      // Dragging the scrollbar across a million rows passes thousands of windows: the ones
      // asked for on the way and no longer near the list are dropped, not waited for.
      const lo = Math.floor(from / PAGE_ROWS) - 2;
      const hi = Math.floor(Math.max(from, to - 1) / PAGE_ROWS) + 2;
      for (const [id, ac] of inflight.current) {
        const page = Number(id.slice(id.lastIndexOf("#") + 1));
        if (page < lo || page > hi) {
          ac.abort();
          inflight.current.delete(id);
        }
      }
      fill(from, to);
    },
    [fill],
  );

  // A new view: drop requests for other views, ask for its rows where the list is.
  useEffect(() => {
    if (!active || shownRef.current?.key === key) return;
    for (const [id, ac] of inflight.current) {
      if (!id.startsWith(`${key}#`)) {
        ac.abort();
        inflight.current.delete(id);
      }
    }
    fill(lastNeed.current.first, lastNeed.current.last);
  }, [active, key, fill]);

  // A reveal's row is scrolled to once its view is the one shown.
  useEffect(() => {
    const p = pendingScroll.current;
    if (p && shown?.key === p.key) {
      pendingScroll.current = null;
      setScrollRequest((r) => ({ pos: p.pos, index: p.index, seq: (r?.seq ?? 0) + 1 }));
    }
  }, [shown]);

  const source = useMemo(() => (shown ? windowSource(shown.total, shown.windows, need) : EMPTY), [shown, need]);
  const sourceRef = useRef(source);
  sourceRef.current = source;

  const search = useQuery({
    ...traceSearchQuery(traceId, version, q, range, WINDOW_SEARCH_LIMIT),
    enabled: active && q !== "",
  });

  const reveal = useCallback(
    (pos: number) => {
      const here = shownRef.current?.key === viewKey(viewRef.current) ? sourceRef.current.indexOf(pos) : -1;
      if (here >= 0) {
        setScrollRequest((r) => ({ pos, index: here, seq: (r?.seq ?? 0) + 1 }));
        return;
      }
      const next = revealedShape(shapeRef.current, pos);
      const nextView = { ...viewRef.current, ...next };
      const k = viewKey(nextView);
      setShape(next);
      ask({ view: nextView, first: 0, count: 0, locate: pos })
        .then(({ info }) => {
          const index = info.locate?.index ?? -1;
          if (index < 0 || viewKey(viewRef.current) !== k) return;
          pendingScroll.current = { key: k, pos, index };
          if (shownRef.current?.key === k) {
            pendingScroll.current = null;
            setScrollRequest((r) => ({ pos, index, seq: (r?.seq ?? 0) + 1 }));
          } else load(nextView, Math.floor(index / PAGE_ROWS));
        })
        .catch(setError);
    },
    [ask, load, setError],
  );

  const matches = q && search.data ? search.data.positions : NO_MATCHES;
  const spans = first?.info.spans ?? 0;
  const step = useCallback(
    async (dir: 1 | -1, from: number) => {
      if (!q) return undefined;
      const ask = (at: { after: number } | { before: number }) => fetchSearchStep(traceId, version, q, at, range);
      try {
        // Past the last match (before the first), around to the first (the last).
        const next =
          dir > 0
            ? ((await ask({ after: from })) ?? (await ask({ after: -1 })))
            : ((from >= 0 ? await ask({ before: from }) : undefined) ?? (await ask({ before: spans })));
        return next && { pos: next.pos, rank: next.rank };
      } catch (err) {
        setError(err);
        return undefined;
      }
    },
    [q, traceId, version, range, spans, setError],
  );
  return {
    source,
    matches,
    matchKey: q,
    step,
    matchCount: q ? (shown?.key === key ? shown.matches : (search.data?.count ?? 0)) : 0,
    searchPending: search.isFetching || (active && shown?.key !== key),
    searchError: q && search.isError ? search.error : null,
    scrollRequest,
    toggle: useCallback((pos: number) => {
      const r = sourceRef.current.rowOf(pos);
      if (!r || r.m.childCount[r.at] === 0) return;
      const next = toggledShape(shapeRef.current, pos, r.collapsed, r.m.size[r.at]!);
      if (!next) return setNotice(TOO_MANY_TOGGLES);
      // Two clicks before a render: the second starts from the first's view.
      shapeRef.current = next;
      setShape(next);
    }, []),
    collapseAll: useCallback(() => {
      setNotice(null);
      setShape({ base: "all", toggled: [], reveal: [] });
    }, []),
    expandAll: useCallback(() => {
      setNotice(null);
      setShape({ base: "none", toggled: [], reveal: [] });
    }, []),
    notice,
    reveal,
    find: useCallback(
      async (spanId: string) => {
        try {
          const { info } = await ask({ view: viewRef.current, first: 0, count: 0, spanId });
          return info.locate?.pos ?? -1;
        } catch (err) {
          setError(err);
          return -1;
        }
      },
      [ask, setError],
    ),
    findNow: () => undefined,
    error,
    retry: useCallback(() => {
      setErrorState(null);
      fill(lastNeed.current.first, lastNeed.current.last);
    }, [fill]),
  };
}
