// The demo cluster's Events at t0, consistent with its statuses: what a kube-apiserver with the
// default 1 h event TTL still holds. The kubelet's aggregated events (Pulled, Created, Started
// with counts over the container's runs), the checkout container's failed readiness probes,
// its BackOff after the OOM kill and node-problem-detector's OOMKilling on its node, the
// scheduler's events (eventTime form) for the rollout's new pods and Killing for the old ones.
import { eventObject } from "../../handlers/kubernetes-events";
import type { KubeObject } from "../../handlers/kubernetes-state";
import { HOUR, SECOND } from "../schedule";
import { type KPod, type KubeWorld, NAMESPACE } from "./cluster";

const TTL_MS = HOUR;
/** The pod IP objects.ts gives the pod. */
const podIp = (p: KPod) => `10.244.${p.node === "node-a" ? 1 : 2}.${(p.uid.charCodeAt(0) % 200) + 10}`;

function podEvents(p: KPod, t0: number): KubeObject[] {
  const out: KubeObject[] = [];
  const live = (ms: number) => ms <= t0 && ms > t0 - TTL_MS;
  const involved = (container?: string) => ({
    kind: "Pod" as const,
    name: p.name,
    uid: p.uid,
    ...(container ? { fieldPath: `spec.containers{${container}}` } : {}),
  });
  if (live(p.startMs))
    out.push(
      eventObject({
        namespace: NAMESPACE,
        involved: involved(),
        reason: "Scheduled",
        message: `Successfully assigned ${NAMESPACE}/${p.name} to ${p.node}`,
        firstMs: p.startMs,
        form: "series",
        component: "default-scheduler",
      }),
    );
  for (const c of p.containers) {
    const runs = c.runs.filter((r) => r.startMs <= t0 && r.startMs >= p.startMs);
    const first = runs[0];
    const last = runs[runs.length - 1];
    if (first && last && live(last.startMs)) {
      const agg = (reason: string, message: string, offsetMs: number) =>
        eventObject({
          namespace: NAMESPACE,
          involved: involved(c.name),
          reason,
          message,
          firstMs: first.startMs + offsetMs,
          lastMs: last.startMs + offsetMs,
          count: runs.length,
          host: p.node,
        });
      out.push(
        agg("Pulled", `Container image "${c.image}" already present on machine`, -2 * SECOND),
        agg("Created", `Created container ${c.name}`, -1 * SECOND),
        agg("Started", `Started container ${c.name}`, 0),
      );
    }
    for (const [i, r] of runs.entries()) {
      const next = runs[i + 1];
      if (!next || !live(r.endMs) || r.reason === "Completed") continue;
      if (r.reason === "OOMKilled") {
        // Its readiness probe timed out while it thrashed near the limit.
        out.push(
          eventObject({
            namespace: NAMESPACE,
            involved: involved(c.name),
            reason: "Unhealthy",
            message: `Readiness probe failed: Get "http://${podIp(p)}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
            type: "Warning",
            firstMs: r.endMs - 90 * SECOND,
            lastMs: r.endMs - 30 * SECOND,
            count: 3,
            host: p.node,
          }),
          eventObject({
            namespace: "default",
            involved: { kind: "Node", name: p.node, uid: p.node },
            reason: "OOMKilling",
            message: `Memory cgroup out of memory: Killed process 4213 (${c.name}) total-vm:1826452kB, anon-rss:262012kB, file-rss:10432kB, shmem-rss:0kB, UID:1000 pgtables:812kB oom_score_adj:984`,
            type: "Warning",
            firstMs: r.endMs + SECOND,
            component: "kernel-monitor",
            host: p.node,
          }),
        );
      }
      out.push(
        eventObject({
          namespace: NAMESPACE,
          involved: involved(c.name),
          reason: "BackOff",
          message: `Back-off restarting failed container ${c.name} in pod ${p.name}_${NAMESPACE}(${p.uid})`,
          type: "Warning",
          firstMs: r.endMs + SECOND,
          host: p.node,
        }),
      );
    }
    // A pod the rollout deleted: the kubelet stopped its containers.
    if (Number.isFinite(p.endMs) && live(p.endMs))
      out.push(
        eventObject({
          namespace: NAMESPACE,
          involved: involved(c.name),
          reason: "Killing",
          message: `Stopping container ${c.name}`,
          firstMs: p.endMs - 30 * SECOND,
          host: p.node,
        }),
      );
  }
  return out;
}

export function kubeEvents(k: KubeWorld): KubeObject[] {
  return k.pods.filter((p) => p.startMs <= k.t0).flatMap((p) => podEvents(p, k.t0));
}
