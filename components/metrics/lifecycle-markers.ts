// Lifecycle events as ECharts markLines: one vertical line and an icon per exit, restart,
// failed health check or checkpoint/restore, on every time chart. Pure option builders (the
// charts' own builders stay untouched); hovering a line says what happened and who said so.
import type { EChartsCoreOption } from "echarts/core";
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

/** The option with one extra, data-less series that carries the markers. */
export function withLifecycleMarkers(
  option: EChartsCoreOption,
  markers: readonly LifecycleMarker[],
): EChartsCoreOption {
  if (!markers.length) return option;
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return {
    ...option,
    series: [
      ...series,
      {
        id: "lifecycle",
        name: "lifecycle",
        type: "line",
        data: [],
        animation: false,
        markLine: {
          symbol: ["none", "none"],
          animation: false,
          tooltip: { trigger: "item", formatter: (p: { name?: string }) => p.name ?? "" },
          label: { show: true, position: "end", distance: 2, fontSize: 12 },
          data: markers.map((m) => ({
            xAxis: m.at,
            name: m.title,
            lineStyle: { color: m.color, type: m.kind === "health" ? "dotted" : "solid", width: 1.5 },
            label: { formatter: m.icon, color: m.color },
          })),
        },
      },
    ],
  };
}
