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

/** "12:34:56.789" in the viewer's zone (browser) or the server's (embed). */
export function formatClock(ms: number, opts: { withDate?: boolean; ms?: boolean; timeZone?: string } = {}): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString("en-GB", { hour12: false, timeZone: opts.timeZone });
  const frac = opts.ms ? `.${String(d.getMilliseconds()).padStart(3, "0")}` : "";
  if (!opts.withDate) return time + frac;
  const date = d.toLocaleDateString("en-CA", { timeZone: opts.timeZone });
  return `${date} ${time}${frac}`;
}
