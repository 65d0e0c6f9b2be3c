// Trace → every container it touched, and per span which one ran it. This is the one place
// that places spans: the server sends the result (a containers table and an index per span),
// and the trace page only reads it.
import { type SpanTable, spanTableOf } from "../model/span-table";
import type { Trace } from "../model/trace";
import type { ContainerLike } from "./keys";
import { type AttributeMatch, containerOfSpan, spanPlaceKey } from "./span-container";

export interface TouchedContainer<C> {
  container: C;
  spanCount: number;
  /** The service with the most spans here: the container's role in this trace. */
  service: string;
  /** Attributes that placed spans here, e.g. ["container.id"]. */
  via: string[];
  /** Earliest span start (µs), to order containers by when the trace reached them. */
  firstStart: number;
  firstSpanId: string;
}

export interface UnplacedService {
  service: string;
  spanCount: number;
  message: string;
  suggestion?: string;
}

export interface PlacedSpans<C> {
  /** In order of first span. */
  touched: TouchedContainer<C>[];
  /** Parallel to trace.spans: index into `touched`, or -1 (the reason is in `unplaced`, by service). */
  spanContainer: Int32Array;
  unplaced: UnplacedService[];
}

interface Acc<C> {
  idx: number;
  t: TouchedContainer<C>;
  services: Map<string, number>;
}

/** Place every span of `trace` among `containers`: once per distinct process, then per span an index. */
export function placeSpans<C extends ContainerLike>(trace: Trace, containers: readonly C[]): PlacedSpans<C> {
  return placeTableSpans(spanTableOf(trace), containers);
}

/** placeSpans over a trace's columns: decided once per process (group), then per span an index. */
export function placeTableSpans<C extends ContainerLike>(table: SpanTable, containers: readonly C[]): PlacedSpans<C> {
  const n = table.n;
  const memo = new Map<string, { container: C; via: AttributeMatch } | { message: string; suggestion?: string }>();
  const decided = table.groups.map((g) => {
    const key = spanPlaceKey(g);
    let found = memo.get(key);
    if (!found) {
      const r = containerOfSpan(g, containers);
      found =
        r.kind === "container"
          ? { container: r.container, via: r.via }
          : r.suggestion
            ? { message: r.message, suggestion: r.suggestion }
            : { message: r.message };
      memo.set(key, found);
    }
    return found;
  });
  const accOf = new Map<C, Acc<C>>();
  const accs: Acc<C>[] = [];
  const firstIdx: number[] = [];
  const raw = new Int32Array(n).fill(-1);
  const unplaced = new Map<string, UnplacedService>();
  const { groupOf, groups, start } = table;
  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    const found = decided[g]!;
    const service = groups[g]!.service;
    if (!("container" in found)) {
      const u = unplaced.get(service) ?? { service, spanCount: 0, ...found };
      u.spanCount += 1;
      unplaced.set(service, u);
      continue;
    }
    let acc = accOf.get(found.container);
    if (!acc) {
      acc = {
        idx: accs.length,
        t: { container: found.container, spanCount: 0, service, via: [], firstStart: start[i]!, firstSpanId: "" },
        services: new Map(),
      };
      accOf.set(found.container, acc);
      accs.push(acc);
      firstIdx.push(i);
    }
    raw[i] = acc.idx;
    const t = acc.t;
    t.spanCount += 1;
    acc.services.set(service, (acc.services.get(service) ?? 0) + 1);
    if (!t.via.includes(found.via.attribute)) t.via.push(found.via.attribute);
    if (start[i]! < t.firstStart) {
      t.firstStart = start[i]!;
      firstIdx[acc.idx] = i;
    }
  }
  for (const a of accs) a.t.firstSpanId = table.spanId(firstIdx[a.idx]!);
  // Order by first span (then name); renumber the per-span indices to match.
  const order = accs
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.t.firstStart - y.a.t.firstStart || x.a.t.container.name.localeCompare(y.a.t.container.name));
  const renumber = new Int32Array(accs.length);
  order.forEach((o, k) => {
    renumber[o.i] = k;
  });
  const spanContainer = raw.map((v) => (v < 0 ? -1 : renumber[v]!));
  const touched = order.map(({ a }) => {
    let best = a.t.service;
    let bestCount = -1;
    for (const [svc, count] of a.services) {
      if (count > bestCount) {
        best = svc;
        bestCount = count;
      }
    }
    return { ...a.t, service: best };
  });
  return {
    touched,
    spanContainer,
    unplaced: [...unplaced.values()].sort((a, b) => b.spanCount - a.spanCount),
  };
}
