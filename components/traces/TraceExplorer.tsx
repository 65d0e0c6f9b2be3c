"use client";
// The loaded trace: owns what the user changes (selection, collapsed subtrees, search) as a
// few typed arrays and numbers; every derived array is memoised on exactly what it reads.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { TimeRange } from "@/lib/model/time";
import type { TraceLoading } from "@/lib/trace-wire/head";
import { spanQuery, traceSearchQuery } from "@/lib/queries/trace-keys";
import type { ChromeState } from "@/lib/url/state";
import { ContainersStrip } from "./ContainersStrip";
import { assignServiceColors, serviceColor } from "./service-colors";
import { SpanDetail } from "./SpanDetail";
import { TraceHeader } from "./TraceHeader";
import { TraceSearch } from "./TraceSearch";
import { useDetailPrefetch } from "./use-detail-prefetch";
import { useHydrated } from "./use-hydrated";
import { type ScrollRequest, Waterfall } from "./Waterfall";
import { matchMask, matchSet } from "./waterfall-match";
import {
  collapseAll,
  expandAll,
  findSpanPos,
  revealPos,
  spanIdAt,
  toggleCollapsed,
  visibleRows,
  type WaterfallModel,
} from "./waterfall-model";

const NO_MATCHES = new Int32Array(0);

interface Props {
  traceId: string;
  /**
   * The trace. With `partialRows`, the server's first rows (lib/trace-wire/head.ts): the whole
   * header, columns only below `partialRows`; the page shows them read-only (a row can be
   * selected) until the same explorer receives the full model.
   */
  model: WaterfallModel;
  partialRows?: number;
  /** The first rows come from a trace still loading (lib/trace-wire/head.ts TraceLoading). */
  loading?: TraceLoading;
  range?: TimeRange;
  chrome: ChromeState;
  initialSpanId?: string;
  jaegerUiUrl?: string;
}

/** Keep `spanId=` in the address bar without a navigation (no server round trip per click). */
function syncSpanParam(spanId: string | undefined) {
  const url = new URL(window.location.href);
  if (spanId) url.searchParams.set("spanId", spanId);
  else url.searchParams.delete("spanId");
  if (url.href !== window.location.href) window.history.replaceState(null, "", url);
}

/**
 * How long the address bar may lag a selection. Next's router re-renders on every
 * `history.replaceState` (it keeps useSearchParams in sync); done after the detail is painted,
 * and once for a burst of arrow-key moves, that work stays off the click → detail path. The
 * next press anywhere applies it at once (see flushUrl).
 */
const URL_SYNC_MS = 150;

const noop = () => {};

export function TraceExplorer({
  traceId,
  model,
  partialRows,
  loading,
  range,
  chrome,
  initialSpanId,
  jaegerUiUrl,
}: Props) {
  const partial = partialRows !== undefined;
  const hydrated = useHydrated();
  const [initialPos] = useState(() => (!partial && initialSpanId ? findSpanPos(model, initialSpanId) : -1));
  // Where the link's span is; unknown while only the first rows are here.
  const [linkPos, setLinkPos] = useState(initialPos);
  const [selected, setSelected] = useState(initialPos);
  const [collapsed, setCollapsed] = useState(() => expandAll(model));
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(() =>
    initialPos >= 0 ? { pos: initialPos, seq: 1 } : null,
  );
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query);
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [active, setActive] = useState<{ matches: Int32Array; i: number } | null>(null);

  // The full columns replaced the server's first rows (same positions when the version is the
  // same): the link's span resolves now, and a row clicked meanwhile stays selected.
  const [head, setHead] = useState(partial ? model : null);
  if (head && !partial) {
    setHead(null);
    // First rows of a trace still loading counted fewer spans (nothing could be collapsed).
    if (head.n !== model.n) setCollapsed(expandAll(model));
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
      setScrollRequest((r) => ({ pos: link, seq: (r?.seq ?? 0) + 1 }));
    } else setSelected(-1);
  }

  const qc = useQueryClient();
  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingUrl = useRef<(() => void) | null>(null);
  const flushUrl = useCallback(() => {
    clearTimeout(urlTimer.current);
    const sync = pendingUrl.current;
    pendingUrl.current = null;
    sync?.();
  }, []);
  useEffect(() => {
    // The address bar is up to date before the next press: a link clicked right after a
    // selection navigates from the right URL, and no late replaceState (which Next turns into
    // a router update) lands on top of that navigation.
    const onPress = () => flushUrl();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Enter" || e.key === " ") flushUrl();
    };
    window.addEventListener("pointerdown", onPress, true);
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("pointerdown", onPress, true);
      window.removeEventListener("keydown", onKey, true);
      clearTimeout(urlTimer.current);
      pendingUrl.current = null;
    };
  }, [flushUrl]);
  /** Start loading a span's detail (a click, a press, a pointer resting on the row). */
  const prefetch = useCallback(
    (pos: number) => {
      if (pos < 0 || pos >= model.n) return;
      void qc.prefetchQuery(spanQuery(traceId, spanIdAt(model, pos), range, { pos, version: model.version }));
    },
    [qc, traceId, model, range],
  );

  // The rows in view hold their detail before they are clicked (one request per settled view).
  const onWindow = useDetailPrefetch(traceId, model, range, !partial);

  const colors = useMemo(() => assignServiceColors(model.services.map((s) => s.name)), [model]);
  const colorOf = useCallback((service: string) => colors.get(service) ?? serviceColor(service), [colors]);
  // The server holds the attributes, so it searches; the previous answer stays while typing.
  const search = useQuery(traceSearchQuery(traceId, model.version, deferredQuery, range));
  const matches = deferredQuery.trim() ? (search.data ?? NO_MATCHES) : NO_MATCHES;
  const matchFlags = useMemo(() => matchSet(model.n, matches), [model, matches]);
  const keep = useMemo(
    () => (onlyMatches && deferredQuery.trim() ? matchMask(model, matches) : undefined),
    [onlyMatches, deferredQuery, model, matches],
  );
  const rows = useMemo(
    () => (partial ? iota(partialRows) : visibleRows(model, collapsed, keep)),
    [partial, partialRows, model, collapsed, keep],
  );
  const activeIndex = active && active.matches === matches ? active.i : -1;

  const select = useCallback(
    (pos: number, scroll = false) => {
      // The detail's request leaves before React renders the selection.
      prefetch(pos);
      setSelected(pos);
      if (pos >= 0 && scroll) {
        setCollapsed((c) => revealPos(model, c, pos));
        setScrollRequest((r) => ({ pos, seq: (r?.seq ?? 0) + 1 }));
      }
      const spanId = pos >= 0 ? spanIdAt(model, pos) : undefined;
      clearTimeout(urlTimer.current);
      pendingUrl.current = () => syncSpanParam(spanId);
      urlTimer.current = setTimeout(flushUrl, URL_SYNC_MS);
    },
    [model, prefetch, flushUrl],
  );
  const onSelectRow = useCallback((pos: number) => select(pos), [select]);
  const toggle = useCallback((pos: number) => setCollapsed((c) => toggleCollapsed(model, c, pos)), [model]);
  // A subtree's rows are not all here yet: collapsing waits for the full model.
  const onToggle = partial ? noop : toggle;
  const selectById = useCallback(
    (spanId: string) => {
      const pos = findSpanPos(model, spanId);
      if (pos >= 0) select(pos, true);
    },
    [model, select],
  );

  const jump = (dir: 1 | -1) => {
    const n = matches.length;
    if (n === 0) return;
    let i: number;
    if (activeIndex >= 0) i = (activeIndex + dir + n) % n;
    else if (selected >= 0) {
      // The first jump starts from the selected span, like find-in-page from the cursor.
      i = dir > 0 ? matches.findIndex((p) => p > selected) : matches.findLastIndex((p) => p < selected);
      if (i < 0) i = dir > 0 ? 0 : n - 1;
    } else i = dir > 0 ? 0 : n - 1;
    setActive({ matches, i });
    select(matches[i]!, true);
  };

  const linkSpan = initialSpanId !== undefined && !partial && linkPos < 0 ? initialSpanId : undefined;
  const selectedSpanId = selected >= 0 && selected < (partialRows ?? model.n) ? spanIdAt(model, selected) : undefined;
  const shown = partial ? model.n : rows.length;

  return (
    <div
      className="trace-page"
      data-testid="trace-view"
      data-span-count={model.n}
      data-state={partial ? "first-rows" : "ready"}
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
        loading={loading}
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
      {search.isError && deferredQuery.trim() ? (
        <p className="notice" data-testid="trace-search-error">
          Search failed: {search.error.message}
        </p>
      ) : null}
      {linkSpan ? (
        <p className="notice" data-testid="span-not-found">
          The link asks for span <span className="mono">{linkSpan}</span>, which is not in this trace.
        </p>
      ) : null}
      <div className={`trace-main${selectedSpanId && !partial ? " with-detail" : ""}`}>
        <section className="panel" aria-label="Span waterfall">
          <div className="wf-tools">
            <TraceSearch
              query={query}
              onQuery={setQuery}
              count={matches.length}
              active={activeIndex}
              pending={query !== deferredQuery || search.isFetching}
              onNext={() => jump(1)}
              onPrev={() => jump(-1)}
              onlyMatches={onlyMatches}
              onOnlyMatches={setOnlyMatches}
              disabled={partial}
            />
            <span className="spacer" />
            <button
              type="button"
              onClick={() => setCollapsed(collapseAll(model))}
              disabled={partial}
              data-testid="collapse-all"
            >
              Collapse all
            </button>
            <button
              type="button"
              onClick={() => setCollapsed(expandAll(model))}
              disabled={partial}
              data-testid="expand-all"
            >
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
            rows={rows}
            collapsed={collapsed}
            matchFlags={matchFlags}
            selected={selected}
            scrollRequest={scrollRequest}
            onSelect={onSelectRow}
            onToggle={onToggle}
            onIntent={prefetch}
            colorOf={colorOf}
            totalRows={partial ? model.n : undefined}
            onWindow={onWindow}
          />
        </section>
        {selectedSpanId && !partial ? (
          <SpanDetail
            model={model}
            pos={selected}
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

function iota(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
