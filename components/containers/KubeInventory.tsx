"use client";
// The inventory's Kubernetes part: one panel per namespace, workloads with their pods and
// containers; workload names open the workload page, containers their workspace. A large
// inventory (thousands of pods) starts with one row per workload, its totals and a toggle that
// shows its pods: the page paints hundreds of rows, not tens of thousands.
import Link from "next/link";
import { useState } from "react";
import type { Container } from "@/lib/model/container";
import type { RecentBadge } from "@/lib/model/lifecycle";
import { formatBytes, formatCores } from "@/lib/model/format";
import type { Point } from "@/lib/model/series";
import { containerHref, withChrome } from "@/lib/url/links";
import type { ChromeState } from "@/lib/url/state";
import { WORKLOAD_SEGMENTS, workloadHref } from "@/lib/url/kube";
import { Sparkline } from "../ui/Sparkline";
import { RestartBadge } from "../lifecycle/RestartBadge";
import type { KubeNamespaceGroup } from "./kube-groups";

interface Props {
  groups: KubeNamespaceGroup[];
  chrome: ChromeState;
  cpu?: Record<string, Point[]>;
  memory?: Record<string, Point[]>;
  /** Every workload's pods shown (a small inventory, or a narrow search); else collapsed until asked. */
  expandAll: boolean;
  /** Restarted / OOM-killed in the last hour, by container name. */
  badges?: Record<string, RecentBadge>;
}

/** Up to this many Kubernetes containers (after the search), every workload shows its pods. */
export const EXPAND_ALL_LIMIT = 400;

function termination(c: Container): string | undefined {
  const t = c.kube?.lastTerminated;
  if (!t?.reason) return undefined;
  return `${t.reason}${t.exitCode !== undefined ? ` (${t.exitCode})` : ""}`;
}

export function KubeInventory({ groups, chrome, cpu, memory, expandAll, badges }: Props) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (k: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(k)) next.add(k);
      return next;
    });
  return (
    <>
      {groups.map((g) => (
        <section
          key={g.key}
          className="panel"
          aria-label={`Namespace ${g.namespace}`}
          data-testid="kube-namespace"
          data-namespace={g.namespace}
        >
          <div className="panel-head">
            <h2>
              {g.cluster ? <span className="muted">{g.cluster} / </span> : null}
              {g.namespace}
            </h2>
            <span className="badge">namespace · {g.containerCount} containers</span>
          </div>
          <table>
            <thead>
              <tr>
                <th>Workload / pod / container</th>
                <th>State</th>
                <th>Restarts</th>
                <th>Node</th>
                <th>CPU cores (1h)</th>
                <th>Memory (1h)</th>
              </tr>
            </thead>
            {g.workloads.map((w) => {
              const wkey = `${g.key}\u0000${w.kind}/${w.name}`;
              const shown = expandAll || open.has(wkey);
              return (
                <tbody
                  key={`${w.kind}/${w.name}`}
                  data-testid="kube-workload"
                  data-workload={`${w.kind}/${w.name}`}
                  data-expanded={shown ? "1" : "0"}
                >
                  <tr>
                    <td colSpan={6}>
                      <strong>
                        {w.kind !== "Pod" && w.kind in WORKLOAD_SEGMENTS ? (
                          <Link
                            href={withChrome(
                              workloadHref({
                                ...(g.cluster ? { cluster: g.cluster } : {}),
                                namespace: g.namespace,
                                kind: w.kind as keyof typeof WORKLOAD_SEGMENTS,
                                name: w.name,
                              }),
                              chrome,
                            )}
                          >
                            {w.name}
                          </Link>
                        ) : (
                          w.name
                        )}
                      </strong>{" "}
                      <span className="badge">{w.kind}</span>{" "}
                      <span className="muted">
                        {w.pods.length} pod{w.pods.length === 1 ? "" : "s"} · {w.containerCount} container
                        {w.containerCount === 1 ? "" : "s"}
                        {w.notRunning ? ` · ${w.notRunning} not running` : ""}
                        {w.restarts ? ` · ${w.restarts} restart${w.restarts === 1 ? "" : "s"}` : ""}
                      </span>
                      {!shown && w.terminations ? (
                        <span className="badge error" style={{ marginLeft: 6 }}>
                          {w.terminations} last terminated
                        </span>
                      ) : null}
                      {expandAll ? null : (
                        <button
                          type="button"
                          style={{ marginLeft: 8 }}
                          aria-expanded={shown}
                          data-testid="kube-workload-toggle"
                          onClick={() => toggle(wkey)}
                        >
                          {shown ? "hide pods" : "show pods"}
                        </button>
                      )}
                    </td>
                  </tr>
                  {!shown
                    ? null
                    : w.pods.flatMap((p) =>
                        p.containers.map((c, i) => (
                          <tr key={c.name} data-testid="container-row" data-name={c.name}>
                            <td style={{ paddingLeft: 20 }}>
                              <span className="mono muted">{i === 0 ? p.pod : ""}</span>
                              {i === 0 ? <br /> : null}
                              <span style={{ paddingLeft: 16 }}>
                                <Link href={withChrome(containerHref(c.name), chrome)}>{c.kube?.container}</Link>
                              </span>
                              {c.kube?.kind !== "container" ? <span className="muted"> ({c.kube?.kind})</span> : null}
                              {c.source === "prometheus" ? (
                                <span className="badge prom" style={{ marginLeft: 6 }} title="Known to Prometheus only">
                                  Prometheus only
                                </span>
                              ) : null}
                            </td>
                            <td>
                              <span className={`badge ${c.state}`}>{c.status ?? c.state}</span>
                            </td>
                            <td>
                              {c.restartCount ?? ""}{" "}
                              {termination(c) ? (
                                <span className="badge error" data-testid="last-termination">
                                  {termination(c)}
                                </span>
                              ) : null}
                              <RestartBadge badge={badges?.[c.name]} />
                            </td>
                            <td className="mono muted">{c.kube?.node ?? ""}</td>
                            <td>
                              <Sparkline points={cpu?.[c.name]} label={`CPU of ${c.name}`} format={formatCores} />
                            </td>
                            <td>
                              <Sparkline points={memory?.[c.name]} label={`Memory of ${c.name}`} format={formatBytes} />
                            </td>
                          </tr>
                        )),
                      )}
                </tbody>
              );
            })}
          </table>
        </section>
      ))}
    </>
  );
}
