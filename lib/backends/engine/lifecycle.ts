// Engine events → lifecycle events. Only this file knows where each engine puts the exit code
// (Docker `exitCode`; Podman `exitCode` on compat die plus `containerExitCode` on every event),
// the kill signal, and the health status (Docker in the Action, Podman in `HealthStatus`).
import type { ContainerEvent, EngineKind } from "../../model/container";
import type { LifecycleEvent, LifecycleKind } from "../../model/lifecycle";

const KINDS: Record<string, LifecycleKind> = {
  create: "create",
  start: "start",
  restart: "restart",
  die: "exit",
  oom: "oom",
  kill: "kill",
  stop: "stop",
  health_status: "health",
  checkpoint: "checkpoint",
  restore: "restore",
  destroy: "destroy",
};

function int(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?\d{1,6}$/.test(v)) return undefined;
  return Number(v);
}

/** Signals Docker writes by name in kill events ("SIGKILL") or as a number ("9"). */
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGTERM: 15 };

export function toLifecycleEvent(e: ContainerEvent, engine: EngineKind): LifecycleEvent | undefined {
  const kind = KINDS[e.action];
  if (!kind) return undefined; // exec, exec_died, init, cleanup, attach, mount… say nothing about life
  const a = e.attributes;
  const out: LifecycleEvent = { at: e.at, kind, sources: [engine], containerId: e.containerId };
  if (kind === "exit") {
    const code = int(a.exitCode) ?? int(a.containerExitCode);
    if (code !== undefined) out.exitCode = code;
  }
  if (kind === "kill") {
    const sig = a.signal ? (int(a.signal) ?? SIGNALS[a.signal.toUpperCase()]) : undefined;
    if (sig !== undefined) out.signal = sig;
  }
  if (kind === "health") {
    const h = (a.health_status ?? a["action.detail"] ?? "").trim();
    if (h) out.health = h;
  }
  return out;
}

export function toLifecycleEvents(evs: readonly ContainerEvent[], engine: EngineKind): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  for (const e of evs) {
    const l = toLifecycleEvent(e, engine);
    if (l) out.push(l);
  }
  return out;
}

/** Podman pod events (create, start, stop, kill, restart, remove…) as "pod" lifecycle events. */
export function podLifecycleEvents(evs: readonly ContainerEvent[]): LifecycleEvent[] {
  return evs.map((e) => ({
    at: e.at,
    kind: "pod",
    sources: ["podman"],
    reason: `pod ${e.name ?? e.containerId.slice(0, 12)} ${e.action}`,
  }));
}
