// Human formats shared by the UI and the no-JS embed.
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${n < 0 ? "-" : ""}${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatCores(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  if (n < 0.01) return `${(n * 1000).toFixed(1)}m`;
  if (n < 1) return `${(n * 1000).toFixed(0)}m`;
  return n.toFixed(2);
}

export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(2)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.round(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return `${(n * 100).toFixed(n < 0.1 ? 1 : 0)}%`;
}

// Intl formatters are costly to build and cheap to reuse: a scrolling log list formats a few
// thousand timestamps a second, so they are created once per (zone, kind).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "time" | "date", timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ""}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === "time"
        ? new Intl.DateTimeFormat("en-GB", {
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
            hourCycle: "h23",
            timeZone,
          })
        : new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "12:34:56.789" in the viewer's zone (browser) or the server's (embed). */
export function formatClock(ms: number, opts: { withDate?: boolean; ms?: boolean; timeZone?: string } = {}): string {
  const d = new Date(ms);
  const time = formatter("time", opts.timeZone).format(d);
  const frac = opts.ms ? `.${String(d.getMilliseconds()).padStart(3, "0")}` : "";
  if (!opts.withDate) return time + frac;
  return `${formatter("date", opts.timeZone).format(d)} ${time}${frac}`;
}
