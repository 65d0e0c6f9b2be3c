// The mappings of one container (or of the installation) for the settings page and links out.
import type { Backends } from "../backends/factory";
import { logQuery } from "../correlation/queries-loki";
import { jaegerSearch } from "../correlation/queries-jaeger";
import { containerMetricQueries } from "../correlation/queries-prometheus";
import type { Detection } from "../correlation/mapping";
import type { BackendMappingInfo, CorrelationResponse } from "../model/api-correlation";
import type { Container } from "../model/container";
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

export async function correlationInfo(b: Backends, c: Container): Promise<CorrelationResponse> {
  const corr = await correlate(b, c);
  const { file, error } = await loadCorrelationConfig();
  const m = corr.mappings;
  const cfg = getConfig();
  const links: CorrelationResponse["links"] = {
    grafana: cfg.grafana
      ? { url: cfg.grafana.url, prometheusUid: cfg.grafana.prometheusUid, lokiUid: cfg.grafana.lokiUid }
      : undefined,
    jaegerUiUrl: cfg.demo ? undefined : cfg.jaegerUiUrl,
  };
  if (m.prometheus?.kind === "mapping") {
    const q = containerMetricQueries(m.prometheus.mapping, c, { stepSeconds: 15 });
    if (q.kind === "queries") links.metricsExpr = q.cpuCores;
  }
  if (m.loki?.kind === "mapping") {
    const q = logQuery(m.loki.mapping, c);
    if (q.kind === "query") links.logsExpr = q.query;
  }
  if (m.jaeger?.kind === "mapping") {
    const s = jaegerSearch(m.jaeger.mapping, c);
    if (s.kind === "search") links.jaegerService = s.service;
  }
  return {
    container: { name: c.name, id: c.id },
    backends: [
      info("prometheus", Boolean(b.metrics), m.prometheus, corr.errors.prometheus),
      info("loki", Boolean(b.logs), m.loki, corr.errors.loki),
      info("jaeger", Boolean(b.traces), m.jaeger, corr.errors.jaeger),
    ],
    configFile: file,
    configError: error ?? corr.configError,
    links,
  };
}
