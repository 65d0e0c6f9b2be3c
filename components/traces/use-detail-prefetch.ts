"use client";
// The detail of the rows in view, asked for in one request once the view has settled: a click
// on any of them paints the whole detail (attributes, events, links, resource) in the click's
// own frame, instead of after a round trip to the server (the browser holds only the columns).
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import type { TimeRange } from "@/lib/model/time";
import { fetchSpansAt, spanQuery } from "@/lib/queries/trace-keys";
import { spanIdAt, type WaterfallModel } from "./waterfall-model";

/** A scrolled view must stay put this long (ms) before its rows are asked for: scrolling asks nothing. */
export const SETTLE_MS = 120;
/** The most rows one request asks for (the route's limit). */
export const MAX_BATCH = 200;

export type FetchSpansAt = typeof fetchSpansAt;
/** The span ID at a whole-trace position, when the browser has that row. */
export type SpanIdOf = (pos: number) => string | undefined;

const modelIds =
  (m: WaterfallModel): SpanIdOf =>
  (pos) =>
    pos >= 0 && pos < m.n ? spanIdAt(m, pos) : undefined;

/** Positions among `positions` whose span detail is neither cached nor being fetched. */
export function missingDetails(
  qc: QueryClient,
  traceId: string,
  model: WaterfallModel,
  positions: ArrayLike<number>,
  range?: TimeRange,
  spanIdOf: SpanIdOf = modelIds(model),
): number[] {
  const out: number[] = [];
  for (let i = 0; i < positions.length && out.length < MAX_BATCH; i++) {
    const pos = positions[i]!;
    const id = spanIdOf(pos);
    if (id === undefined) continue;
    const state = qc.getQueryState(spanQuery(traceId, id, range).queryKey);
    if (state?.data === undefined && state?.fetchStatus !== "fetching") out.push(pos);
  }
  return out;
}

/**
 * Returns `inView(positions, scrolled)`: call it whenever the rows in view change. New rows (the
 * trace arrived, a collapse, an expand) are asked for at once; a scroll, after SETTLE_MS without
 * another change. The details missing from the cache come in one request and go in the span
 * queries' cache (the same entries a click reads). Off while `enabled` is false (the server's
 * first rows); a failure (e.g. 409, the server fetched the trace again) stops it for this model:
 * a click then asks for its one span, as without this hook.
 */
export function useDetailPrefetch(
  traceId: string,
  model: WaterfallModel,
  range: TimeRange | undefined,
  enabled: boolean,
  fetcher: FetchSpansAt = fetchSpansAt,
  /** For a huge trace's windows (the model holds only some rows): where the rows' IDs are. */
  spanIdOf?: SpanIdOf,
): (positions: ArrayLike<number>, scrolled?: boolean) => void {
  const qc = useQueryClient();
  const idsRef = useRef<SpanIdOf>(spanIdOf ?? modelIds(model));
  idsRef.current = spanIdOf ?? modelIds(model);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const failedFor = useRef<WaterfallModel | null>(null);
  // Positions asked for and not answered yet (of this model): not asked again meanwhile.
  const inFlight = useRef({ model, positions: new Set<number>() });
  const aborter = useRef(new AbortController());
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      aborter.current.abort();
    },
    [],
  );
  return useCallback(
    (positions: ArrayLike<number>, scrolled = true) => {
      clearTimeout(timer.current);
      if (!enabled || failedFor.current === model) return;
      const snapshot = Array.from(positions);
      timer.current = setTimeout(
        () => {
          if (inFlight.current.model !== model) inFlight.current = { model, positions: new Set() };
          const asked = inFlight.current.positions;
          const want = missingDetails(qc, traceId, model, snapshot, range, idsRef.current).filter((p) => !asked.has(p));
          if (want.length === 0) return;
          for (const p of want) asked.add(p);
          const signal = aborter.current.signal;
          fetcher(traceId, model.version, want, range, signal)
            .then(
              (r) => {
                if (r.version !== model.version) return;
                for (const { pos, span } of r.spans) {
                  // Only what lines up with these columns; never over an answer already there.
                  if (idsRef.current(pos) !== span.spanId) continue;
                  const key = spanQuery(traceId, span.spanId, range).queryKey;
                  if (qc.getQueryData(key) === undefined) qc.setQueryData(key, { span });
                }
              },
              () => {
                if (!signal.aborted) failedFor.current = model;
              },
            )
            .finally(() => {
              for (const p of want) asked.delete(p);
            });
        },
        scrolled ? SETTLE_MS : 0,
      );
    },
    [qc, traceId, model, range, enabled, fetcher],
  );
}
