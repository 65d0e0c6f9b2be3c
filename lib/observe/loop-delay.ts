// How late the event loop runs (issue #13): one Node thread serves every request, so when it is
// saturated every answer — /api/health included — waits behind the work already admitted. The
// request hook (http-hook.ts) refuses new page and API requests while the loop is late
// (SIGHTLINE_MAX_LOOP_DELAY_MS), which is what keeps the server answering under load: the
// in-flight cap alone admits as much work as there are slots, however slow each has become.
//
// A timer due every `intervalMs` measures how late it fires; the delay is smoothed over a few
// samples (one long task is not an overload, a run of them is), and read between samples it
// counts how overdue the timer already is (a loop stuck right now is late right now).

/** Weight of a new sample in the smoothed delay. */
export const SMOOTHING = 0.3;

export class LoopDelay {
  private expected: number;
  private smoothed = 0;
  private worst = 0;
  constructor(
    readonly intervalMs: number,
    start: number,
  ) {
    this.expected = start + intervalMs;
  }

  /** The timer fired at `now`; it is due again `intervalMs` later. */
  tick(now: number): void {
    const late = Math.max(0, now - this.expected);
    this.smoothed += SMOOTHING * (late - this.smoothed);
    this.worst = Math.max(this.worst, late);
    this.expected = now + this.intervalMs;
  }

  /** The smoothed delay (ms), as it would be if the timer fired at `now`. */
  delayMs(now: number): number {
    const overdue = now - this.expected;
    if (overdue <= 0) return this.smoothed;
    return Math.max(this.smoothed, this.smoothed + SMOOTHING * (overdue - this.smoothed));
  }

  /** The longest single delay since the last call (for metrics), then reset. */
  takeWorst(): number {
    const w = this.worst;
    this.worst = 0;
    return w;
  }
}

/**
 * Below this many page and API requests in flight, a late loop is not a backlog to protect: a
 * cold server's first page (modules loading, first renders: one user's ~10 parallel calls with
 * the loop a second late) must not be refused, and refusing would not relieve anything.
 */
export const SHED_MIN_IN_FLIGHT = 12;

/**
 * The share of SIGHTLINE_MAX_LOOP_DELAY_MS the adaptive limit aims at (12.5 ms of the default
 * 50). Aiming at half of it kept the loop ~25 ms late and the load bench's /api/health p99 at
 * 87–114 ms; a quarter, 64–70 ms, for ~5 % fewer requests served (#13).
 */
export const LATE_FRACTION = 0.25;

/** How often the in-flight limit moves (ms), and by how much when the loop is late. */
export const LIMIT_STEP_MS = 100;
export const LIMIT_DECREASE = 0.75;

/**
 * How many page and API requests may be in flight while the loop runs late (issue #13). Refusing
 * only past `maxMs` let every waiting client in each time the delay dipped under it (a burst that
 * made the next long turn), so the loop swung around the limit with turns of 150–400 ms. This
 * limit is the usual additive-increase / multiplicative-decrease one: each LIMIT_STEP_MS the loop
 * is later than `targetMs` it falls to LIMIT_DECREASE of what is in flight (never under
 * SHED_MIN_IN_FLIGHT), and each step it is not it grows by one, so admissions come back
 * gradually and the queue of admitted work stays short.
 */
export class InFlightLimit {
  private value = Number.POSITIVE_INFINITY;
  private stepAt: number;
  constructor(
    readonly targetMs: number,
    start: number,
    readonly floor = SHED_MIN_IN_FLIGHT,
  ) {
    this.stepAt = start;
  }

  /** The limit at `now`, with `inFlight` requests in flight and the loop `delayMs` late. */
  at(now: number, delayMs: number, inFlight: number): number {
    const steps = Math.floor((now - this.stepAt) / LIMIT_STEP_MS);
    if (steps <= 0) return this.value;
    this.stepAt += steps * LIMIT_STEP_MS;
    if (delayMs > this.targetMs)
      this.value = Math.max(this.floor, Math.floor(Math.min(this.value, inFlight) * LIMIT_DECREASE));
    else this.value += steps;
    return this.value;
  }
}

/**
 * The refusal while the loop is late but under its hard limit (`delayMs` > the target) and
 * `limit` requests are already in flight.
 */
export function limitedFor(delayMs: number, limit: number): Overload {
  return {
    message: `Sightline is busy: its work queue runs ${Math.round(delayMs)} ms late, so it serves ${limit} requests at once for now; try again in a moment`,
    retryAfterS: 1,
  };
}

/** A refusal while the loop is late: the message and the seconds a client should wait. */
export interface Overload {
  message: string;
  retryAfterS: number;
}

/**
 * Refuse new work when the smoothed delay is over `maxMs` (0 = never). The wait grows with the
 * delay (1 s, plus 1 s per 250 ms late, at most 5 s) so refused clients come back when the
 * backlog they would join has drained.
 */
export function overloadFor(delayMs: number, maxMs: number): Overload | undefined {
  if (maxMs <= 0 || delayMs <= maxMs) return undefined;
  const late = Math.round(delayMs);
  return {
    message: `Sightline is busy: its work queue runs ${late} ms late (limit ${maxMs} ms); try again in a moment`,
    retryAfterS: Math.min(5, 1 + Math.floor(delayMs / 250)),
  };
}

export interface LoopDelaySampler {
  /** The smoothed event-loop delay now (ms). */
  delayMs(): number;
  stop(): void;
}

/** The process's sampler: a 10 ms timer that keeps nothing alive (unref). */
export function startLoopDelaySampler(intervalMs = 10, now: () => number = performance.now.bind(performance)) {
  const d = new LoopDelay(intervalMs, now());
  const timer = setInterval(() => d.tick(now()), intervalMs);
  timer.unref();
  const sampler: LoopDelaySampler & { loop: LoopDelay } = {
    loop: d,
    delayMs: () => d.delayMs(now()),
    stop: () => clearInterval(timer),
  };
  return sampler;
}
