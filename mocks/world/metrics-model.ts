// Resource usage of each container as closed-form functions of absolute time: CPU and
// network as rates with exact antiderivatives (counters are O(1) and monotone), memory
// as a gauge. The payments incident shows here as CPU near its 1-core limit, throttling
// and a memory climb, on exactly the incident windows of schedule.ts.
import type { ServiceKey } from "./containers";
import { cartBurstOrigin } from "./log-gens-apps";
import { strHash } from "./prng";
import {
  type Daily,
  type Noise,
  type Pulse,
  dailyIntegral,
  dailyValue,
  noiseIntegral,
  pulseIntegral,
  stepNoise,
} from "./pulse";
import type { RequestWorld } from "./requests";
import { CYCLE_MS, DAY, HOUR, INCIDENT_MS, SCRAPE_MS, SECOND } from "./schedule";
import { OOM_KEY, WORKER_LIMIT_BYTES, leakFraction } from "./oom";

const MiB = 1024 * 1024;

/** rate(t) = base·daily(t) + noise(t) + Σ pulses(t); G is its antiderivative in seconds. */
export interface RateModel {
  base: number;
  daily: Daily;
  noise: Noise;
  pulses: Pulse[];
}

export function rateIntegral(m: RateModel, t: number): number {
  let g = m.base * dailyIntegral(m.daily, t) + noiseIntegral(m.noise, t);
  for (const p of m.pulses) g += pulseIntegral(p, t);
  return g;
}

export interface ContainerModel {
  cpu: RateModel;
  netRx: RateModel;
  netTx: RateModel;
  /** Working set bytes at t. */
  workingSet(t: number): number;
  /** Page cache on top of the working set (usage = working set + cache). */
  cacheBytes: number;
  /** CFS throttling (payments only: the one container with a CPU quota). */
  throttledSeconds?: RateModel;
  throttledPeriods?: RateModel;
  periods?: RateModel;
}

interface Params {
  cpu: number;
  cpuNoise: number;
  mem: number;
  cache: number;
  rx: number;
  tx: number;
}

const PARAMS: Record<ServiceKey, Params> = {
  frontend: { cpu: 0.06, cpuNoise: 0.02, mem: 48 * MiB, cache: 6 * MiB, rx: 5200, tx: 14_000 },
  cart: { cpu: 0.03, cpuNoise: 0.01, mem: 96 * MiB, cache: 12 * MiB, rx: 3000, tx: 2500 },
  payments: { cpu: 0.04, cpuNoise: 0.015, mem: 130 * MiB, cache: 18 * MiB, rx: 1500, tx: 1800 },
  db: { cpu: 0.025, cpuNoise: 0.008, mem: 310 * MiB, cache: 220 * MiB, rx: 4000, tx: 9000 },
  worker: { cpu: 0.015, cpuNoise: 0.005, mem: 72 * MiB, cache: 5 * MiB, rx: 600, tx: 400 },
  queue: { cpu: 0.008, cpuNoise: 0.003, mem: 14 * MiB, cache: 2 * MiB, rx: 800, tx: 700 },
  migrate: { cpu: 0.3, cpuNoise: 0.1, mem: 20 * MiB, cache: 3 * MiB, rx: 2000, tx: 1000 },
  legacy: { cpu: 0.05, cpuNoise: 0.02, mem: 420 * MiB, cache: 60 * MiB, rx: 300, tx: 200 },
};

/** The payments incident as a trapezoid: 20 s rise, plateau, 30 s fall, within INCIDENT_MS. */
export function incidentPulse(w: RequestWorld, amp: number): Pulse {
  return {
    origin: w.schedule.cycleOrigin,
    period: CYCLE_MS,
    rise: 20 * SECOND,
    plateau: INCIDENT_MS - 50 * SECOND,
    fall: 30 * SECOND,
    amp,
  };
}

export function makeContainerModel(w: RequestWorld, key: ServiceKey): ContainerModel {
  const p = PARAMS[key];
  const seed = w.seed;
  const tag = strHash(key);
  const origin = w.schedule.cycleOrigin;
  const daily: Daily = { phase: 9 * HOUR + (tag % 7) * HOUR, depth: key === "migrate" ? 0 : 0.25 };
  const noise = (n: number, amp: number): Noise => ({ seed, tag: tag + n, origin, step: SCRAPE_MS, amp });
  const rate = (base: number, amp: number, n: number, pulses: Pulse[] = []): RateModel => ({
    base,
    daily,
    noise: noise(n, amp),
    pulses,
  });
  const pulses: Pulse[] = [];
  if (key === "cart")
    pulses.push({ origin: cartBurstOrigin(w), period: 20 * SECOND, rise: 0, plateau: 5 * SECOND, fall: 0, amp: 0.97 });
  if (key === "payments") pulses.push(incidentPulse(w, 0.88));
  if (key === "legacy")
    pulses.push({
      origin: w.schedule.dayOrigin - HOUR,
      period: DAY,
      rise: 60 * SECOND,
      plateau: 20 * 60 * SECOND,
      fall: 120 * SECOND,
      amp: 0.7,
    });
  const memNoise = noise(9, 3 * MiB);
  const model: ContainerModel = {
    cpu: rate(p.cpu, p.cpuNoise, 1, pulses),
    netRx: rate(p.rx, p.rx * 0.1, 2, key === "payments" ? [incidentPulse(w, 2500)] : []),
    netTx: rate(p.tx, p.tx * 0.1, 3, key === "payments" ? [incidentPulse(w, 1200)] : []),
    cacheBytes: p.cache,
    workingSet: (t) => {
      let v = p.mem * (0.96 + 0.04 * dailyValue(daily, t)) + stepNoise(memNoise, t);
      if (key === "payments") v += paymentsClimb(w, t);
      // The worker leaks up to its limit, then is OOM-killed (oom.ts).
      if (key === OOM_KEY) v += (WORKER_LIMIT_BYTES - v) * leakFraction(w.schedule, t) ** 2;
      return Math.round(v);
    },
  };
  if (key === "payments") {
    // Per CFS period of 100 ms: 95 % runnable; during the incident most periods throttle.
    model.periods = rate(9.5, 0.2, 4);
    model.throttledPeriods = rate(0.04, 0.02, 5, [incidentPulse(w, 6.2)]);
    model.throttledSeconds = rate(0.0005, 0.0002, 6, [incidentPulse(w, 0.32)]);
  }
  return model;
}

/** Payments leaks ~100 MiB during the incident (heap of pending charges), freed by GC after. */
export function paymentsClimb(w: RequestWorld, t: number): number {
  const x = (((t - w.schedule.cycleOrigin) % CYCLE_MS) + CYCLE_MS) % CYCLE_MS;
  if (x < INCIDENT_MS) return (100 * MiB * x) / INCIDENT_MS;
  const y = x - INCIDENT_MS;
  return y < 90 * SECOND ? 100 * MiB * (1 - y / (90 * SECOND)) : 0;
}

/** Counter value since `startMs` (a process start), floored for integer counters. */
export function counterSince(m: RateModel, startMs: number, t: number, scale = 1, integer = false): number {
  const v = Math.max(0, (rateIntegral(m, t) - rateIntegral(m, startMs)) * scale);
  return integer ? Math.floor(v) : v;
}
