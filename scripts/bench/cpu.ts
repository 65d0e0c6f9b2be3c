// Who used the CPU during a load run: the Sightline server (its process tree), the bench
// process (the mock backends answer inside it), the load generator (a child of the bench:
// its CPU lands in the bench's cutime/cstime once it has exited and been reaped), and
// everything else on the machine (/proc/stat). Linux only; elsewhere every figure is NaN.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

let tick: number | undefined;
/** Clock ticks per second (USER_HZ). */
function clkTck(): number {
  if (tick === undefined) {
    try {
      tick = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      tick = 100;
    }
  }
  return tick;
}

interface ProcStat {
  ppid: number;
  /** utime + stime, seconds. */
  self: number;
  /** cutime + cstime (reaped children), seconds. */
  children: number;
}

function procStat(pid: number | "self"): ProcStat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces: fields start after the last ')'.
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    // f[0] = state (field 3), so field n is f[n - 3].
    const n = (i: number) => Number(f[i - 3]);
    const t = clkTck();
    return { ppid: n(4), self: (n(14) + n(15)) / t, children: (n(16) + n(17)) / t };
  } catch {
    return undefined;
  }
}

/** CPU seconds of a process and all its live descendants. */
function treeCpu(root: number): number {
  const all = new Map<number, ProcStat>();
  let pids: number[] = [];
  try {
    pids = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return Number.NaN;
  }
  for (const pid of pids) {
    const s = procStat(pid);
    if (s) all.set(pid, s);
  }
  if (!all.has(root)) return Number.NaN;
  const kids = new Map<number, number[]>();
  for (const [pid, s] of all) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), pid]);
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += all.get(pid)?.self ?? 0;
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** Busy and total CPU seconds of the whole machine since boot (all cores). */
function machine(): { busy: number; total: number } {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
    const t = clkTck();
    return { busy: (total - idle) / t, total: total / t };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

export interface CpuSnapshot {
  at: number;
  sightline: number;
  bench: number;
  benchChildren: number;
  machineBusy: number;
  machineTotal: number;
}

export function cpuSnapshot(sightlinePid: number | undefined): CpuSnapshot {
  const me = procStat("self");
  const m = machine();
  return {
    at: performance.now(),
    sightline: sightlinePid ? treeCpu(sightlinePid) : Number.NaN,
    bench: me?.self ?? Number.NaN,
    benchChildren: me?.children ?? Number.NaN,
    machineBusy: m.busy,
    machineTotal: m.total,
  };
}

export interface CpuShare {
  wallS: number;
  cores: number;
  /** CPU seconds over the interval. */
  sightline: number;
  /** The bench process: the mock backends (and the bench's own bookkeeping, small meanwhile). */
  mocks: number;
  /** Children of the bench that exited in the interval: the load generator. */
  loadGen: number;
  /** Everything else on the machine (other users of these cores). */
  others: number;
  machineBusy: number;
}

export function cpuShare(a: CpuSnapshot, b: CpuSnapshot): CpuShare {
  const sightline = b.sightline - a.sightline;
  const mocks = b.bench - a.bench;
  const loadGen = b.benchChildren - a.benchChildren;
  const machineBusy = b.machineBusy - a.machineBusy;
  return {
    wallS: (b.at - a.at) / 1000,
    cores: cpus().length,
    sightline,
    mocks,
    loadGen,
    others: Math.max(0, machineBusy - sightline - mocks - loadGen),
    machineBusy,
  };
}

export function sumShares(xs: CpuShare[]): CpuShare {
  const s = (k: keyof CpuShare) => xs.reduce((t, x) => t + x[k], 0);
  return {
    wallS: s("wallS"),
    cores: xs[0]?.cores ?? cpus().length,
    sightline: s("sightline"),
    mocks: s("mocks"),
    loadGen: s("loadGen"),
    others: s("others"),
    machineBusy: s("machineBusy"),
  };
}

/** "Sightline 9.1 CPU-s (23 %), mocks 6.0 (15 %), autocannon 8.2 (21 %), others 12.0 (30 %) of 40 CPU-s". */
export function describeShare(c: CpuShare, loadGenName = "load generator"): string {
  const cap = c.wallS * c.cores;
  const p = (x: number) => `${x.toFixed(1)} CPU-s (${Math.round((100 * x) / cap)} %)`;
  return `Sightline ${p(c.sightline)}, mocks (bench process) ${p(c.mocks)}, ${loadGenName} ${p(c.loadGen)}, other processes ${p(c.others)}, of ${cap.toFixed(0)} CPU-s (${c.wallS.toFixed(0)} s × ${c.cores} cores)`;
}
