// The mappings of one container (or of the installation) for the settings page and links out.
import type { Backends } from "../backends/factory";
import type { Detection } from "../correlation/mapping";
import { containerToLogs, containerToMetrics, containerToTraces } from "../correlation/pivots";
import type { BackendMappingInfo, CorrelationResponse } from "../model/api-correlation";
import type { Container } from "../model/container";
import type { PivotLink } from "../model/pivot";
import { millis, type TimeRange } from "../model/time";
import { grafanaExploreHref, jaegerSearchHref } from "../url/links-out";
import { getConfig } from "../config";
import { correlate } from "./correlate";
import { loadCorrelationConfig } from "./correlation-config";
import { toApiError } from "./respond";

function info<M extends object>(
  backend: BackendMappingInfo["backend"],
  configured: boolean,
  det: Detection<M> | undefined,
  err: unknown,
): BackendMappingInfo {
  if (!configured) return { backend, status: "off", message: `${backend} is not configured` };
  if (err) return { backend, status: "error", message: toApiError(err).message };
  if (!det) return { backend, status: "reason", message: "not detected yet" };
  if (det.kind === "reason") {
    return {
      backend,
      status: "reason",
      message: det.message,
      suggestion: det.suggestion,
      labelsSeen: "labelsSeen" in det ? det.labelsSeen : undefined,
    };
  }
  return {
    backend,
    status: "mapping",
    summary: JSON.stringify(det.mapping),
    evidence: det.evidence,
    source: det.source,
  };
}

/** Container → its signals in Grafana Explore and the Jaeger UI, where those are configured. */
function linksOut(c: Container, corr: Awaited<ReturnType<typeof correlate>>, range: TimeRange): PivotLink[] {
  const cfg = getConfig();
  const m = corr.mappings;
  const out: PivotLink[] = [];
  const g = cfg.grafana;
  const metrics = containerToMetrics(c, m.prometheus, range);
  if (g?.prometheusUid && metrics.kind === "target" && metrics.query) {
    out.push({
      kind: "link",
      label: "Metrics in Grafana Explore ↗",
      href: grafanaExploreHref({
        grafanaUrl: g.url,
        datasourceUid: g.prometheusUid,
        expr: metrics.query,
        range,
        kind: "prometheus",
      }),
    });
  }
  const logs = containerToLogs(c, m.loki, range);
  if (g?.lokiUid && logs.kind === "target" && logs.query) {
    out.push({
      kind: "link",
      label: "Logs in Grafana Explore ↗",
      href: grafanaExploreHref({ grafanaUrl: g.url, datasourceUid: g.lokiUid, expr: logs.query, range, kind: "loki" }),
    });
  }
  const traces = containerToTraces(c, m.jaeger, range);
  const jaegerUi = cfg.demo ? undefined : cfg.jaegerUiUrl;
  if (jaegerUi && traces.kind === "target" && traces.query) {
    out.push({ kind: "link", label: "Jaeger UI ↗", href: jaegerSearchHref(jaegerUi, traces.query, range) });
  }
  return out;
}

const lastHour = (): TimeRange => ({ from: millis(Date.now() - 3_600_000), to: millis(Date.now()) });

export async function correlationInfo(
  b: Backends,
  c: Container,
  range: TimeRange = lastHour(),
): Promise<CorrelationResponse> {
  const corr = await correlate(b, c);
  const { file, error } = await loadCorrelationConfig();
  const m = corr.mappings;
  return {
    container: { name: c.name, id: c.id },
    backends: [
      info("prometheus", Boolean(b.metrics), m.prometheus, corr.errors.prometheus),
      info("loki", Boolean(b.logs), m.loki, corr.errors.loki),
      info("jaeger", Boolean(b.traces), m.jaeger, corr.errors.jaeger),
    ],
    configFile: file,
    configError: error ?? corr.configError,
    linksOut: linksOut(c, corr, range),
  };
}
