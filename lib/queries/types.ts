export type {
  ContainerDetailResponse,
  ContainerLogsResponse,
  ContainerMetricsResponse,
  ContainerTracesResponse,
  HealthResponse,
  LogContextResponse,
  InventoryResponse,
  SparklinesResponse,
  TraceResponse,
} from "../model/api";
export type { CorrelationResponse } from "../model/api-correlation";
