// Traces in a range that involve one container's service, pinned to the container itself
// where spans carry container.id / host.name (re-checked here: some Jaeger versions ignore
// the attribute filter of the search API).
import type { Backends } from "../backends/factory";
import { coalesce } from "../backends/governor";
import { getConfig, traceBackendLabel } from "../config";
import { summarize } from "../backends/jaeger/summarize";
import type { TracesBackend } from "../backends/types";
import { jaegerSearch } from "../correlation/queries-jaeger";
import { matchResource } from "../correlation/span-container";
import type { ContainerTracesResponse } from "../model/api";
import type { Container } from "../model/container";
import { BackendError } from "../model/errors";
import { millis, type TimeRange } from "../model/time";
import { countCache } from "../observe/metrics";
import { correlate } from "./correlate";
import { ExpiringLru } from "./expiring-lru";
import { OPEN_TTL_MS, SETTLED_AFTER_MS, SETTLED_TTL_MS } from "./logs-cache";
import { tracePivot } from "./pivot-context";

export const TRACE_SEARCH_LIMIT = 200;

type TracesBody = Omit<ContainerTracesResponse, "tracePivot">;

/**
 * A container's searched traces, kept briefly as the logs API keeps its answers
 * (lib/server/logs-cache.ts): two seconds while the range may still grow, a minute once it
 * ended well in the past. Under load (#13) the panel's six Jaeger searches per answer, each
 * decoded and summarised, were the server's largest JavaScript cost, and a repeated request
 * (a reload, the page's panel, another user on the same link) made them all again. Identical
 * requests in flight share one round (coalesce). Failures are not kept. The key holds the
 * container and the search made for it (its mapping), so an answer never serves another
 * container, and the container was resolved within the caller's scope before this is asked.
 */
export class KeptTraces extends ExpiringLru<TracesBody> {
  constructor(maxEntries = 128) {
    super(maxEntries);
  }
}

const g = globalThis as typeof globalThis & { __sightlineKeptTraces?: KeptTraces };
export function keptTraces(): KeptTraces {
  g.__sightlineKeptTraces ??= new KeptTraces();
  return g.__sightlineKeptTraces;
}

/** How long searched traces for `range`, made at `now`, are reused. */
export function tracesTtl(range: TimeRange, now: number): number {
  return range.to <= now - SETTLED_AFTER_MS ? SETTLED_TTL_MS : OPEN_TTL_MS;
}

export function requireTraces(b: Backends): TracesBackend {
  if (!b.traces) throw new BackendError("jaeger", "config", "Jaeger is not configured (set JAEGER_URL)");
  return b.traces;
}

export async function containerTraces(
  b: Backends,
  c: Container,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<ContainerTracesResponse> {
  const [body, pivot] = await Promise.all([tracesBody(b, c, range, signal), tracePivot()]);
  return { ...body, tracePivot: pivot, backendLabel: traceBackendLabel(getConfig()) };
}

async function tracesBody(b: Backends, c: Container, range: TimeRange, signal?: AbortSignal): Promise<TracesBody> {
  const t = requireTraces(b);
  const corr = await correlate(b, c, ["jaeger"]);
  if (corr.errors.jaeger) throw corr.errors.jaeger;
  const det = corr.mappings.jaeger;
  if (!det) return { traces: [], reason: { message: "Jaeger mapping unknown" } };
  if (det.kind === "reason") return { traces: [], reason: { message: det.message, suggestion: det.suggestion } };
  const search = jaegerSearch(det.mapping, c);
  if (search.kind === "reason")
    return { traces: [], reason: { message: search.message, suggestion: search.suggestion } };
  const key = JSON.stringify([c.source, c.host, c.id, search.service, search.attributes, range.from, range.to]);
  const kept = keptTraces();
  const hit = kept.get(key);
  countCache("traces", Boolean(hit));
  if (hit) return hit;
  return coalesce(`traces-answer ${key}`, signal, async (shared) => {
    const body = await searchTraces(t, search, c, range, shared);
    const at = Date.now();
    kept.set(key, body, tracesTtl(range, at), at);
    return body;
  });
}

async function searchTraces(
  t: TracesBackend,
  search: { service: string; attributes: Record<string, string> },
  c: Container,
  range: TimeRange,
  signal: AbortSignal,
): Promise<TracesBody> {
  // Jaeger returns the newest N of a window; asking per slice spreads the traces over the
  // whole range, so an incident early in the range is not hidden behind the latest minutes.
  const slices = Math.max(1, Math.min(6, Math.ceil((range.to - range.from) / (5 * 60_000))));
  const width = (range.to - range.from) / slices;
  const parts = await Promise.all(
    Array.from({ length: slices }, (_, i) =>
      t.search(
        {
          service: search.service,
          attributes: search.attributes,
          range: {
            from: millis(range.from + i * width),
            to: millis(i === slices - 1 ? range.to : range.from + (i + 1) * width),
          },
          limit: Math.ceil(TRACE_SEARCH_LIMIT / slices),
        },
        { signal },
      ),
    ),
  );
  const seen = new Set<string>();
  const res = { traces: parts.flatMap((p) => p.traces).filter((tr) => !seen.has(tr.traceId) && seen.add(tr.traceId)) };
  const pinned = Object.keys(search.attributes).length > 0;
  const traces = pinned
    ? res.traces.filter((tr) =>
        tr.spans.some((s) => {
          const m = matchResource(s.resource, s.service, c);
          return m !== undefined && m.attribute !== "service.name";
        }),
      )
    : res.traces;
  return { traces: traces.map(summarize), service: search.service };
}
