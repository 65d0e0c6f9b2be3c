// JSON of /api/correlation: the detected mapping per backend, in display form.
import type { BackendName } from "./errors";

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
  links: {
    grafana?: { url: string; prometheusUid?: string; lokiUid?: string };
    metricsExpr?: string;
    logsExpr?: string;
    jaegerUiUrl?: string;
    jaegerService?: string;
  };
}
