// Timestamps of a trace page load's server phases (proxy, backend answer, decode, placement,
// layout, page), for scripts/bench/diag-trace.ts, and of a container page's (page start,
// container resolved, each panel's seed) for scripts/bench/diag-deeplink.ts: with
// SIGHTLINE_TRACE_TIMING=1 each mark is a stderr line "[trace-timing] <epoch ms, µs precision> <phase>", on the browser's clock.
// Off (the default), a mark is one property read.
const on = process.env.SIGHTLINE_TRACE_TIMING === "1";

export function traceMark(phase: string | (() => string)): void {
  if (!on) return;
  const at = (performance.timeOrigin + performance.now()).toFixed(1);
  console.error(`[trace-timing] ${at} ${typeof phase === "string" ? phase : phase()}`);
}
