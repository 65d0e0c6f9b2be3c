// Lifecycle events as chart markers: one vertical line and an icon per exit, restart, failed
// health check or checkpoint/restore, on every time chart (drawn by EChart.tsx over the canvas);
// hovering a line says what happened and who said so.
import { formatClock } from "@/lib/model/format";
import type { LifecycleEvent, LifecycleResponse } from "@/lib/model/lifecycle";

export interface LifecycleMarker {
  at: number;
  kind: "exit" | "restart" | "health" | "checkpoint" | "restore" | "pod";
  icon: string;
  color: string;
  /** What happened, when, and the sources. */
  title: string;
}

const STYLE: Record<LifecycleMarker["kind"], { icon: string; color: string }> = {
  exit: { icon: "✖", color: "#eb5757" },
  restart: { icon: "↻", color: "#f2994a" },
  health: { icon: "♥", color: "#e2b93b" },
  checkpoint: { icon: "⏸", color: "#56ccf2" },
  restore: { icon: "▶", color: "#56ccf2" },
  pod: { icon: "⬡", color: "#9b8afb" },
};

const from = (e: LifecycleEvent) => `from ${e.sources.join(" + ")}`;

export function lifecycleMarkers(res: LifecycleResponse | undefined): LifecycleMarker[] {
  if (!res) return [];
  const out: LifecycleMarker[] = [];
  const mk = (e: LifecycleEvent, kind: LifecycleMarker["kind"], what: string) =>
    out.push({ at: e.at, kind, ...STYLE[kind], title: `${what} · ${formatClock(e.at)} · ${from(e)}` });
  const restarts = new Set<number>(res.summary.restartsAt);
  for (const e of res.events) {
    if (e.otherContainer) continue;
    if (e.kind === "exit") {
      const x = res.exits.find((x) => x.at === e.at);
      const code = x?.exitCode !== undefined && !x.label.includes(String(x.exitCode)) ? ` (exit ${x.exitCode})` : "";
      mk(e, "exit", x ? `${x.oom ? "☠ " : ""}${x.label}${code}` : "exited");
    } else if (e.kind === "start") {
      if (restarts.has(e.at)) mk(e, "restart", "restarted");
    } else if (e.kind === "health" && e.health && !/^(healthy|starting)$/i.test(e.health))
      mk(e, "health", `health: ${e.health}`);
    else if (e.kind === "checkpoint") mk(e, "checkpoint", "checkpointed");
    else if (e.kind === "restore") mk(e, "restore", "restored");
    else if (e.kind === "pod" && e.reason && !/ (create|init|mount|unmount)$/.test(e.reason)) mk(e, "pod", e.reason);
  }
  return out;
}
