// Ticks for the waterfall's shared time axis: round steps (1-2-5 × 10^k µs) so labels read
// "0 ms, 20 ms, 40 ms" rather than fractions of the trace duration.
import { formatDurationMs } from "@/lib/model/format";
import { micros, microsToMillis } from "@/lib/model/time";

export interface Tick {
  /** µs since trace start. */
  at: number;
  /** 0..1 across the axis. */
  frac: number;
  label: string;
}

export function niceStep(totalUs: number, target = 5): number {
  if (!(totalUs > 0)) return 1;
  const raw = totalUs / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * pow;
}

export function axisTicks(totalUs: number, target = 5): Tick[] {
  if (!(totalUs > 0)) return [{ at: 0, frac: 0, label: "0" }];
  const step = niceStep(totalUs, target);
  const out: Tick[] = [];
  for (let at = 0; at <= totalUs * 1.0000001; at += step) {
    out.push({ at, frac: at / totalUs, label: at === 0 ? "0" : formatOffset(at) });
  }
  return out;
}

/** A µs duration or offset as text ("1.25 ms", "850 µs"). */
export function formatOffset(us: number): string {
  return formatDurationMs(microsToMillis(micros(us)));
}
