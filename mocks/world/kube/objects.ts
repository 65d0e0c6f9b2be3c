// The demo cluster as API objects at t0, for the Kubernetes API stand-in.
import { ownedObject, podObject } from "../../handlers/kubernetes-objects";
import type { KubeObject, KubeSource } from "../../handlers/kubernetes-state";
import { type KPod, type KubeWorld, NAMESPACE } from "./cluster";
import { kubeEvents } from "./events";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function podAt(p: KPod, t: number): KubeObject {
  const statuses = p.containers.map((c) => {
    const started = c.runs.filter((r) => r.startMs <= t);
    const cur = started[started.length - 1];
    const prev = started[started.length - 2];
    const done = cur && cur.endMs <= t;
    return {
      name: c.name,
      containerID: cur ? `containerd://${cur.id}` : undefined,
      state: !cur ? ("waiting" as const) : done ? ("terminated" as const) : ("running" as const),
      startedAt: cur ? iso(cur.startMs) : undefined,
      reason: done ? cur?.reason : undefined,
      exitCode: done ? cur?.exitCode : undefined,
      finishedAt: done && cur ? iso(cur.endMs) : undefined,
      restartCount: Math.max(0, started.length - 1),
      lastTerminated: prev
        ? {
            reason: prev.reason ?? "Error",
            exitCode: prev.exitCode ?? 1,
            startedAt: iso(prev.startMs),
            finishedAt: iso(prev.endMs),
          }
        : undefined,
    };
  });
  return podObject({
    namespace: NAMESPACE,
    name: p.name,
    uid: p.uid,
    node: p.node,
    createdAt: iso(p.startMs),
    labels: p.labels,
    annotations: { "kubectl.kubernetes.io/default-container": p.containers[0]?.name ?? "" },
    owner: p.owner ?? (p.workload.kind === "StatefulSet" ? { kind: "StatefulSet", name: p.workload.name } : undefined),
    containers: p.containers.map((c) => ({ name: c.name, image: c.image, requests: c.requests, limits: c.limits })),
    statuses,
    phase: p.succeeded ? "Succeeded" : "Running",
    podIP: `10.244.${p.node === "node-a" ? 1 : 2}.${(p.uid.charCodeAt(0) % 200) + 10}`,
  });
}

export function kubeApiSource(k: KubeWorld): KubeSource {
  return {
    objects: () => [
      ...k.replicaSets.map((rs) => ({
        resource: "replicasets" as const,
        object: ownedObject("ReplicaSet", NAMESPACE, rs.name, { kind: "Deployment", name: rs.deployment }),
      })),
      ...k.jobs.map((j) => ({
        resource: "jobs" as const,
        object: ownedObject("Job", NAMESPACE, j.name, { kind: "CronJob", name: j.cronJob }),
      })),
      ...k.podsAt(k.t0).map((p) => ({ resource: "pods" as const, object: podAt(p, k.t0) })),
      ...kubeEvents(k).map((object) => ({ resource: "events" as const, object })),
    ],
  };
}
