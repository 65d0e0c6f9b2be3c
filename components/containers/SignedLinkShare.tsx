"use client";
// Share → "link for Grafana / alerts": a signed, expiring link that opens without a session
// (Grafana's sandboxed Text panel sends no cookies; an alert link may open in a cold browser).
import { useState } from "react";
import type { MintResponse } from "@/lib/model/api";
import { postJson } from "@/lib/queries/fetch-json";

const EXPIRIES: [string, number][] = [
  ["1 hour", 3600],
  ["1 day", 86_400],
  ["7 days", 7 * 86_400],
  ["30 days", 30 * 86_400],
  ["90 days", 90 * 86_400],
  ["1 year", 365 * 86_400],
];

function Copyable({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <label className="grid" style={{ gap: 2 }}>
      <span className="muted">{label}</span>
      <input readOnly value={value} data-testid={testId} className="mono" onFocus={(e) => e.currentTarget.select()} />
    </label>
  );
}

export function SignedLinkShare({ containerRef, hasCompose }: { containerRef: string; hasCompose: boolean }) {
  const [open, setOpen] = useState(false);
  const [ttl, setTtl] = useState(30 * 86_400);
  const [reach, setReach] = useState<"container" | "compose">("container");
  const [result, setResult] = useState<MintResponse | undefined>();
  const [error, setError] = useState<string | undefined>();
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  const create = async () => {
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await postJson<MintResponse>("/api/links", { container: containerRef, reach, ttlSeconds: ttl }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div style={{ position: "relative" }}>
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="signed-link-open">
        Link for Grafana / alerts
      </button>
      {open ? (
        <div className="panel grid" style={{ position: "absolute", right: 0, zIndex: 20, width: 560, gap: 8 }}>
          <div className="row">
            <label className="row">
              Shows
              <select value={reach} onChange={(e) => setReach(e.target.value as "container" | "compose")}>
                <option value="container">this container</option>
                {hasCompose ? <option value="compose">its compose project</option> : null}
              </select>
            </label>
            <label className="row">
              Expires in
              <select value={ttl} onChange={(e) => setTtl(Number(e.target.value))} data-testid="signed-link-ttl">
                {EXPIRIES.map(([l, s]) => (
                  <option key={s} value={s}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={create} data-testid="signed-link-create">
              Create link
            </button>
          </div>
          {error ? <p className="state error">{error}</p> : null}
          {result ? (
            <>
              <p className="muted">
                Anyone with this link sees {result.scope} until {new Date(result.expiresAt).toLocaleString()}, without
                signing in. Grafana&apos;s <span className="mono">${"{name}"}</span>,{" "}
                <span className="mono">${"{__from}"}</span> and <span className="mono">${"{__to}"}</span> may vary; the
                container must stay inside that scope.
              </p>
              <Copyable
                label="Grafana Text panel iframe src"
                value={origin + result.embedTemplate}
                testId="signed-link-embed"
              />
              <Copyable label="Alert link (/go)" value={origin + result.goTemplate} testId="signed-link-go" />
              <Copyable
                label="This container's embed now"
                value={origin + result.embed}
                testId="signed-link-embed-now"
              />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
