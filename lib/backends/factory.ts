// Builds one backend per signal from validated config (DESIGN.md §8.3).
import type { AppConfig, HttpBackendConfig } from "../config";
import type { BackendName } from "../model/errors";
import { createEngineBackend } from "./engine/client";
import { setGovernorLimits } from "./governor";
import type { Transport } from "./http";
import { createJaegerBackend } from "./jaeger/client";
import { createKubernetesBackend } from "./kubernetes/client";
import { createLokiBackend } from "./loki/client";
import { createPrometheusBackend } from "./prometheus/client";
import { createTempoBackend, type TempoBackend } from "./tempo/client";
import { combineTraceBackends } from "./tempo/combined";
import type { EngineBackend, LogsBackend, MetricsBackend, TracesBackend } from "./types";

export interface Backends {
  metrics?: MetricsBackend;
  logs?: LogsBackend;
  /** Jaeger, Tempo, or both combined (lib/backends/tempo/combined.ts). */
  traces?: TracesBackend;
  /** Tempo on its own too (health, tag detection). */
  tempo?: TempoBackend;
  engines: EngineBackend[];
}

function transport(backend: BackendName, c: HttpBackendConfig, maxBytes: number, maxTraceBytes?: number): Transport {
  return { backend, baseUrl: c.url, timeoutMs: c.timeoutMs, maxBytes, auth: c.auth, maxTraceBytes };
}

export function createBackends(cfg: AppConfig): Backends {
  if (cfg.limits) setGovernorLimits(cfg.limits.governor);
  const max = cfg.maxResponseBytes;
  const jaeger = cfg.jaeger && createJaegerBackend(transport("jaeger", cfg.jaeger, max, cfg.maxTraceBytes));
  const tempo = cfg.tempo && createTempoBackend(transport("tempo", cfg.tempo, max, cfg.maxTraceBytes));
  return {
    metrics: cfg.prometheus && createPrometheusBackend(transport("prometheus", cfg.prometheus, max)),
    logs: cfg.loki && createLokiBackend(transport("loki", cfg.loki, max)),
    traces: jaeger && tempo ? combineTraceBackends(jaeger, tempo) : (jaeger ?? tempo),
    tempo,
    engines: cfg.engines.map((e) =>
      e.kubernetes
        ? createKubernetesBackend(e.kubernetes, { timeoutMs: cfg.engineTimeoutMs, maxBytes: max })
        : createEngineBackend(e, { timeoutMs: cfg.engineTimeoutMs, maxBytes: max }),
    ),
  };
}
