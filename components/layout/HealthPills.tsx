"use client";
import { useQuery } from "@tanstack/react-query";
import { healthQuery } from "@/lib/queries/keys";

export function HealthPills() {
  const { data, error } = useQuery(healthQuery());
  if (error) return <span className="badge error">Sightline API unreachable</span>;
  if (!data) return null;
  return (
    <div className="health" aria-label="Backend health">
      {data.backends.map((b, i) => (
        <span
          key={`${b.backend}-${i}`}
          className="badge"
          data-testid={`health-${b.backend}`}
          data-ok={b.ok ? "1" : "0"}
          title={
            !b.configured
              ? `${b.name}: not configured`
              : b.ok
                ? `${b.name} ${b.version ?? ""} ${b.detail ?? ""} (${b.latencyMs} ms)`
                : `${b.name}: ${b.error}`
          }
        >
          <span className={`dot ${b.configured ? (b.ok ? "up" : "down") : ""}`} />
          {b.name}
        </span>
      ))}
    </div>
  );
}
