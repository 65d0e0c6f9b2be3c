// Jaeger and Tempo both configured: one TracesBackend that asks both. A trace is taken from
// whichever has it (Jaeger first); searches and names are merged. One failing backend never
// blanks the other: its error is only thrown when the other one had nothing either.
import type { TimeRange } from "../../model/time";
import type { Trace } from "../../model/trace";
import type { SpanTable } from "../../model/span-table";
import { traceTableOf } from "../trace-table";
import type { CallOpts, TraceSearchParams, TracesBackend } from "../types";
import { summarize } from "../jaeger/summarize";

function firstError(rs: PromiseSettledResult<unknown>[]): unknown {
  return rs.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
}

function values<T>(rs: PromiseSettledResult<T>[]): T[] {
  return rs.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
}

export function combineTraceBackends(jaeger: TracesBackend, tempo: TracesBackend): TracesBackend {
  return {
    apiVersion: (opts?: CallOpts) => jaeger.apiVersion(opts),

    async getTrace(traceId: string, opts?: CallOpts & { range?: TimeRange }) {
      const rs = await Promise.allSettled([jaeger.getTrace(traceId, opts), tempo.getTrace(traceId, opts)]);
      const found = values(rs).find((t): t is Trace => t !== undefined);
      if (found) return found;
      const err = firstError(rs);
      if (err !== undefined) throw err;
      return undefined;
    },

    async getTraceTable(traceId: string, opts?: CallOpts & { range?: TimeRange }) {
      // Two decodes at once: neither reports progress (a snapshot must come from the answer kept).
      const o = opts && { signal: opts.signal, range: opts.range };
      const rs = await Promise.allSettled([traceTableOf(jaeger, traceId, o), traceTableOf(tempo, traceId, o)]);
      const found = values(rs).find((t): t is SpanTable => t !== undefined);
      if (found) return found;
      const err = firstError(rs);
      if (err !== undefined) throw err;
      return undefined;
    },

    async search(p: TraceSearchParams, opts?: CallOpts) {
      const rs = await Promise.allSettled([jaeger.search(p, opts), tempo.search(p, opts)]);
      const ok = values(rs);
      if (ok.length === 0) throw firstError(rs);
      const seen = new Set<string>();
      const traces = ok
        .flatMap((r) => r.traces)
        .filter((t) => !seen.has(t.traceId) && seen.add(t.traceId))
        .map((t) => ({ t, s: summarize(t) }))
        .sort((a, b) => b.s.start - a.s.start)
        .slice(0, Math.max(0, p.limit));
      return { summaries: traces.map((x) => x.s), traces: traces.map((x) => x.t) };
    },

    async services(opts?: CallOpts) {
      const rs = await Promise.allSettled([jaeger.services(opts), tempo.services(opts)]);
      const ok = values(rs);
      if (ok.length === 0) throw firstError(rs);
      return [...new Set(ok.flat())].sort();
    },

    async operations(service: string, opts?: CallOpts) {
      const rs = await Promise.allSettled([jaeger.operations(service, opts), tempo.operations(service, opts)]);
      const ok = values(rs);
      if (ok.length === 0) throw firstError(rs);
      const byName = new Map(ok.flat().map((o) => [o.name, o]));
      return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
