// Kubernetes as a lifecycle source: the container's status from the inventory the adapter keeps
// current (no API call), plus the Events of the page's one pod and its node's OOM kills (two
// bounded, briefly cached reads per page view, never one per pod). When events cannot be read
// (403, unreachable) the status and Prometheus still draw the timeline and the gap says why.
import type { Backends } from "../backends/factory";
import type { KubernetesBackend } from "../backends/kubernetes/client";
import type { EngineBackend } from "../backends/types";
import { type K8sContainerStatus, kubernetesTimeline } from "../correlation/lifecycle-kubernetes";
import type { Container } from "../model/container";
import type { KubeEventList } from "../model/kube-event";
import type { LifecycleGap } from "../model/lifecycle";
import { type LifecycleSource, registerLifecycleSource } from "./lifecycle";

/** What the source needs of the adapter (KubernetesBackend implements it). */
export type KubeEventsReader = Pick<KubernetesBackend, "endpoint" | "podEvents" | "nodeOomEvents">;

export function isKubeEventsReader(e: EngineBackend): e is EngineBackend & KubeEventsReader {
  return typeof (e as Partial<KubeEventsReader>).podEvents === "function";
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function statusOf(c: Container): K8sContainerStatus | undefined {
  // A container known only from Prometheus has no status: its events may still be there.
  if (c.source !== "engine" || !c.kube) return undefined;
  return {
    restartCount: c.restartCount,
    runningSince: c.state === "running" ? c.startedAt : undefined,
    lastTerminated: c.kube.lastTerminated,
    terminated: c.kube.terminated,
    waitingReason: c.kube.stateReason,
  };
}

function where(c: Container): { namespace: string; pod: string; container: string } | undefined {
  const namespace = c.namespace ?? c.pod?.namespace;
  const pod = c.pod?.name;
  const container = c.kube?.container;
  return namespace && pod && container ? { namespace, pod, container } : undefined;
}

export function kubernetesLifecycleSource(clusters: readonly KubeEventsReader[]): LifecycleSource {
  const clusterOf = (c: Container) =>
    clusters.find((k) => k.endpoint === (c.cluster ?? c.host)) ?? (clusters.length === 1 ? clusters[0] : undefined);
  return {
    name: "kubernetes",
    covers: (c) => Boolean(where(c) && (c.engine === "kubernetes" || c.cluster !== undefined) && clusterOf(c)),
    async events(c) {
      const w = where(c);
      const k = clusterOf(c);
      if (!w || !k) return { events: [] };
      const gaps: LifecycleGap[] = [];
      const node = c.kube?.node;
      const [pod, oom] = await Promise.allSettled([
        k.podEvents(w.namespace, w.pod),
        node ? k.nodeOomEvents(node) : Promise.resolve<KubeEventList>({ events: [], truncated: false }),
      ]);
      let podEvents: KubeEventList | undefined;
      if (pod.status === "fulfilled") {
        podEvents = pod.value;
        if (pod.value.truncated)
          gaps.push({
            kind: "truncated",
            message: `Only the first ${pod.value.events.length} Kubernetes events of pod ${w.pod} were read.`,
          });
      } else
        gaps.push({
          kind: "events-unavailable",
          message: `Kubernetes events of pod ${w.pod} could not be read (${message(pod.reason)}): probe failures, back-offs and kills are missing; the container status and Prometheus are shown.`,
        });
      // The node's OOM events only corroborate: their absence is no gap worth a line, a refusal is.
      if (oom.status === "rejected" && pod.status === "fulfilled")
        gaps.push({
          kind: "events-unavailable",
          message: `OOM events of node ${node} could not be read (${message(oom.reason)}).`,
        });
      const t = kubernetesTimeline({
        pod: w.pod,
        container: w.container,
        podUid: c.kube?.podUid ?? c.pod?.id,
        status: statusOf(c),
        podEvents,
        nodeOom: oom.status === "fulfilled" ? oom.value : undefined,
      });
      return { events: t.events, gaps: [...gaps, ...t.gaps] };
    },
  };
}

/** At start-up, where the backends are created: one source for every configured cluster. */
export function registerKubernetesLifecycle(b: Backends): void {
  const clusters = b.engines.filter(isKubeEventsReader);
  if (clusters.length) registerLifecycleSource(kubernetesLifecycleSource(clusters));
}
