// Sightline observes itself: one Prometheus registry per process (prom-client), shared by the
// instrumentation hook (requests), the transport (backend calls) and the routes (caches, live
// tails). Next bundles instrumentation and routes separately, so the registry and the metric
// objects hang off globalThis: every bundle sees the same ones.
import client from "prom-client";

export interface SelfMetrics {
  registry: client.Registry;
  httpRequests: client.Counter<"route" | "method" | "status">;
  httpDuration: client.Histogram<"route" | "method">;
  backendDuration: client.Histogram<"backend" | "operation" | "outcome">;
  backendErrors: client.Counter<"backend" | "kind">;
  cacheRequests: client.Counter<"cache" | "result">;
  requestsShed: client.Counter<"reason">;
  liveTails: client.Gauge<never>;
  lokiTails: client.Gauge<never>;
}

const g = globalThis as typeof globalThis & {
  __sightlineMetrics?: SelfMetrics;
  __sightlineTailHub?: { stats(): { tails: number; subscribers: number } };
};

function tailHubStats(): { tails: number; subscribers: number } | undefined {
  return g.__sightlineTailHub?.stats();
}

function create(): SelfMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // prom-client names three gauges *_total (a counter suffix); promtool check metrics rejects
  // that. The same values stay available without the suffix (nodejs_active_handles…).
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"])
    registry.removeSingleMetric(name);
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    httpRequests: new client.Counter({
      name: "sightline_http_requests_total",
      help: "HTTP requests served, by route pattern, method and status code.",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: "sightline_http_request_duration_seconds",
      help: "Time from request to the end of the response, by route pattern and method.",
      labelNames: ["route", "method"],
      buckets: seconds,
      registers: [registry],
    }),
    backendDuration: new client.Histogram({
      name: "sightline_backend_request_duration_seconds",
      help: "Backend calls: time to the full (capped) body, by backend, operation and outcome.",
      labelNames: ["backend", "operation", "outcome"],
      buckets: seconds,
      registers: [registry],
    }),
    backendErrors: new client.Counter({
      name: "sightline_backend_errors_total",
      help: "Backend failures that reached an API answer, by backend and kind (timeout, unreachable, parse…).",
      labelNames: ["backend", "kind"],
      registers: [registry],
    }),
    cacheRequests: new client.Counter({
      name: "sightline_cache_requests_total",
      help: "Lookups in Sightline's short-lived caches, by cache and result (hit, miss).",
      labelNames: ["cache", "result"],
      registers: [registry],
    }),
    requestsShed: new client.Counter({
      name: "sightline_requests_shed_total",
      help: "Page and API requests refused with 503 to keep the server answering, by reason (in_flight: the concurrency cap; loop_delay: the event loop ran late; page_queue_full, page_queue_timeout: server page renders).",
      labelNames: ["reason"],
      registers: [registry],
    }),
    // Read from the tail hub (lib/server/tail-hub.ts) when scraped.
    liveTails: new client.Gauge({
      name: "sightline_live_tail_connections",
      help: "Browser live-tail (SSE) connections open now.",
      registers: [registry],
      collect() {
        this.set(tailHubStats()?.subscribers ?? 0);
      },
    }),
    lokiTails: new client.Gauge({
      name: "sightline_loki_tail_connections",
      help: "Loki tail WebSockets open now (one per distinct tailed query).",
      registers: [registry],
      collect() {
        this.set(tailHubStats()?.tails ?? 0);
      },
    }),
  };
}

export function selfMetrics(): SelfMetrics {
  g.__sightlineMetrics ??= create();
  return g.__sightlineMetrics;
}

export function countCache(cache: string, hit: boolean): void {
  selfMetrics().cacheRequests.inc({ cache, result: hit ? "hit" : "miss" });
}

// Path segments that name an API operation. Anything else (ids, label names, container refs)
// is dropped, so the operation label has a small, fixed set of values.
const OPERATION_WORDS = new Set([
  "query",
  "query_range",
  "query_exemplars",
  "series",
  "labels",
  "label",
  "values",
  "status",
  "buildinfo",
  "tail",
  "index",
  "volume",
  "traces",
  "trace",
  "services",
  "operations",
  "search",
  "tags",
  "tag",
  "containers",
  "json",
  "stats",
  "events",
  "logs",
  "top",
  "_ping",
  "version",
  "info",
  "pods",
  "generate",
  "kube",
  "namespaces",
  "ready",
  "echo",
]);

/** A bounded operation name for a backend path: `/api/v1/label/job/values` → `label_values`. */
export function operationOf(path: string): string {
  const q = path.indexOf("?");
  const p = q >= 0 ? path.slice(0, q) : path;
  const words = p
    .split("/")
    .filter((s) => OPERATION_WORDS.has(s))
    .slice(0, 4);
  return words.length ? words.join("_") : "other";
}

/** `ok`, `http_4xx`/`http_5xx`, or the transport failure kind (timeout, unreachable…). */
export function outcomeOf(status: number | undefined, errorKind?: string): string {
  if (errorKind) return errorKind;
  if (status === undefined) return "error";
  if (status >= 500) return "http_5xx";
  if (status >= 400) return "http_4xx";
  return "ok";
}
