// Rate shapes with closed-form integrals, so a counter at any instant is O(1):
// counter(t) = ∫ rate = G(t) − G(start). Times in ms, integrals in value·seconds.
import { hash01 } from "./prng";

export interface Pulse {
  /** A pulse starts at origin + n·period. */
  origin: number;
  period: number;
  rise: number;
  plateau: number;
  fall: number;
  amp: number;
}

function phase(p: Pulse, t: number): { n: number; x: number } {
  const n = Math.floor((t - p.origin) / p.period);
  return { n, x: t - p.origin - n * p.period };
}

export function pulseValue(p: Pulse, t: number): number {
  const { x } = phase(p, t);
  if (x < p.rise) return (p.amp * x) / p.rise;
  if (x < p.rise + p.plateau) return p.amp;
  const y = x - p.rise - p.plateau;
  if (y < p.fall) return p.amp * (1 - y / p.fall);
  return 0;
}

function partial(p: Pulse, x: number): number {
  if (x < p.rise) return (p.amp * x * x) / (2 * p.rise);
  const a1 = (p.amp * p.rise) / 2;
  if (x < p.rise + p.plateau) return a1 + p.amp * (x - p.rise);
  const a2 = a1 + p.amp * p.plateau;
  const y = Math.min(x - p.rise - p.plateau, p.fall);
  return p.fall > 0 ? a2 + p.amp * (y - (y * y) / (2 * p.fall)) : a2;
}

/** Antiderivative of pulseValue in value·seconds (G(origin) = 0). */
export function pulseIntegral(p: Pulse, t: number): number {
  const { n, x } = phase(p, t);
  const perPeriod = p.amp * (p.rise / 2 + p.plateau + p.fall / 2);
  return (n * perPeriod + partial(p, x)) / 1000;
}

// Telescoping noise: the rate in slot k is amp·(u(k) − u(k−1)), so its integral over any
// number of slots collapses to two hash values.
export interface Noise {
  seed: number;
  tag: number;
  origin: number;
  step: number;
  amp: number;
}

function u(n: Noise, k: number): number {
  return hash01(n.seed, n.tag, k) - 0.5;
}

export function noiseValue(n: Noise, t: number): number {
  const k = Math.floor((t - n.origin) / n.step);
  return n.amp * (u(n, k) - u(n, k - 1));
}

export function noiseIntegral(n: Noise, t: number): number {
  const k = Math.floor((t - n.origin) / n.step);
  const into = t - n.origin - k * n.step;
  return (n.amp * (n.step * u(n, k - 1) + into * (u(n, k) - u(n, k - 1)))) / 1000;
}

/** A gauge wobble that is constant within a step (no integral needed). */
export function stepNoise(n: Noise, t: number): number {
  return n.amp * u(n, Math.floor((t - n.origin) / n.step)) * 2;
}

// Daily rhythm: 1 + depth·sin(2π(t − phase)/day).
export interface Daily {
  phase: number;
  depth: number;
}

const DAY_MS = 86_400_000;

export function dailyValue(d: Daily, t: number): number {
  return 1 + d.depth * Math.sin((2 * Math.PI * (t - d.phase)) / DAY_MS);
}

export function dailyIntegral(d: Daily, t: number): number {
  const w = (2 * Math.PI) / DAY_MS;
  return (t - (d.depth / w) * Math.cos(w * (t - d.phase))) / 1000;
}
