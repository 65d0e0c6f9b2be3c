// Container lists: the Docker-compatible shape (Names with "/", Created in seconds, a
// human Status) and Podman's libpod shape (Names without "/", Created RFC3339, empty
// Status, ExitedAt = Go zero time while running), plus the `filters` query parameter.
import type { EngineContainerSource } from "../sources";
import type { EngineFlavor } from "./engine-http";

/** Go's go-units HumanDuration, as in "Up 4 minutes". */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return "Less than a second";
  if (s === 1) return "1 second";
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return "About a minute";
  if (m < 60) return `${m} minutes`;
  const h = Math.round(s / 3600);
  if (h === 1) return "About an hour";
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(h / 24 / 365)} years`;
}

export function statusLine(c: EngineContainerSource, now: number): string {
  if (c.state === "running") return `Up ${humanDuration(now - (c.startedMs ?? now))}`;
  if (c.state === "exited") return `Exited (${c.exitCode}) ${humanDuration(now - (c.finishedMs ?? now))} ago`;
  return c.state === "created" ? "Created" : c.state;
}

export function networkEntry(c: EngineContainerSource) {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: [c.id.slice(0, 12)],
    NetworkID: c.network,
    EndpointID: "",
    Gateway: c.ipAddress ? "10.89.0.1" : "",
    IPAddress: c.ipAddress,
    IPPrefixLen: c.ipAddress ? 24 : 0,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    MacAddress: c.macAddress,
    DriverOpts: null,
  };
}

export function compatMounts(c: EngineContainerSource) {
  return c.mounts.map((m) => ({
    Type: m.type,
    Name: m.name ?? "",
    Source: m.source,
    Destination: m.destination,
    Driver: "local",
    Mode: "",
    RW: m.rw,
    Propagation: "rprivate",
  }));
}

export function compatListItem(flavor: EngineFlavor, c: EngineContainerSource, now: number) {
  const common = {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.image,
    ImageID: `sha256:${c.imageId}`,
    Command: c.command.join(" "),
    Created: Math.floor(c.createdMs / 1000),
    Ports: c.ports.map((p) => ({
      IP: "0.0.0.0",
      PrivatePort: p.containerPort,
      PublicPort: p.hostPort,
      Type: p.protocol,
    })),
    Labels: c.labels,
    State: c.state,
    Status: statusLine(c, now),
  };
  if (flavor === "docker")
    return {
      ...common,
      HostConfig: { NetworkMode: c.network },
      NetworkSettings: { Networks: { [c.network]: networkEntry(c) } },
      Mounts: compatMounts(c),
    };
  // Podman's compat list carries these always-empty keys (fixture containers_json_all.json).
  return {
    ...common,
    NetworkSettings: { Networks: { [c.network]: networkEntry(c) } },
    Mounts: compatMounts(c),
    Name: "",
    Config: null,
    NetworkingConfig: null,
    Platform: null,
    AdjustCPUShares: false,
  };
}

const GO_ZERO_UNIX = -62135596800;

export function nanoTime(ms: number, id: string): string {
  // Sub-millisecond digits from the ID so timestamps look like Go's RFC3339Nano.
  const sub = (Number.parseInt(id.slice(0, 6), 16) % 999_999) + 1;
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}${String(sub).padStart(6, "0")}Z`;
}

export function libpodListItem(c: EngineContainerSource) {
  return {
    AutoRemove: false,
    Command: c.command,
    Created: nanoTime(c.createdMs, c.id),
    CreatedAt: "",
    Exited: c.state === "exited",
    ExitedAt: c.finishedMs !== undefined ? Math.floor(c.finishedMs / 1000) : GO_ZERO_UNIX,
    ExitCode: c.exitCode,
    Id: c.id,
    Image: c.image,
    ImageID: c.imageId,
    IsInfra: false,
    Labels: c.labels,
    Mounts: c.mounts.map((m) => m.destination),
    Names: [c.name],
    Namespaces: {},
    Networks: [c.network],
    Pid: c.pid,
    Pod: "",
    PodName: "",
    Ports:
      c.ports.length > 0
        ? c.ports.map((p) => ({
            host_ip: "",
            container_port: p.containerPort,
            host_port: p.hostPort,
            range: 1,
            protocol: p.protocol,
          }))
        : null,
    Size: null,
    StartedAt: c.startedMs !== undefined ? Math.floor(c.startedMs / 1000) : 0,
    State: c.state,
    Status: "",
  };
}

/** `filters` is a JSON map[string][]string (or the legacy map[string]map[string]bool). */
export function parseFilters(raw: string | null): Record<string, string[]> | undefined {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
    const out: Record<string, string[]> = {};
    for (const [k, x] of Object.entries(v)) {
      if (Array.isArray(x)) out[k] = x.map(String);
      else if (typeof x === "object" && x !== null) out[k] = Object.keys(x);
      else return undefined;
    }
    return out;
  } catch {
    return undefined;
  }
}

export function matchesFilters(c: EngineContainerSource, f: Record<string, string[]>): boolean {
  for (const [key, values] of Object.entries(f)) {
    if (values.length === 0) continue;
    const ok = values.some((v) => {
      switch (key) {
        case "label": {
          const i = v.indexOf("=");
          return i < 0 ? v in c.labels : c.labels[v.slice(0, i)] === v.slice(i + 1);
        }
        case "name":
          return c.name.includes(v.replace(/^\//, ""));
        case "id":
          return c.id.startsWith(v);
        case "status":
          return c.state === v;
        case "ancestor":
          return c.image === v || c.image.startsWith(`${v}:`);
        default:
          return true;
      }
    });
    if (!ok) return false;
  }
  return true;
}

/** Full ID, unique ID prefix, or name (with or without the leading "/"). */
export function resolveRef(list: EngineContainerSource[], ref: string): EngineContainerSource | undefined {
  const r = ref.replace(/^\//, "");
  const exact = list.find((c) => c.id === r || c.name === r);
  if (exact) return exact;
  const byPrefix = /^[0-9a-f]+$/.test(r) ? list.filter((c) => c.id.startsWith(r)) : [];
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}
