// Query keys and queryOptions builders: the only place keys are made (DESIGN.md §8.4).
import { infiniteQueryOptions, queryOptions, skipToken } from "@tanstack/react-query";
import type { KubeYamlResponse, LifecycleResponse, RecentLifecycleResponse } from "../model/lifecycle";
import { decodeInventoryList, type InventoryListBody } from "../model/inventory-list";
import type { TimeRange } from "../model/time";
import { fetchJson } from "./fetch-json";
import type {
  LogContextResponse,
  ContainerDetailResponse,
  ContainerLogsResponse,
  ContainerMetricsResponse,
  ContainerTracesResponse,
  CorrelationResponse,
  HealthResponse,
  SparklinesResponse,
  TraceResponse,
} from "./types";

const qs = (p: { [k: string]: string | number | undefined } | TimeRange) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p) as [string, string | number | undefined][])
    if (v !== undefined && v !== "") s.set(k, String(v));
  return s.toString();
};
const enc = encodeURIComponent;

export const healthQuery = () =>
  queryOptions({
    queryKey: ["health"] as const,
    queryFn: ({ signal }) => fetchJson<HealthResponse>("/api/health", signal),
    refetchInterval: 30_000,
  });

export const inventoryQuery = () =>
  queryOptions({
    queryKey: ["containers"] as const,
    // The page's view: Kubernetes containers grouped by pod on the wire (lib/model/inventory-list.ts).
    queryFn: async ({ signal }) =>
      decodeInventoryList(await fetchJson<InventoryListBody>("/api/containers?view=list", signal)),
    refetchInterval: 15_000,
  });

export const sparklinesQuery = (range: TimeRange) =>
  queryOptions({
    queryKey: ["sparklines", range.from, range.to] as const,
    queryFn: ({ signal }) => fetchJson<SparklinesResponse>(`/api/sparklines?${qs(range)}`, signal),
  });

export const containerQuery = (ref: string) =>
  queryOptions({
    queryKey: ["container", ref] as const,
    queryFn: ({ signal }) => fetchJson<ContainerDetailResponse>(`/api/containers/${enc(ref)}`, signal),
    refetchInterval: 10_000,
  });

// The container page's three panel requests, also answered by the server-rendered page in its
// HTML (lib/server/panel-seeds.ts, lib/queries/seed.ts): one builder, so both name the same URL.
export const metricsUrl = (ref: string, range: TimeRange) => `/api/containers/${enc(ref)}/metrics?${qs(range)}`;

export const metricsQuery = (ref: string, range: TimeRange) =>
  queryOptions({
    queryKey: ["metrics", ref, range.from, range.to] as const,
    queryFn: ({ signal }) => fetchJson<ContainerMetricsResponse>(metricsUrl(ref, range), signal),
  });

export interface LogsParams {
  range: TimeRange;
  q?: string;
  qmode?: "substring" | "regex";
  traceId?: string;
  spanId?: string;
}

/** One page of log lines: the newest, or those before the `before` ns timestamp. */
export const logsUrl = (ref: string, p: LogsParams, before?: string) =>
  `/api/containers/${enc(ref)}/logs?${qs({ ...p.range, q: p.q, qmode: p.qmode, traceId: p.traceId, spanId: p.spanId, before: before || undefined })}`;

/** Pages of log lines, newest first; the next page is "load older" (before the oldest ns seen). */
export const logsQuery = (ref: string, p: LogsParams) =>
  infiniteQueryOptions({
    queryKey: [
      "logs",
      ref,
      p.range.from,
      p.range.to,
      p.q ?? "",
      p.qmode ?? "substring",
      p.traceId ?? "",
      p.spanId ?? "",
    ] as const,
    initialPageParam: "",
    queryFn: ({ signal, pageParam }) => fetchJson<ContainerLogsResponse>(logsUrl(ref, p, pageParam), signal),
    getNextPageParam: (last) =>
      last.truncated && last.lines.length ? last.lines[last.lines.length - 1]!.ts : undefined,
  });

/** The live tail's Server-Sent Events stream (not a query: EventSource reads it). */
export const logTailUrl = (ref: string, p: { q?: string; qmode?: "substring" | "regex" }) =>
  `/api/containers/${enc(ref)}/logs/tail?${qs(p.q ? { q: p.q, qmode: p.qmode } : {})}`;

export const tracesUrl = (ref: string, range: TimeRange) => `/api/containers/${enc(ref)}/traces?${qs(range)}`;

export const tracesQuery = (ref: string, range: TimeRange) =>
  queryOptions({
    queryKey: ["traces", ref, range.from, range.to] as const,
    queryFn: ({ signal }) => fetchJson<ContainerTracesResponse>(tracesUrl(ref, range), signal),
  });

/** The lines around one log line in its own stream. */
export const logContextQuery = (ref: string, line: { ts: string; stream: Record<string, string> } | undefined) =>
  queryOptions({
    queryKey: ["log-context", ref, line?.ts ?? "", JSON.stringify(line?.stream ?? {})] as const,
    queryFn: line
      ? ({ signal }) =>
          fetchJson<LogContextResponse>(
            `/api/containers/${enc(ref)}/logs/context?${qs({ ts: line.ts, stream: JSON.stringify(line.stream) })}`,
            signal,
          )
      : skipToken,
    staleTime: 60_000,
  });

/** One trace; the optional range narrows Jaeger's lookup (old traces, big stores). */
export const traceQuery = (traceId: string | undefined, range?: TimeRange) =>
  queryOptions({
    queryKey: ["trace", traceId ?? "", range?.from ?? 0, range?.to ?? 0] as const,
    queryFn: traceId
      ? ({ signal }) => fetchJson<TraceResponse>(`/api/traces/${enc(traceId)}${range ? `?${qs(range)}` : ""}`, signal)
      : skipToken,
    staleTime: 5 * 60_000,
  });

/** A container's mappings; with a range, also its links out (Grafana Explore, Jaeger UI) for it. */
export const correlationQuery = (ref?: string, range?: TimeRange) =>
  queryOptions({
    queryKey: ["correlation", ref ?? "", range?.from ?? 0, range?.to ?? 0] as const,
    queryFn: ({ signal }) => {
      const q = qs({ container: ref, from: range?.from, to: range?.to });
      return fetchJson<CorrelationResponse>(`/api/correlation${q ? `?${q}` : ""}`, signal);
    },
  });

/** Starts, exits, OOM kills, health and restarts on the range; shared by every panel's markers. */
export const lifecycleQuery = (ref: string, range: TimeRange) =>
  queryOptions({
    queryKey: ["lifecycle", ref, range.from, range.to] as const,
    queryFn: ({ signal }) => fetchJson<LifecycleResponse>(`/api/containers/${enc(ref)}/lifecycle?${qs(range)}`, signal),
  });

/** Restart / OOM badges of the inventory (the last hour). */
export const recentLifecycleQuery = () =>
  queryOptions({
    queryKey: ["lifecycle-recent"] as const,
    queryFn: ({ signal }) => fetchJson<RecentLifecycleResponse>("/api/lifecycle/recent", signal),
    refetchInterval: 60_000,
  });

/** `podman generate kube`, only once asked for (skipToken until then). */
export const kubeYamlQuery = (ref: string, asked: boolean) =>
  queryOptions({
    queryKey: ["kube", ref] as const,
    queryFn: asked
      ? ({ signal }) => fetchJson<KubeYamlResponse>(`/api/containers/${enc(ref)}/kube`, signal)
      : skipToken,
    staleTime: 60_000,
  });
