// The world's clock: a 20-minute cycle (one payments incident per cycle), daily jobs, and
// 30-day "deploy epochs" after which every container is recreated with a new ID.
import { hash } from "./prng";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const CYCLE_MS = 20 * MINUTE;
/** The incident occupies the first INCIDENT_MS of every cycle. */
export const INCIDENT_MS = 4 * MINUTE;
export const EPOCH_MS = 30 * DAY;
export const SCRAPE_MS = 5 * SECOND;

export interface Schedule {
  seed: number;
  /** Start of cycle 0 (an incident starts here and every CYCLE_MS after). */
  cycleOrigin: number;
  /** Daily jobs (shop-migrate) run at dayOrigin + n·DAY. */
  dayOrigin: number;
  /** Deploy epoch n starts at epochOrigin + n·EPOCH_MS. */
  epochOrigin: number;
}

export interface IncidentWindow {
  startMs: number;
  endMs: number;
  service: "payments";
  summary: string;
}

export function makeSchedule(seed: number): Schedule {
  // Offsets are whole 10 s so scrape grids, request slots and cycles line up.
  const cycleOrigin = (hash(seed, 1) % 120) * 10 * SECOND;
  const dayOrigin = 3 * HOUR + (hash(seed, 2) % 60) * MINUTE;
  // Epoch boundaries fall on a migrate run; the day offset depends on the seed.
  const epochOrigin = dayOrigin + ((hash(seed, 3) % 30) + 7) * DAY;
  return { seed, cycleOrigin, dayOrigin, epochOrigin };
}

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

export function cycleOf(s: Schedule, tMs: number): number {
  return floorDiv(tMs - s.cycleOrigin, CYCLE_MS);
}

export function incidentOfCycle(s: Schedule, cycle: number): IncidentWindow {
  const startMs = s.cycleOrigin + cycle * CYCLE_MS;
  return {
    startMs,
    endMs: startMs + INCIDENT_MS,
    service: "payments",
    summary: "payments: card issuer slow, CPU near its 1-core limit, ~40% of charges fail with 502",
  };
}

export function inIncident(s: Schedule, tMs: number): boolean {
  const pos = tMs - s.cycleOrigin - cycleOf(s, tMs) * CYCLE_MS;
  return pos < INCIDENT_MS;
}

/** Incident windows overlapping [fromMs, toMs]. */
export function incidentsIn(s: Schedule, fromMs: number, toMs: number): IncidentWindow[] {
  const out: IncidentWindow[] = [];
  for (let c = cycleOf(s, fromMs); ; c++) {
    const w = incidentOfCycle(s, c);
    if (w.startMs > toMs) break;
    if (w.endMs > fromMs) out.push(w);
  }
  return out;
}

export function epochOf(s: Schedule, tMs: number): number {
  return floorDiv(tMs - s.epochOrigin, EPOCH_MS);
}

export function epochStart(s: Schedule, epoch: number): number {
  return s.epochOrigin + epoch * EPOCH_MS;
}

/** Epochs overlapping [fromMs, toMs], oldest first. */
export function epochsIn(s: Schedule, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let e = epochOf(s, fromMs); e <= epochOf(s, toMs); e++) out.push(e);
  return out;
}
