// The worker leaks memory and is OOM-killed once an hour, then started again by its restart
// policy: a kill and a restart inside every default (1 h) range, seen by every source —
// engine events (oom, die 137, start), the start-time series, memory at the limit, the logs.
import type { Schedule } from "./schedule";
import { HOUR, MINUTE, SECOND, floorDiv } from "./schedule";

export const OOM_KEY = "worker";
export const OOM_PERIOD_MS = HOUR;
/** Offset of the kill inside each hour, from the cycle origin. */
export const OOM_OFFSET_MS = 37 * MINUTE + 20 * SECOND;
/** From the kill to the restart (Docker's restart policy waits ~100 ms, then start-up). */
export const RESTART_DELAY_MS = 1500;
export const WORKER_LIMIT_BYTES = 256 * 1024 * 1024;

export interface OomKill {
  killMs: number;
  restartMs: number;
}

export function oomKillOf(s: Schedule, k: number): OomKill {
  const killMs = s.cycleOrigin + k * OOM_PERIOD_MS + OOM_OFFSET_MS;
  return { killMs, restartMs: killMs + RESTART_DELAY_MS };
}

/** The kill at or before tMs. */
export function lastOomKill(s: Schedule, tMs: number): OomKill {
  return oomKillOf(s, floorDiv(tMs - s.cycleOrigin - OOM_OFFSET_MS, OOM_PERIOD_MS));
}

/** Kills with fromMs ≤ killMs < toMs, oldest first. */
export function oomKillsIn(s: Schedule, fromMs: number, toMs: number): OomKill[] {
  const out: OomKill[] = [];
  for (let k = floorDiv(fromMs - s.cycleOrigin - OOM_OFFSET_MS, OOM_PERIOD_MS); ; k++) {
    const o = oomKillOf(s, k);
    if (o.killMs >= toMs) break;
    if (o.killMs >= fromMs) out.push(o);
  }
  return out;
}

/**
 * The worker's process start for an instant: undefined while it is dead (between a kill and
 * its restart), otherwise the latest of its container start and its last restart.
 */
export function workerProcessStart(s: Schedule, containerStartMs: number, tMs: number): number | undefined {
  const o = lastOomKill(s, tMs);
  if (o.killMs < containerStartMs) return containerStartMs;
  if (tMs < o.restartMs) return undefined;
  return o.restartMs;
}

/** Restarts of the container between its start and tMs (the engine's RestartCount). */
export function restartsSince(s: Schedule, containerStartMs: number, tMs: number): number {
  return oomKillsIn(s, containerStartMs, tMs).filter((o) => o.restartMs <= tMs).length;
}

/** Leaked bytes: grows from the restart to the limit at the next kill (a sawtooth). */
export function leakFraction(s: Schedule, tMs: number): number {
  const last = lastOomKill(s, tMs);
  const next = oomKillOf(s, floorDiv(last.killMs - s.cycleOrigin - OOM_OFFSET_MS, OOM_PERIOD_MS) + 1);
  const x = (tMs - last.restartMs) / (next.killMs - last.restartMs);
  return Math.min(1, Math.max(0, x));
}
