// Timestamp spellings of the various log formats.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 2026-11-21T22:34:50Z (logfmt/JSON apps, like the fixtures). */
export function isoSeconds(ms: number): string {
  return `${isoNoZone(ms)}Z`;
}

/** 2026-11-21T22:34:50 — the day part cached, the time of day by arithmetic. */
function isoNoZone(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== lastDay) {
    lastDay = day;
    lastDayIso = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  const s = Math.floor((ms - day * 86_400_000) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${lastDayIso}${pad2(h)}:${pad2(m)}:${pad2(s % 60)}`;
}
let lastDay = Number.NaN;
let lastDayIso = "";

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/** 2026-11-21T22:34:50.123Z (Spring Boot, Python). */
export function isoMillis(ms: number): string {
  const f = Math.floor(ms);
  return `${isoNoZone(f)}.${pad3(((f % 1000) + 1000) % 1000)}Z`;
}

/** 2026-11-21 22:34:50.123 UTC (PostgreSQL log_line_prefix '%m'). */
export function pgTime(ms: number): string {
  const s = isoMillis(ms);
  return `${s.slice(0, 10)} ${s.slice(11, 23)} UTC`;
}

/** 21 Nov 2026 22:34:50.123 (Redis). */
export function redisTime(ms: number): string {
  const d = new Date(Math.floor(ms));
  const s = d.toISOString();
  return `${s.slice(8, 10)} ${MONTHS[d.getUTCMonth()]} ${s.slice(0, 4)} ${s.slice(11, 23)}`;
}
