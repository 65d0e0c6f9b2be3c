"use client";
// The loaded trace: owns what the user changes (selection, collapsed subtrees, search) as a
// few typed arrays and numbers; every derived array is memoised on exactly what it reads.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { TimeRange } from "@/lib/model/time";
import type { TraceLoading } from "@/lib/trace-wire/head";
import { spanQuery, traceProgressQuery } from "@/lib/queries/trace-keys";
import type { ChromeState } from "@/lib/url/state";
import { ContainersStrip } from "./ContainersStrip";
import { assignServiceColors, serviceColor } from "./service-colors";
import { SpanDetail } from "./SpanDetail";
import { TraceHeader } from "./TraceHeader";
import { TraceSearch } from "./TraceSearch";
import { useDetailPrefetch } from "./use-detail-prefetch";
import { useHydrated } from "./use-hydrated";
import { useSpanUrl } from "./use-span-url";
import type { RowRef } from "./row-source";
import { useModelRows } from "./use-model-rows";
import { type FirstWindow, useWindowRows } from "./use-window-rows";
import { type ScrollRequest, Waterfall } from "./Waterfall";
import { findSpanPos, spanIdAt, type WaterfallModel } from "./waterfall-model";

interface Props {
  traceId: string;
  /**
   * The trace. With `partialRows`, the server's first rows (lib/trace-wire/head.ts): the whole
   * header, columns only below `partialRows`; the page shows them read-only (a row can be
   * selected) until the same explorer receives the full model. With `firstWindow`, a huge
   * trace's header (columns below the window's rows) whose rows come a window at a time.
   */
  model: WaterfallModel;
  partialRows?: number;
  /** A huge trace: the default view's first window (lib/trace-wire/window.ts). */
  firstWindow?: FirstWindow;
  /** The first rows come from a trace still loading (lib/trace-wire/head.ts TraceLoading). */
  loading?: TraceLoading;
  /** A huge trace's windows no longer line up (the server fetched it again): load it anew. */
  onStale?(selectedSpanId: string | undefined): void;
  range?: TimeRange;
  chrome: ChromeState;
  initialSpanId?: string;
  jaegerUiUrl?: string;
}

const noop = () => {};

export function TraceExplorer({
  traceId,
  model,
  partialRows,
  firstWindow,
  loading,
  onStale,
  range,
  chrome,
  initialSpanId,
  jaegerUiUrl,
}: Props) {
  const partial = partialRows !== undefined;
  const windowed = firstWindow !== undefined;
  const hydrated = useHydrated();
  const [initialPos] = useState(() =>
    !partial && !windowed && initialSpanId ? findSpanPos(model, initialSpanId) : -1,
  );
  // Where the link's span is; unknown while only the first rows are here.
  const [linkPos, setLinkPos] = useState(initialPos);
  const [selected, setSelected] = useState(initialPos);
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query);
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [active, setActive] = useState<{ key: unknown; i: number; pos: number } | null>(null);

  const modelRows = useModelRows(traceId, model, range, partialRows, deferredQuery, onlyMatches, !windowed);
  // While the first rows of a trace still loading are shown: how far the server's load is.
  const progress = useQuery(traceProgressQuery(traceId, range, loading !== undefined && hydrated));
  const live = progress.data?.loading;
  const loadingNow =
    loading && live
      ? { ...loading, bytes: Math.max(loading.bytes, live.bytes), totalBytes: live.totalBytes ?? loading.totalBytes }
      : loading;
  const selectedIdRef = useRef<string | undefined>(undefined);
  const stale = useCallback(() => onStale?.(selectedIdRef.current), [onStale]);
  const windowRows = useWindowRows(traceId, range, firstWindow, model.version, deferredQuery, onlyMatches, stale);
  const rows = windowed ? windowRows : modelRows;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const { source } = rows;
  const [firstScroll] = useState<ScrollRequest | null>(() => (initialPos >= 0 ? { pos: initialPos, seq: 0 } : null));

  // The full columns replaced the server's first rows (same positions when the version is the
  // same): the link's span resolves now, and a row clicked meanwhile stays selected.
  const [head, setHead] = useState(partial ? model : null);
  const [pendingReveal, setPendingReveal] = useState(-1);
  if (head && !partial && !windowed) {
    setHead(null);
    const pos =
      selected >= 0 && selected < (partialRows ?? model.n)
        ? head.version === model.version
          ? selected
          : findSpanPos(model, spanIdAt(head, selected))
        : -1;
    const link = initialSpanId ? findSpanPos(model, initialSpanId) : -1;
    setLinkPos(link);
    // A row clicked while loading is in view already; the link's span is scrolled to.
    if (pos >= 0) setSelected(pos);
    else if (link >= 0) {
      setSelected(link);
      setPendingReveal(link);
    } else setSelected(-1);
  }

  const qc = useQueryClient();
  const showSpanInUrl = useSpanUrl();
  /** Start loading a span's detail (a click, a press, a pointer resting on the row). */
  const prefetch = useCallback(
    (pos: number, spanId = rowsRef.current.source.spanIdOf(pos)) => {
      if (pos < 0 || spanId === undefined) return;
      void qc.prefetchQuery(spanQuery(traceId, spanId, range, { pos, version: model.version }));
    },
    [qc, traceId, model.version, range],
  );

  // The rows in view hold their detail before they are clicked (one request per settled view).
  const onWindow = useDetailPrefetch(traceId, model, range, !partial, undefined, source.spanIdOf);

  const colors = useMemo(() => assignServiceColors(model.services.map((s) => s.name)), [model]);
  const colorOf = useCallback((service: string) => colors.get(service) ?? serviceColor(service), [colors]);
  // The server holds the attributes, so it searches; the previous answer stays while typing.
  const matches = rows.matches;
  const activeIndex = active && active.key === rows.matchKey ? active.i : -1;
  // The selected row's columns: kept while its window is out of the browser (a huge trace scrolled far).
  const selFound = selected >= 0 ? source.rowOf(selected) : undefined;
  const selKept = useRef<RowRef | undefined>(undefined);
  if (selFound) selKept.current = selFound;
  else if (selKept.current?.pos !== selected) selKept.current = undefined;
  const selRow = selFound ?? selKept.current;

  const select = useCallback(
    (pos: number, scroll = false, knownId?: string) => {
      const spanId = pos >= 0 ? (knownId ?? rowsRef.current.source.spanIdOf(pos)) : undefined;
      // The detail's request leaves before React renders the selection.
      prefetch(pos, spanId);
      setSelected(pos);
      if (pos >= 0 && scroll) rowsRef.current.reveal(pos);
      showSpanInUrl(spanId);
    },
    [prefetch, showSpanInUrl],
  );
  // The link's span (or a row the full columns placed elsewhere) is revealed and scrolled to.
  useEffect(() => {
    if (pendingReveal < 0) return;
    setPendingReveal(-1);
    rowsRef.current.reveal(pendingReveal);
  }, [pendingReveal]);
  useEffect(() => {
    if (firstScroll) rowsRef.current.reveal(firstScroll.pos);
  }, [firstScroll]);
  // A huge trace: the link's span (or the row picked among the first rows) is found by the server.
  const [linkMissing, setLinkMissing] = useState(false);
  const headPick = useRef<string | undefined>(undefined);
  if (partial && selected >= 0) headPick.current = spanIdAt(model, selected);
  useEffect(() => {
    if (!windowed) return;
    const want = headPick.current ?? initialSpanId;
    if (!want) return;
    let live = true;
    rowsRef.current.find(want).then(
      (pos) => {
        if (!live) return;
        if (pos >= 0) select(pos, true, want);
        else if (want === initialSpanId) setLinkMissing(true);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [windowed, initialSpanId, select]);

  const onSelectRow = useCallback((pos: number) => select(pos), [select]);
  const toggle = useCallback((pos: number) => rowsRef.current.toggle(pos), []);
  // A subtree's rows are not all here yet: collapsing waits for the full model.
  const onToggle = partial ? noop : toggle;
  const selectById = useCallback(
    (spanId: string) => {
      const now = rowsRef.current.findNow(spanId);
      if (now !== undefined) {
        if (now >= 0) select(now, true, spanId);
        return;
      }
      rowsRef.current.find(spanId).then(
        (pos) => {
          if (pos >= 0) select(pos, true, spanId);
        },
        () => {},
      );
    },
    [select],
  );

  const jump = (dir: 1 | -1) => {
    if (rows.step) {
      // A huge trace: the server says which match is next, and its rank among all of them.
      const from = active && active.key === rows.matchKey ? active.pos : selected;
      const key = rows.matchKey;
      rows.step(dir, from).then(
        (r) => {
          if (!r || rowsRef.current.matchKey !== key) return;
          setActive({ key, i: r.rank, pos: r.pos });
          select(r.pos, true);
        },
        () => {},
      );
      return;
    }
    const n = matches.length;
    if (n === 0) return;
    let i: number;
    if (activeIndex >= 0) i = (activeIndex + dir + n) % n;
    else if (selected >= 0) {
      // The first jump starts from the selected span, like find-in-page from the cursor.
      i = dir > 0 ? matches.findIndex((p) => p > selected) : matches.findLastIndex((p) => p < selected);
      if (i < 0) i = dir > 0 ? 0 : n - 1;
    } else i = dir > 0 ? 0 : n - 1;
    setActive({ key: matches, i, pos: matches[i]! });
    select(matches[i]!, true);
  };

  const linkSpan =
    initialSpanId !== undefined && !partial && (windowed ? linkMissing : linkPos < 0) ? initialSpanId : undefined;
  const selectedSpanId = selRow ? spanIdAt(selRow.m, selRow.at) : undefined;
  selectedIdRef.current = selectedSpanId;
  const shown = partial ? model.n : source.count;

  return (
    <div
      className="trace-page"
      data-testid="trace-view"
      data-span-count={model.n}
      data-state={partial ? "first-rows" : "ready"}
      data-windowed={windowed ? "" : undefined}
      data-live={hydrated ? "" : undefined}
      aria-busy={partial}
    >
      <TraceHeader
        traceId={traceId}
        model={model}
        warnings={model.warnings}
        jaegerUiUrl={jaegerUiUrl}
        // Only the Jaeger UI link uses it: without one, a click does not re-render the summary.
        selectedSpanId={jaegerUiUrl ? selectedSpanId : undefined}
        loading={loadingNow}
      />
      {model.redacted ? (
        <p className="notice" data-testid="trace-redacted">
          {model.redacted.message}
        </p>
      ) : null}
      <ContainersStrip
        containers={model.containers}
        unmatched={model.unmatched}
        chrome={chrome}
        onSelectSpan={selectById}
        colorOf={colorOf}
        pending={loading !== undefined}
      />
      {rows.searchError ? (
        <p className="notice" data-testid="trace-search-error">
          Search failed: {rows.searchError.message}
        </p>
      ) : null}
      {rows.notice ? (
        <p className="notice" data-testid="trace-rows-notice">
          {rows.notice}
        </p>
      ) : null}
      {rows.error ? (
        <p className="notice" data-testid="trace-window-error">
          Could not load these rows: {rows.error.message}{" "}
          <button type="button" onClick={rows.retry}>
            Try again
          </button>
        </p>
      ) : null}
      {linkSpan ? (
        <p className="notice" data-testid="span-not-found">
          The link asks for span <span className="mono">{linkSpan}</span>, which is not in this trace.
        </p>
      ) : null}
      {windowed ? (
        <p className="muted wf-windowed" data-testid="trace-windowed">
          {model.n.toLocaleString("en")} spans: the server holds this trace and sends the rows in view; search, collapse
          and scrolling ask it.
        </p>
      ) : null}
      <div className={`trace-main${selRow && !partial ? " with-detail" : ""}`}>
        <section className="panel" aria-label="Span waterfall">
          <div className="wf-tools">
            <TraceSearch
              query={query}
              onQuery={setQuery}
              count={rows.matchCount}
              active={activeIndex}
              pending={query !== deferredQuery || rows.searchPending}
              onNext={() => jump(1)}
              onPrev={() => jump(-1)}
              onlyMatches={onlyMatches}
              onOnlyMatches={setOnlyMatches}
              disabled={partial}
            />
            <span className="spacer" />
            <button type="button" onClick={rows.collapseAll} disabled={partial} data-testid="collapse-all">
              Collapse all
            </button>
            <button type="button" onClick={rows.expandAll} disabled={partial} data-testid="expand-all">
              Expand all
            </button>
            <span className="muted" data-testid="visible-count" style={{ fontSize: 12.5 }}>
              {loading
                ? `${model.n.toLocaleString("en")} spans so far`
                : shown === model.n
                  ? `${model.n.toLocaleString("en")} spans`
                  : `${shown.toLocaleString("en")} of ${model.n.toLocaleString("en")} spans shown`}
            </span>
          </div>
          <Waterfall
            model={model}
            source={source}
            selected={selected}
            scrollRequest={rows.scrollRequest}
            onSelect={onSelectRow}
            onToggle={onToggle}
            onIntent={prefetch}
            colorOf={colorOf}
            onWindow={onWindow}
          />
        </section>
        {selRow && !partial ? (
          <SpanDetail
            model={selRow.m}
            at={selRow.at}
            pos={selected}
            spanIdOf={source.spanIdOf}
            traceId={traceId}
            range={range}
            chrome={chrome}
            onSelectSpan={selectById}
            onClose={() => select(-1)}
            colorOf={colorOf}
          />
        ) : null}
      </div>
    </div>
  );
}
