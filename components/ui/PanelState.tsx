import type { ReactNode } from "react";
import { ApiError } from "@/lib/queries/fetch-json";

const NAMES: Record<string, string> = {
  prometheus: "Prometheus",
  loki: "Loki",
  jaeger: "Jaeger",
  tempo: "Tempo",
  engine: "Container engine",
};

/** The error state every panel shares: backend named, message readable, a retry. */
export function PanelError({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  const b = error instanceof ApiError ? error.backend : (error as { backend?: unknown } | null)?.backend;
  const backend = typeof b === "string" ? NAMES[b] : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="state error" role="alert" data-testid="panel-error">
      <strong>
        {backend ? `${backend} failed` : "Sightline failed"} to load {what}
      </strong>
      <span className="mono">{message}</span>
      {requestId ? (
        <span className="mono" data-testid="request-id" title="Find this call in Sightline's request log">
          request id {requestId}
        </span>
      ) : null}
      {onRetry ? (
        <div style={{ marginTop: 8 }}>
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function PanelEmpty({ children }: { children: ReactNode }) {
  return (
    <div className="state" data-testid="panel-empty">
      {children}
    </div>
  );
}

export function PanelLoading({ height = 120 }: { height?: number }) {
  return <div className="skeleton" style={{ height }} aria-busy="true" aria-label="Loading" />;
}
