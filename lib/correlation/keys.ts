// A container's keys: the values that identify it in metrics, logs and traces (DESIGN.md §4).
import type { Container } from "../model/container";

/** What correlation needs of a container; engine containers and Prometheus-only partials both fit. */
export type ContainerLike = Pick<Container, "name"> &
  Partial<
    Pick<
      Container,
      "id" | "shortId" | "image" | "compose" | "pod" | "hostname" | "labels" | "namespace" | "cluster" | "kube"
    >
  >;

export interface ContainerKeys {
  /** Full id (64 hex), "" when unknown. */
  id: string;
  /** 12 hex, "" when unknown. */
  shortId: string;
  /** Without the leading "/". */
  name: string;
  composeProject?: string;
  composeService?: string;
  pod?: string;
  hostname?: string;
  image: string;
  /** Kubernetes only (anchors/kubernetes.md): the pod's namespace, name and uid, the spec container name. */
  namespace?: string;
  kubePod?: string;
  kubeContainer?: string;
  podUid?: string;
  /** `<namespace>/<container>`: Alloy's `job` label for pod logs. */
  kubeJob?: string;
  /** `<namespace>/<app>`: Promtail's `job` label (app = app.kubernetes.io/name or app). */
  kubeJobApp?: string;
  /** OTel's service.name derivation: annotation → app.kubernetes.io/instance → …/name → workload → container. */
  kubeService?: string;
  /** cgroup paths cAdvisor reports as `id` for this container under common runtimes and drivers. */
  cgroupIdCandidates: string[];
}

/** Keys a mapping may point at. */
export type KeyName = Exclude<keyof ContainerKeys, "cgroupIdCandidates">;
export const KEY_NAMES = [
  "id",
  "shortId",
  "name",
  "composeProject",
  "composeService",
  "pod",
  "hostname",
  "image",
  "namespace",
  "kubePod",
  "kubeContainer",
  "podUid",
  "kubeJob",
  "kubeJobApp",
  "kubeService",
] as const satisfies readonly KeyName[];

export function stripSlash(name: string): string {
  return name.startsWith("/") ? name.slice(1) : name;
}

const nonEmpty = (s: string | undefined): string | undefined => (s ? s : undefined);

function kubeKeys(c: ContainerLike): Partial<ContainerKeys> {
  const kube = c.kube;
  if (!kube) return {};
  const namespace = nonEmpty(c.namespace ?? c.pod?.namespace);
  const labels = c.labels ?? {};
  const app = nonEmpty(labels["app.kubernetes.io/name"] ?? labels.app);
  const ann = kube.annotations ?? {};
  const workload = kube.workload && kube.workload.kind !== "Pod" ? kube.workload.name : undefined;
  return {
    namespace,
    kubePod: nonEmpty(c.pod?.name),
    kubeContainer: nonEmpty(kube.container),
    podUid: nonEmpty(kube.podUid ?? c.pod?.id),
    kubeJob: namespace && kube.container ? `${namespace}/${kube.container}` : undefined,
    kubeJobApp: namespace && app ? `${namespace}/${app}` : undefined,
    kubeService: nonEmpty(
      ann["resource.opentelemetry.io/service.name"] ??
        labels["app.kubernetes.io/instance"] ??
        labels["app.kubernetes.io/name"] ??
        workload ??
        kube.container,
    ),
  };
}

export function containerKeys(c: ContainerLike): ContainerKeys {
  const id = (c.id ?? "").toLowerCase();
  const shortId = (c.shortId || id.slice(0, 12)).toLowerCase();
  return {
    ...kubeKeys(c),
    id,
    shortId,
    name: stripSlash(c.name),
    composeProject: nonEmpty(c.compose?.project),
    composeService: nonEmpty(c.compose?.service),
    pod: nonEmpty(c.pod?.name),
    hostname: nonEmpty(c.hostname),
    image: c.image ?? "",
    cgroupIdCandidates: id ? cgroupPaths(id) : [],
  };
}

/** The value of one key, or undefined when the container does not have it. */
export function keyValue(keys: ContainerKeys, key: KeyName): string | undefined {
  return nonEmpty(keys[key]);
}

// Docker (cgroupfs and systemd drivers), Podman (cgroupfs, systemd, rootless) and containerd/k8s layouts.
function cgroupPaths(id: string): string[] {
  return [
    `/docker/${id}`,
    `/system.slice/docker-${id}.scope`,
    `/libpod_parent/libpod-${id}`,
    `/machine.slice/libpod-${id}.scope`,
    `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${id}.scope`,
    `/kubepods/${id}`,
  ];
}

const ID64_RE = /(?:^|[^0-9a-f])([0-9a-f]{64})(?:\.scope)?$/;

/** The 64-hex container id at the end of a cgroup path, if any. */
export function idFromCgroupPath(path: string): string | undefined {
  return ID64_RE.exec(path.toLowerCase())?.[1];
}
