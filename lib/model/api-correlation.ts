// JSON of /api/correlation: the detected mapping per backend, in display form.
import type { BackendName } from "./errors";
import type { PivotLink } from "./pivot";

export interface BackendMappingInfo {
  backend: Exclude<BackendName, "engine" | "kubernetes">;
  status: "mapping" | "reason" | "error" | "off";
  /** e.g. `cadvisor: label name = container name`. */
  summary?: string;
  evidence?: string;
  source?: "detected" | "override";
  message?: string;
  suggestion?: string;
  labelsSeen?: string[];
}

export interface CorrelationResponse {
  container?: { name: string; id: string };
  backends: BackendMappingInfo[];
  configFile?: string;
  configError?: string;
  /**
   * Container → metrics/logs/traces in other tools (Grafana Explore, Jaeger UI) for the asked
   * range: only the ones that exist (a tool not configured is not an error).
   */
  linksOut: PivotLink[];
}
