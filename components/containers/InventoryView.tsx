"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { Container } from "@/lib/model/container";
import { formatBytes, formatCores, formatDurationMs } from "@/lib/model/format";
import { millis } from "@/lib/model/time";
import { inventoryQuery, recentLifecycleQuery, sparklinesQuery } from "@/lib/queries/keys";
import { containerHref } from "@/lib/url/links";
import { PanelEmpty, PanelError, PanelLoading } from "../ui/PanelState";
import { RestartBadge } from "../lifecycle/RestartBadge";
import { Sparkline } from "../ui/Sparkline";
import { groupContainers, matchesSearch } from "./inventory-filter";
import { EXPAND_ALL_LIMIT, KubeInventory } from "./KubeInventory";
import { groupKube, isKube } from "./kube-groups";

const HOUR = 3_600_000;

function uptime(c: Container, now: number): string {
  if (c.state === "running" && c.startedAt) return `up ${formatDurationMs(now - c.startedAt)}`;
  if (c.finishedAt) return `exited ${formatDurationMs(now - c.finishedAt)} ago`;
  return c.status ?? "";
}

export function InventoryView() {
  // Embedded or themed views keep their mode on the way into a container.
  const sp = useSearchParams();
  const theme = sp.get("theme");
  const chrome = {
    theme: theme === "light" || theme === "dark" ? theme : undefined,
    embed: sp.get("embed") === "1",
  } as const;
  const inv = useQuery(inventoryQuery());
  // Sparklines cover the last hour, re-anchored each minute so the key stays stable between renders.
  const [anchor] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  const spark = useQuery(sparklinesQuery({ from: millis(anchor - HOUR), to: millis(anchor) }));
  const recent = useQuery(recentLifecycleQuery());
  const [q, setQ] = useState("");
  const shown = useMemo(() => (inv.data?.containers ?? []).filter((c) => matchesSearch(c, q)), [inv.data, q]);
  const groups = useMemo(() => groupContainers(shown.filter((c) => !isKube(c))), [shown]);
  const kubeGroups = useMemo(() => groupKube(shown), [shown]);
  const kubeCount = useMemo(() => kubeGroups.reduce((n, g) => n + g.containerCount, 0), [kubeGroups]);
  const now = inv.dataUpdatedAt || anchor;

  return (
    <div className="grid">
      <div className="row">
        <h1 style={{ margin: 0 }}>Containers</h1>
        <input
          type="search"
          placeholder="Search name, id, image or label (key=value)"
          aria-label="Search containers"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ minWidth: 340 }}
        />
        {inv.data ? (
          <span className="muted" data-testid="inventory-count" data-count={inv.data.containers.length}>
            {inv.data.containers.length} containers
          </span>
        ) : null}
      </div>
      {inv.data?.errors.map((e, i) => (
        <PanelError key={i} error={Object.assign(new Error(e.message), { backend: e.backend })} what="containers" />
      ))}
      {spark.error ? <PanelError error={spark.error} what="sparklines" onRetry={() => spark.refetch()} /> : null}
      {inv.isPending ? <PanelLoading height={200} /> : null}
      {inv.error ? <PanelError error={inv.error} what="containers" onRetry={() => inv.refetch()} /> : null}
      {inv.data && groups.length === 0 && kubeGroups.length === 0 ? (
        <PanelEmpty>
          {q ? `No container matches “${q}”.` : "No containers reported by any engine or by Prometheus."}
        </PanelEmpty>
      ) : null}
      <KubeInventory
        groups={kubeGroups}
        chrome={chrome}
        cpu={spark.data?.cpu}
        memory={spark.data?.memory}
        expandAll={kubeCount <= EXPAND_ALL_LIMIT}
        badges={recent.data?.byName}
      />
      {groups.map((g) => (
        <section
          key={g.key}
          className="panel"
          aria-label={`${g.kind === "compose" ? "Compose project" : g.kind === "pod" ? "Pod" : ""} ${g.title}`}
        >
          <div className="panel-head">
            <h2>{g.title}</h2>
            <span className="badge">
              {g.kind === "compose" ? "compose project" : g.kind === "pod" ? "pod" : "no project"}
            </span>
          </div>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>State</th>
                <th>Image</th>
                <th>Uptime</th>
                <th>CPU cores (1h)</th>
                <th>Memory (1h)</th>
              </tr>
            </thead>
            <tbody>
              {g.containers.map((c) => (
                <tr key={`${c.host}/${c.id || c.name}`} data-testid="container-row" data-name={c.name}>
                  <td>
                    <Link href={containerHref(c.name || c.id, chrome)}>{c.name}</Link>{" "}
                    <span className="muted mono">{c.shortId}</span>
                    <RestartBadge badge={recent.data?.byId[c.id] ?? recent.data?.byName[c.name]} />
                    {c.source === "prometheus" ? (
                      <span
                        className="badge prom"
                        title="Known to Prometheus only: another host, or already removed"
                        style={{ marginLeft: 6 }}
                      >
                        Prometheus only
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <span className={`badge ${c.state}`}>{c.state}</span>
                  </td>
                  <td className="mono">{c.image}</td>
                  <td className="muted">{uptime(c, now)}</td>
                  <td>
                    <Sparkline points={spark.data?.cpu[c.name]} label={`CPU of ${c.name}`} format={formatCores} />
                  </td>
                  <td>
                    <Sparkline points={spark.data?.memory[c.name]} label={`Memory of ${c.name}`} format={formatBytes} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
