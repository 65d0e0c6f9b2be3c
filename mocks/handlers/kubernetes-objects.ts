// Builders for Kubernetes objects shaped like the real ones (anchors/kubernetes.md §1.4):
// a Deployment's ReplicaSet and pods, StatefulSet and DaemonSet pods, a CronJob's Job and pod.
import type { KubeObject } from "./kubernetes-state";

export interface ContainerSpec {
  name: string;
  image: string;
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

export interface ContainerStatusSpec {
  name: string;
  /** Runtime id with prefix (`containerd://…`); omitted while waiting for the first start. */
  containerID?: string;
  state: "running" | "waiting" | "terminated";
  startedAt?: string;
  reason?: string;
  exitCode?: number;
  finishedAt?: string;
  restartCount?: number;
  lastTerminated?: { reason: string; exitCode: number; startedAt?: string; finishedAt: string; containerID?: string };
  ready?: boolean;
}

export interface PodSpec {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  createdAt: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: { kind: string; name: string; uid?: string; apiVersion?: string };
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  ephemeralContainers?: ContainerSpec[];
  statuses: ContainerStatusSpec[];
  initStatuses?: ContainerStatusSpec[];
  phase?: string;
  podIP?: string;
}

const API_OF: Record<string, string> = {
  ReplicaSet: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  Deployment: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
};

function containerSpec(c: ContainerSpec) {
  const resources: Record<string, unknown> = {};
  if (c.requests) resources.requests = c.requests;
  if (c.limits) resources.limits = c.limits;
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: "IfNotPresent",
    resources,
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
  };
}

function status(s: ContainerStatusSpec, image: string) {
  const state =
    s.state === "running"
      ? { running: { startedAt: s.startedAt } }
      : s.state === "waiting"
        ? { waiting: { reason: s.reason ?? "ContainerCreating" } }
        : {
            terminated: {
              exitCode: s.exitCode ?? 0,
              reason: s.reason ?? "Completed",
              startedAt: s.startedAt,
              finishedAt: s.finishedAt,
              containerID: s.containerID,
            },
          };
  return {
    name: s.name,
    image: image.includes("/") ? image : `docker.io/library/${image}`,
    imageID: `${image.includes("/") ? image.split(":")[0] : `docker.io/library/${image.split(":")[0]}`}@sha256:2834dc507516af02784808c5f48b7cbe38b8ed5d0f4837f16e78d00deb7e7767`,
    ...(s.containerID ? { containerID: s.containerID } : {}),
    ready: s.ready ?? s.state === "running",
    started: s.state === "running",
    restartCount: s.restartCount ?? 0,
    state,
    lastState: s.lastTerminated
      ? { terminated: { ...s.lastTerminated, containerID: s.lastTerminated.containerID } }
      : {},
  };
}

export function podObject(p: PodSpec): KubeObject {
  const imageOf = (n: string) =>
    [...p.containers, ...(p.initContainers ?? []), ...(p.ephemeralContainers ?? [])].find((c) => c.name === n)?.image ??
    "";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: p.uid,
      creationTimestamp: p.createdAt,
      labels: p.labels ?? {},
      ...(p.annotations ? { annotations: p.annotations } : {}),
      ...(p.owner
        ? {
            ownerReferences: [
              {
                apiVersion: p.owner.apiVersion ?? API_OF[p.owner.kind] ?? "v1",
                kind: p.owner.kind,
                name: p.owner.name,
                uid: p.owner.uid ?? `uid-${p.owner.kind.toLowerCase()}-${p.owner.name}`,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      containers: p.containers.map(containerSpec),
      ...(p.initContainers ? { initContainers: p.initContainers.map(containerSpec) } : {}),
      ...(p.ephemeralContainers ? { ephemeralContainers: p.ephemeralContainers.map(containerSpec) } : {}),
      nodeName: p.node,
      restartPolicy: p.owner?.kind === "Job" ? "OnFailure" : "Always",
      serviceAccountName: "default",
    },
    status: {
      phase: p.phase ?? "Running",
      hostIP: "192.168.0.113",
      podIP: p.podIP ?? "10.88.0.3",
      startTime: p.createdAt,
      qosClass: "Burstable",
      containerStatuses: p.statuses.map((s) => status(s, imageOf(s.name))),
      ...(p.initStatuses ? { initContainerStatuses: p.initStatuses.map((s) => status(s, imageOf(s.name))) } : {}),
    },
  };
}

/** A ReplicaSet or Job owned by a Deployment or CronJob. */
export function ownedObject(
  kind: "ReplicaSet" | "Job",
  namespace: string,
  name: string,
  owner: { kind: "Deployment" | "CronJob"; name: string } | undefined,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: API_OF[kind],
    kind,
    metadata: {
      name,
      namespace,
      uid: `uid-${kind.toLowerCase()}-${name}`,
      labels,
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: API_OF[owner.kind],
                kind: owner.kind,
                name: owner.name,
                uid: `uid-${owner.kind.toLowerCase()}-${owner.name}`,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {},
    status: {},
  };
}

/** The anchors doc's nginx pod (kubernetes/website debug-running-pod.md), verbatim values. */
export function nginxAnchorPod(): KubeObject {
  return podObject({
    namespace: "default",
    name: "nginx-deployment-67d4bdd6f5-w6kd7",
    uid: "a6501da1-0447-4262-98eb-c03d4002222e",
    node: "kube-worker-1",
    createdAt: "2022-02-17T21:51:01Z",
    labels: { app: "nginx", "pod-template-hash": "67d4bdd6f5" },
    owner: { kind: "ReplicaSet", name: "nginx-deployment-67d4bdd6f5", uid: "7d41dfd4-84c0-4be4-88ab-cedbe626ad82" },
    containers: [
      {
        name: "nginx",
        image: "nginx",
        requests: { cpu: "500m", memory: "128Mi" },
        limits: { cpu: "500m", memory: "128Mi" },
      },
    ],
    statuses: [
      {
        name: "nginx",
        containerID: "containerd://5403af59a2b46ee5a23fb0ae4b1e077f7ca5c5fb7af16e1ab21c00e0e616462a",
        state: "running",
        startedAt: "2022-02-17T21:51:05Z",
      },
    ],
    podIP: "10.88.0.3",
  });
}
