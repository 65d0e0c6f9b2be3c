"use client";
import { useState } from "react";
import { formatClock } from "@/lib/model/format";
import type { ViewRange } from "./use-view-range";

const PRESETS = ["5m", "15m", "30m", "1h", "3h", "6h", "12h", "24h", "2d", "7d"];
const REFRESH = ["off", "5s", "10s", "30s", "1m", "5m"];

/** datetime-local wants local time without zone. */
function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

export function TimeRangePicker({ view }: { view: ViewRange }) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [copied, setCopied] = useState(false);
  const { range } = view;
  const activePreset =
    view.toExpr.kind === "relative" && view.fromExpr.kind === "relative"
      ? view.fromExpr.expr.replace(/^now-/, "")
      : undefined;

  const share = async () => {
    const u = new URL(window.location.href);
    u.searchParams.set("from", String(range.from));
    u.searchParams.set("to", String(range.to));
    u.searchParams.delete("refresh");
    try {
      await navigator.clipboard.writeText(u.toString());
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      window.prompt("Copy this link", u.toString());
    }
  };

  return (
    <div className="row" data-testid="time-range">
      <div className="row" role="group" aria-label="Quick ranges">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={activePreset === p}
            onClick={() => view.setExprs(`now-${p}`, "now")}
          >
            {p}
          </button>
        ))}
      </div>
      <button
        type="button"
        onClick={() => {
          setFrom(toLocalInput(range.from));
          setTo(toLocalInput(range.to));
          setOpen((o) => !o);
        }}
        aria-expanded={open}
        data-testid="range-label"
        title="Set an absolute range"
      >
        {formatClock(range.from, { withDate: true })} → {formatClock(range.to, { withDate: true })}
      </button>
      {open ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new Date(from).getTime();
            const t = new Date(to).getTime();
            if (Number.isFinite(f) && Number.isFinite(t) && f < t) {
              view.setAbsolute(f, t);
              setOpen(false);
            }
          }}
        >
          <input
            type="datetime-local"
            step="1"
            aria-label="From"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <input type="datetime-local" step="1" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="submit">Apply</button>
        </form>
      ) : null}
      <label className="row muted">
        Auto-refresh
        <select
          aria-label="Auto-refresh"
          value={view.refreshRaw ?? "off"}
          onChange={(e) => view.setRefresh(e.target.value === "off" ? undefined : e.target.value)}
        >
          {REFRESH.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => view.refreshNow()} title="Re-query now">
        ↻
      </button>
      <button type="button" onClick={share} title="Copy a link with this exact (absolute) range">
        {copied ? "Copied" : "Share"}
      </button>
    </div>
  );
}
