// GET /containers/{ref}/json, shaped like fixtures/podman-4.3/container_inspect_payments.json
// (Docker's differs in paths and a few defaults). State is an object here, not a string.
import type { EngineContainerSource } from "../sources";
import type { EngineFlavor } from "./engine-http";
import { compatMounts, nanoTime, networkEntry } from "./engine-list";

const GO_ZERO = "0001-01-01T00:00:00Z";

function paths(flavor: EngineFlavor, id: string) {
  if (flavor === "docker") {
    const d = `/var/lib/docker/containers/${id}`;
    return {
      ResolvConfPath: `${d}/resolv.conf`,
      HostnamePath: `${d}/hostname`,
      HostsPath: `${d}/hosts`,
      LogPath: `${d}/${id}-json.log`,
    };
  }
  const run = `/run/containers/storage/overlay-containers/${id}/userdata`;
  return {
    ResolvConfPath: `${run}/resolv.conf`,
    HostnamePath: `${run}/hostname`,
    HostsPath: `${run}/hosts`,
    LogPath: `/var/lib/containers/storage/overlay-containers/${id}/userdata/ctr.log`,
  };
}

function hostConfig(flavor: EngineFlavor, c: EngineContainerSource) {
  return {
    Binds: c.mounts.map((m) => `${m.name ?? m.source}:${m.destination}:rw,rprivate,rbind`),
    ContainerIDFile: "",
    LogConfig: { Type: flavor === "docker" ? "json-file" : "k8s-file", Config: flavor === "docker" ? {} : null },
    NetworkMode: c.network,
    PortBindings: Object.fromEntries(
      c.ports.map((p) => [`${p.containerPort}/${p.protocol}`, [{ HostIp: "", HostPort: String(p.hostPort) }]]),
    ),
    RestartPolicy: { Name: "unless-stopped", MaximumRetryCount: 0 },
    AutoRemove: false,
    VolumeDriver: "",
    VolumesFrom: null,
    CapAdd: [],
    CapDrop: flavor === "podman" ? ["AUDIT_WRITE", "MKNOD", "NET_RAW"] : null,
    CgroupnsMode: flavor === "docker" ? "private" : "",
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: [],
    GroupAdd: [],
    IpcMode: flavor === "docker" ? "private" : "shareable",
    Cgroup: "",
    Links: null,
    OomScoreAdj: 0,
    PidMode: flavor === "docker" ? "" : "private",
    Privileged: false,
    PublishAllPorts: false,
    ReadonlyRootfs: false,
    SecurityOpt: [],
    UTSMode: flavor === "docker" ? "" : "private",
    UsernsMode: "",
    ShmSize: 67108864,
    Runtime: flavor === "docker" ? "runc" : "oci",
    ConsoleSize: [0, 0],
    Isolation: "",
    CpuShares: 0,
    Memory: c.memoryLimitBytes,
    NanoCpus: c.nanoCpus,
    CgroupParent: "",
    BlkioWeight: 0,
    BlkioWeightDevice: null,
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: c.cpuPeriod,
    CpuQuota: c.cpuQuota,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: "",
    CpusetMems: "",
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    KernelMemory: 0,
    KernelMemoryTCP: 0,
    MemoryReservation: 0,
    MemorySwap: c.memoryLimitBytes > 0 ? c.memoryLimitBytes * 2 : 0,
    MemorySwappiness: -1,
    OomKillDisable: false,
    PidsLimit: 2048,
    Ulimits: [],
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: null,
    ReadonlyPaths: null,
  };
}

export function inspectBody(flavor: EngineFlavor, c: EngineContainerSource) {
  const running = c.state === "running";
  const env = c.env;
  return {
    Id: c.id,
    Created: nanoTime(c.createdMs, c.id),
    Path: c.command[0] ?? "",
    Args: c.command.slice(1),
    State: {
      Status: c.state,
      Running: running,
      Paused: c.state === "paused",
      Restarting: c.state === "restarting",
      OOMKilled: false,
      Dead: c.state === "dead",
      Pid: c.pid,
      ExitCode: c.exitCode,
      Error: "",
      StartedAt: c.startedMs !== undefined ? nanoTime(c.startedMs, c.id.slice(6)) : GO_ZERO,
      FinishedAt: c.finishedMs !== undefined ? nanoTime(c.finishedMs, c.id.slice(12)) : GO_ZERO,
      Health: { Status: c.name === "shop-db-1" && running ? "healthy" : "", FailingStreak: 0, Log: null },
    },
    Image: `sha256:${c.imageId}`,
    ...paths(flavor, c.id),
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: flavor === "docker" ? "overlay2" : "overlay",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: flavor === "docker" ? "docker-default" : "",
    ExecIDs: flavor === "docker" ? null : [],
    HostConfig: hostConfig(flavor, c),
    GraphDriver: {
      Data: {
        LowerDir: `/var/lib/containers/storage/overlay/${c.imageId}/diff`,
        MergedDir: `/var/lib/containers/storage/overlay/${c.id}/merged`,
        UpperDir: `/var/lib/containers/storage/overlay/${c.id}/diff`,
        WorkDir: `/var/lib/containers/storage/overlay/${c.id}/work`,
      },
      Name: flavor === "docker" ? "overlay2" : "overlay",
    },
    SizeRootFs: 0,
    Mounts: compatMounts(c),
    Config: {
      Hostname: c.hostname,
      Domainname: "",
      User: "",
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: env,
      Cmd: c.command,
      Image: c.image,
      Volumes: null,
      WorkingDir: "/",
      Entrypoint: [],
      OnBuild: null,
      Labels: c.labels,
      StopSignal: "15",
      StopTimeout: 10,
    },
    NetworkSettings: {
      Bridge: "",
      SandboxID: "",
      HairpinMode: false,
      LinkLocalIPv6Address: "",
      LinkLocalIPv6PrefixLen: 0,
      Ports: Object.fromEntries(
        c.ports.map((p) => [`${p.containerPort}/${p.protocol}`, [{ HostIp: "", HostPort: String(p.hostPort) }]]),
      ),
      SandboxKey: running ? `/run/netns/netns-${c.id.slice(0, 8)}-${c.id.slice(8, 12)}` : "",
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: "",
      Gateway: running ? "10.89.0.1" : "",
      GlobalIPv6Address: "",
      GlobalIPv6PrefixLen: 0,
      IPAddress: c.ipAddress,
      IPPrefixLen: running ? 24 : 0,
      IPv6Gateway: "",
      MacAddress: c.macAddress,
      Networks: { [c.network]: networkEntry(c) },
    },
  };
}
