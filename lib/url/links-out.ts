// Links out of Sightline: Grafana Explore and the Jaeger UI. Base URLs come from validated
// server config (http(s) only, lib/config.ts); here they are only joined, never trusted input.
import type { TimeRange } from "../model/time";
import { normalizeSpanId, normalizeTraceId } from "../model/trace-id";
import type { RangeExpr } from "./range";
import { formatTimeParam } from "./time";

export interface GrafanaExploreLink {
  grafanaUrl: string;
  datasourceUid: string;
  expr: string;
  /** A relative range stays relative (Grafana reads `now-1h`); absolute ends become epoch ms. */
  range: RangeExpr | TimeRange;
  kind: "prometheus" | "loki";
  orgId?: number;
}

/** The JSON inside Explore's `panes` parameter; exported so tests can compare it decoded. */
export interface ExplorePanes {
  [paneId: string]: {
    datasource: string;
    queries: { refId: string; expr: string; editorMode: "code"; datasource: { type: string; uid: string } }[];
    range: { from: string; to: string };
  };
}

const trimBase = (u: string) => u.replace(/\/+$/, "");
const rangeStrings = (r: RangeExpr | TimeRange): { from: string; to: string } =>
  typeof r.from === "number" && typeof r.to === "number"
    ? { from: String(Math.round(r.from)), to: String(Math.round(r.to)) }
    : { from: fmt(r.from), to: fmt(r.to) };
const fmt = (t: RangeExpr["from"] | number) => (typeof t === "number" ? String(Math.round(t)) : formatTimeParam(t));

/**
 * Grafana Explore in its current URL format (`schemaVersion=1&panes=…`, Grafana 10+).
 * `editorMode: "code"` opens the query as text; the builder cannot show every PromQL/LogQL.
 */
export function grafanaExploreHref(link: GrafanaExploreLink): string {
  const panes: ExplorePanes = {
    a: {
      datasource: link.datasourceUid,
      queries: [
        {
          refId: "A",
          expr: link.expr,
          editorMode: "code",
          datasource: { type: link.kind, uid: link.datasourceUid },
        },
      ],
      range: rangeStrings(link.range),
    },
  };
  const panesParam = encodeURIComponent(JSON.stringify(panes));
  return `${trimBase(link.grafanaUrl)}/explore?schemaVersion=1&panes=${panesParam}&orgId=${link.orgId ?? 1}`;
}

/** Jaeger UI's trace page; `uiFind` highlights and scrolls to the span. */
export function jaegerTraceHref(jaegerUiUrl: string, traceId: string, spanId?: string): string {
  const id = normalizeTraceId(traceId) ?? traceId;
  const span = spanId === undefined ? undefined : (normalizeSpanId(spanId) ?? spanId);
  const path = `${trimBase(jaegerUiUrl)}/trace/${encodeURIComponent(id)}`;
  return span ? `${path}?uiFind=${encodeURIComponent(span)}` : path;
}

/** Jaeger UI's search for one service over a range (ms → Jaeger's µs). */
export function jaegerSearchHref(jaegerUiUrl: string, service: string, range: TimeRange, limit = 100): string {
  const q = new URLSearchParams({
    service,
    start: String(Math.floor(range.from) * 1000),
    end: String(Math.ceil(range.to) * 1000),
    limit: String(limit),
  });
  return `${trimBase(jaegerUiUrl)}/search?${q}`;
}
