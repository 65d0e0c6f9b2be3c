"use client";
// The rows of a trace the browser holds whole: collapsed subtrees and "only matches" are
// computed here over the columns (waterfall-model.ts); the search asks the server, which holds
// the attributes.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import type { TimeRange } from "@/lib/model/time";
import { traceSearchQuery } from "@/lib/queries/trace-keys";
import { headSource, modelSource } from "./row-source";
import type { TraceRows } from "./trace-rows";
import type { ScrollRequest } from "./Waterfall";
import { matchMask, matchSet } from "./waterfall-match";
import {
  collapseAll,
  expandAll,
  findSpanPos,
  revealPos,
  toggleCollapsed,
  visibleRows,
  type WaterfallModel,
} from "./waterfall-model";

const NO_MATCHES = new Int32Array(0);

export function useModelRows(
  traceId: string,
  model: WaterfallModel,
  range: TimeRange | undefined,
  /** The server's first rows only: this many positions hold columns; nothing can change yet. */
  partialRows: number | undefined,
  query: string,
  onlyMatches: boolean,
  /** Off while the explorer shows windows (a huge trace): then no search is asked here. */
  enabled: boolean,
): TraceRows {
  const partial = partialRows !== undefined;
  // Collapsed subtrees belong to one model: a model of another size (the head of a trace still
  // loading was laid out from fewer spans) starts expanded.
  const [state, setState] = useState(() => ({ model, collapsed: expandAll(model) }));
  let collapsed = state.collapsed;
  if (state.model.n !== model.n) {
    collapsed = expandAll(model);
    setState({ model, collapsed });
  }
  const setCollapsed = useCallback(
    (f: (c: Uint8Array) => Uint8Array) => setState((s) => ({ model: s.model, collapsed: f(s.collapsed) })),
    [],
  );
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);

  const search = useQuery({
    ...traceSearchQuery(traceId, model.version, query, range),
    enabled: enabled && !partial,
  });
  const matches = query.trim() && enabled ? (search.data?.positions ?? NO_MATCHES) : NO_MATCHES;
  const matchFlags = useMemo(() => matchSet(model.n, matches), [model, matches]);
  const keep = useMemo(
    () => (onlyMatches && query.trim() ? matchMask(model, matches) : undefined),
    [onlyMatches, query, model, matches],
  );
  const rows = useMemo(
    () => (partial || !enabled ? undefined : visibleRows(model, collapsed, keep)),
    [partial, enabled, model, collapsed, keep],
  );
  const source = useMemo(
    () => (rows ? modelSource(model, rows, collapsed, matchFlags) : headSource(model, partialRows ?? 0)),
    [model, rows, collapsed, matchFlags, partialRows],
  );

  const reveal = useCallback(
    (pos: number) => {
      setCollapsed((c) => revealPos(model, c, pos));
      setScrollRequest((r) => ({ pos, seq: (r?.seq ?? 0) + 1 }));
    },
    [model, setCollapsed],
  );
  return {
    source,
    matches,
    matchCount: matches.length,
    matchKey: matches,
    searchPending: search.isFetching,
    searchError: query.trim() && search.isError ? search.error : null,
    scrollRequest,
    toggle: useCallback((pos: number) => setCollapsed((c) => toggleCollapsed(model, c, pos)), [model, setCollapsed]),
    collapseAll: useCallback(() => setCollapsed(() => collapseAll(model)), [model, setCollapsed]),
    expandAll: useCallback(() => setCollapsed(() => expandAll(model)), [model, setCollapsed]),
    reveal,
    find: useCallback(async (spanId: string) => (partial ? -1 : findSpanPos(model, spanId)), [model, partial]),
    findNow: useCallback((spanId: string) => (partial ? -1 : findSpanPos(model, spanId)), [model, partial]),
    error: null,
    retry: () => {},
  };
}
