import type { Reason } from "@/lib/model/api";

/** A missing pivot or empty panel says why, and what would fix it. */
export function ReasonNote({ reason }: { reason: Reason }) {
  return (
    <div
      className="state"
      data-testid="reason"
      style={{ textAlign: "left", background: "var(--warn-weak)", borderRadius: 6 }}
    >
      <div style={{ color: "var(--text)" }}>{reason.message}</div>
      {reason.labelsSeen?.length ? (
        <div className="muted" style={{ marginTop: 4 }}>
          Labels seen: <span className="mono">{reason.labelsSeen.join(", ")}</span>
        </div>
      ) : null}
      {reason.suggestion ? (
        <div className="muted" style={{ marginTop: 4 }}>
          Fix: <span className="mono">{reason.suggestion}</span>
        </div>
      ) : null}
    </div>
  );
}
