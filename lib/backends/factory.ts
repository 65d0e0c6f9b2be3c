// Builds one backend per signal from validated config (DESIGN.md §8.3).
import type { AppConfig, HttpBackendConfig } from "../config";
import type { BackendName } from "../model/errors";
import { createEngineBackend } from "./engine/client";
import type { Transport } from "./http";
import { createJaegerBackend } from "./jaeger/client";
import { createKubernetesBackend } from "./kubernetes/client";
import { createLokiBackend } from "./loki/client";
import { createPrometheusBackend } from "./prometheus/client";
import type { EngineBackend, LogsBackend, MetricsBackend, TracesBackend } from "./types";

export interface Backends {
  metrics?: MetricsBackend;
  logs?: LogsBackend;
  traces?: TracesBackend;
  engines: EngineBackend[];
}

function transport(backend: BackendName, c: HttpBackendConfig, maxBytes: number): Transport {
  return { backend, baseUrl: c.url, timeoutMs: c.timeoutMs, maxBytes, auth: c.auth };
}

export function createBackends(cfg: AppConfig): Backends {
  const max = cfg.maxResponseBytes;
  return {
    metrics: cfg.prometheus && createPrometheusBackend(transport("prometheus", cfg.prometheus, max)),
    logs: cfg.loki && createLokiBackend(transport("loki", cfg.loki, max)),
    traces: cfg.jaeger && createJaegerBackend(transport("jaeger", cfg.jaeger, max)),
    engines: cfg.engines.map((e) =>
      e.kubernetes
        ? createKubernetesBackend(e.kubernetes, { timeoutMs: cfg.engineTimeoutMs, maxBytes: max })
        : createEngineBackend(e, { timeoutMs: cfg.engineTimeoutMs, maxBytes: max }),
    ),
  };
}
