// Prometheus metadata-style endpoints (series, labels, label values, metadata, exemplars) computed
// from a PromSource; shapes and sort orders follow the recorded prometheus-2.42 fixtures.
import type { Labels, MetricSeriesSource, PromSource } from "../sources";
import { PromQLError } from "./promql/ast";
import { timeParam } from "./promql/api-params";
import { formatGoFloat } from "./promql/go-compat";
import { compareLabels, LABEL_NAME_RE, type Matcher, matchesAll, sortedLabels } from "./promql/labels";
import { parsePromQL } from "./promql/parse";
import { extractSelectors, parseSeriesSelector } from "./promql/selectors";

/** Help texts of the families the recorded exporter served; other families get "". */
const HELP: Record<string, string> = {
  container_cpu_usage_seconds: "Cumulative cpu time consumed in seconds.",
  container_last_seen: "Last time a container was seen by the exporter",
  container_memory_usage_bytes:
    "Current memory usage in bytes, including all memory regardless of when it was accessed",
  container_memory_working_set_bytes: "Current working set in bytes.",
  container_network_receive_bytes: "Cumulative count of bytes received",
  container_network_transmit_bytes: "Cumulative count of bytes transmitted",
  container_spec_memory_limit_bytes: "Memory limit for the container.",
  container_start_time_seconds: "Start time of the container since unix epoch in seconds.",
  http_server_requests: "Total number of HTTP requests handled, by service, route template and status code.",
};
/** Series Prometheus synthesises per scrape; they have no metadata. */
const SYNTHETIC = new Set([
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
]);
const PROBES = 400;

function withQueryParam<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PromQLError && e.errorType === "bad_data") {
      throw new PromQLError("bad_data", `invalid parameter "${name}": ${e.message}`);
    }
    throw e;
  }
}

/** start/end are approximate in Prometheus too: probe the scrape grid instead of reading every sample. */
function activeIn(s: MetricSeriesSource, stepMs: number, from?: number, to?: number): boolean {
  if (from === undefined || to === undefined) return true;
  const first = Math.ceil(from / stepMs);
  const last = Math.floor(to / stepMs);
  const n = last - first;
  if (n < 0) return false;
  const stride = Math.max(1, Math.floor(n / PROBES));
  for (let i = first; i <= last; i += stride) if (s.valueAt(i * stepMs) !== undefined) return true;
  return s.valueAt(last * stepMs) !== undefined;
}

function window(params: URLSearchParams): { from?: number; to?: number } {
  const has = (k: string): boolean => (params.get(k) ?? "") !== "";
  return {
    ...(has("start") ? { from: timeParam(params, "start") } : {}),
    ...(has("end") ? { to: timeParam(params, "end") } : {}),
  };
}

function selectedSeries(src: PromSource, params: URLSearchParams, requireMatch: boolean): Labels[] {
  const matches = params.getAll("match[]");
  if (requireMatch && matches.length === 0) throw new PromQLError("bad_data", "no match[] parameter provided");
  const sets: Matcher[][] = matches.map((m) => withQueryParam("match[]", () => parseSeriesSelector(m)));
  const { from, to } = window(params);
  const step = Math.max(1, src.scrapeIntervalMs);
  const seen = new Set<string>();
  const out: Labels[] = [];
  for (const s of src.series()) {
    if (sets.length && !sets.some((m) => matchesAll(s.labels, m))) continue;
    if (!activeIn(s, step, from, to)) continue;
    const labels = sortedLabels(s.labels);
    const key = JSON.stringify(labels);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(labels);
  }
  return out.sort(compareLabels);
}

export function seriesData(src: PromSource, params: URLSearchParams): Labels[] {
  return selectedSeries(src, params, true);
}

export function labelNamesData(src: PromSource, params: URLSearchParams): string[] {
  const names = new Set<string>();
  for (const l of selectedSeries(src, params, false)) for (const k of Object.keys(l)) names.add(k);
  return [...names].sort();
}

export function labelValuesData(src: PromSource, params: URLSearchParams, name: string): string[] {
  if (!LABEL_NAME_RE.test(name)) throw new PromQLError("bad_data", `invalid label name: "${name}"`);
  const values = new Set<string>();
  for (const l of selectedSeries(src, params, false)) {
    const v = l[name];
    if (v !== undefined && v !== "") values.add(v);
  }
  return [...values].sort();
}

interface MetadataEntry {
  type: string;
  help: string;
  unit: string;
}

/** Keyed by OpenMetrics family name: counters lose their `_total` suffix (see fixtures README). */
export function metadataData(src: PromSource, params: URLSearchParams): Record<string, MetadataEntry[]> {
  const families = new Map<string, MetadataEntry>();
  for (const s of src.series()) {
    const name = s.labels.__name__ ?? "";
    if (name === "" || SYNTHETIC.has(name)) continue;
    const family = s.kind === "counter" ? name.replace(/_total$/, "") : name;
    if (!families.has(family)) families.set(family, { type: s.kind, help: HELP[family] ?? "", unit: "" });
  }
  const metric = params.get("metric") ?? "";
  const limitRaw = params.get("limit") ?? "";
  const limit = limitRaw === "" ? -1 : Number.parseInt(limitRaw, 10);
  if (limitRaw !== "" && Number.isNaN(limit)) throw new PromQLError("bad_data", "limit must be a number");
  const out: Record<string, MetadataEntry[]> = {};
  let n = 0;
  for (const family of [...families.keys()].sort()) {
    if (metric !== "" && family !== metric) continue;
    if (limit >= 0 && n >= limit) break;
    out[family] = [families.get(family) as MetadataEntry];
    n++;
  }
  return out;
}

export interface WireExemplarSeries {
  seriesLabels: Labels;
  exemplars: { labels: Labels; value: string; timestamp: number }[];
}

export function exemplarsData(src: PromSource, params: URLSearchParams, nowMs: number): WireExemplarSeries[] {
  const to = timeParam(params, "end", nowMs);
  const from = timeParam(params, "start", to - 3_600_000);
  if (to < from)
    throw new PromQLError("bad_data", 'invalid parameter "end": end timestamp must not be before start time');
  const selectors = withQueryParam("query", () => extractSelectors(parsePromQL(params.get("query") ?? "")));
  return src
    .exemplars(from, to)
    .filter((s) => selectors.some((m) => matchesAll(s.seriesLabels, m)))
    .map((s) => ({
      seriesLabels: sortedLabels(s.seriesLabels),
      exemplars: s.exemplars
        .filter((e) => e.tMs >= from && e.tMs <= to)
        .sort((a, b) => a.tMs - b.tMs)
        .map((e) => ({ labels: sortedLabels(e.labels), value: formatGoFloat(e.value), timestamp: e.tMs / 1000 })),
    }))
    .filter((s) => s.exemplars.length > 0)
    .sort((a, b) => compareLabels(a.seriesLabels, b.seriesLabels));
}
