#!/usr/bin/env node
// Stand-in for cAdvisor: on every scrape it reads the real Podman API (list,
// inspect, stats, logs) over the unix socket and serves OpenMetrics with
// cAdvisor's metric names, help texts and labels, plus an
// http_server_requests_total counter counted from the containers' log lines,
// with the latest matching line's trace/span IDs as exemplar. Only real IDs
// from the logs end up in Prometheus, so metric->log->trace jumps can be tested.
//
// Usage: node exporter.mjs --engine unix:///path/podman.sock --listen 127.0.0.1:9882
import { readFileSync } from "node:fs";
import http from "node:http";
import { pathToFileURL } from "node:url";
import { engineJson, engineRequest } from "./lib.mjs";
import { logsPath, newCursor, unseenLines } from "./log-cursor.mjs";

const HELP = {
  container_cpu_usage_seconds: ["counter", "Cumulative cpu time consumed in seconds."],
  container_memory_usage_bytes: [
    "gauge",
    "Current memory usage in bytes, including all memory regardless of when it was accessed",
  ],
  container_memory_working_set_bytes: ["gauge", "Current working set in bytes."],
  container_spec_memory_limit_bytes: ["gauge", "Memory limit for the container."],
  container_network_receive_bytes: ["counter", "Cumulative count of bytes received"],
  container_network_transmit_bytes: ["counter", "Cumulative count of bytes transmitted"],
  container_last_seen: ["gauge", "Last time a container was seen by the exporter"],
  container_start_time_seconds: ["gauge", "Start time of the container since unix epoch in seconds."],
  http_server_requests: [
    "counter",
    "Total number of HTTP requests handled, by service, route template and status code.",
  ],
};

const esc = (v) => String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
// cAdvisor (and the fixtures) list labels sorted by name.
const fmtLabels = (labels) =>
  `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}="${esc(labels[k])}"`)
    .join(",")}}`;

/** Reads a cgroup file; tries cgroup v1 then v2 locations. */
function readCgroup(cgroupPath, v1Controller, v1File, v2File) {
  for (const f of [`/sys/fs/cgroup/${v1Controller}${cgroupPath}/${v1File}`, `/sys/fs/cgroup${cgroupPath}/${v2File}`]) {
    try {
      return readFileSync(f.replace("//", "/"), "utf8");
    } catch {}
  }
  return null;
}

/** cAdvisor's working set: usage minus inactive file pages (total_inactive_file on v1). */
function inactiveFile(cgroupPath) {
  const stat = readCgroup(cgroupPath, "memory", "memory.stat", "memory.stat") ?? "";
  const m = /^(?:total_inactive_file|inactive_file) (\d+)$/m.exec(stat);
  return m ? Number(m[1]) : 0;
}

/** Root cgroup series ({id="/"}): whole-host CPU seconds and memory, as cAdvisor reports them. */
function rootStats() {
  let cpu = Number(readCgroup("/", "cpuacct", "cpuacct.usage", "") ?? Number.NaN) / 1e9;
  if (!Number.isFinite(cpu)) {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    cpu = (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100; // user nice system irq softirq steal, USER_HZ=100
  }
  let usage = Number(readCgroup("/", "memory", "memory.usage_in_bytes", "") ?? Number.NaN);
  if (!Number.isFinite(usage)) {
    const mi = readFileSync("/proc/meminfo", "utf8");
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(mi)?.[1] ?? 0) * 1024;
    usage = kb("MemTotal") - kb("MemFree");
  }
  return { cpu, usage, workingSet: Math.max(0, usage - inactiveFile("/")) };
}

/**
 * Extracts {route, status, traceId, spanId} from one log line of any of the
 * shop formats (JSON, logfmt, Spring). Lines without route+status don't count.
 */
export function parseRequestLine(line) {
  if (line.startsWith("{")) {
    try {
      const j = JSON.parse(line);
      if (j.route && j.status)
        return { route: j.route, status: String(j.status), traceId: j.traceId, spanId: j.spanId };
    } catch {}
    return null;
  }
  const spring = /\[([0-9a-f]{32})-([0-9a-f]{16})\] \S+\s+: [A-Z]+ (\S+) \w+ status=(\d{3})/.exec(line);
  if (spring) return { route: spring[3], status: spring[4], traceId: spring[1], spanId: spring[2] };
  const route = /(?:^|\s)route=(\S+)/.exec(line)?.[1];
  const status = /(?:^|\s)status=(\d{3})\b/.exec(line)?.[1];
  if (!route || !status) return null;
  const tp = /traceparent=00-([0-9a-f]{32})-([0-9a-f]{16})-/.exec(line);
  return {
    route,
    status,
    traceId: tp?.[1] ?? /trace_id=([0-9a-f]{32})/.exec(line)?.[1],
    spanId: tp?.[2] ?? /span_id=([0-9a-f]{16})/.exec(line)?.[1],
  };
}

export function createExporter(socketPath) {
  const requests = new Map(); // "service\0route\0status" -> { labels, count, exemplar }
  const logPos = new Map(); // container id -> { sec, seen } (last whole second read, lines of it counted)
  const inspectCache = new Map(); // id -> { startedAtKey, memLimit, startTime, cgroupPath, image }
  let snapshot = []; // running containers of the last collection, for /metrics/k8s

  // Follows each container's log (log-cursor.mjs: no line lost or counted twice across passes).
  async function readLogs(c) {
    const pos = logPos.get(c.Id) ?? newCursor();
    const r = await engineRequest(socketPath, logsPath(c.Id, pos));
    if (r.status !== 200) return;
    const service = c.Labels?.["com.docker.compose.service"] ?? c.Names[0];
    for (const { ns, text } of unseenLines(r.body, pos)) {
      const sec = Number(ns / 1_000_000_000n);
      const req = parseRequestLine(text);
      if (!req) continue;
      const key = `${service}\0${req.route}\0${req.status}`;
      const entry = requests.get(key) ?? {
        labels: { service, route: req.route, status: req.status },
        count: 0,
        exemplar: null,
      };
      entry.count++;
      // Prometheus drops an exemplar whose timestamp is not newer than the
      // series' last one ("out-of-order exemplars"), and log times are whole
      // seconds: keep the first line of each second.
      if (req.traceId && !(entry.exemplar?.ts >= sec))
        entry.exemplar = { trace_id: req.traceId, span_id: req.spanId, ts: sec };
      requests.set(key, entry);
    }
    logPos.set(c.Id, pos);
  }

  async function inspect(c) {
    const cached = inspectCache.get(c.Id);
    if (cached && cached.startedAtKey === c.StartedAt) return cached;
    const d = await engineJson(socketPath, `/v4.0.0/libpod/containers/${c.Id}/json`);
    const info = {
      startedAtKey: c.StartedAt,
      memLimit: d.HostConfig?.Memory ?? 0, // 0 = unlimited, as cAdvisor reports it
      startTime: Date.parse(d.State.StartedAt) / 1000,
      cgroupPath: d.State.CgroupPath || `/libpod_parent/libpod-${c.Id}`,
      image: d.Config?.Image || d.ImageName || c.Image,
    };
    inspectCache.set(c.Id, info);
    return info;
  }

  async function collect() {
    // all=true: a stopped container keeps its log position, so a restart (its
    // log file is appended to) is not counted twice.
    const list = await engineJson(socketPath, "/v4.0.0/libpod/containers/json?all=true");
    const running = list.filter((c) => c.State === "running");
    // Without `containers=` Podman reports every running container; a container
    // stopping during the call can fail the whole request, so retry once.
    let stats = [];
    for (let i = 0; i < 2 && running.length && !stats.length; i++) {
      const s = await engineJson(socketPath, "/v4.0.0/libpod/containers/stats?stream=false").catch(() => null);
      stats = s?.Stats ?? [];
    }
    const now = Math.floor(Date.now() / 1000);
    const series = Object.fromEntries(Object.keys(HELP).map((k) => [k, []]));
    const root = rootStats();
    snapshot = [];
    series.container_cpu_usage_seconds.push([{ cpu: "total", id: "/" }, root.cpu]);
    series.container_memory_usage_bytes.push([{ id: "/" }, root.usage]);
    series.container_memory_working_set_bytes.push([{ id: "/" }, root.workingSet]);
    for (const c of running) {
      const st = stats.find((s) => s.ContainerID === c.Id);
      if (!st) continue; // stopped between list and stats
      const info = await inspect(c).catch(() => null);
      if (!info) continue;
      const labels = { id: info.cgroupPath, name: c.Names[0], image: info.image };
      for (const [k, v] of Object.entries(c.Labels ?? {}))
        labels[`container_label_${k.replace(/[^a-zA-Z0-9_]/g, "_")}`] = v;
      const net = { ...labels, interface: "eth0" };
      series.container_cpu_usage_seconds.push([{ ...labels, cpu: "total" }, st.CPUNano / 1e9]);
      series.container_memory_usage_bytes.push([labels, st.MemUsage]);
      series.container_memory_working_set_bytes.push([
        labels,
        Math.max(0, st.MemUsage - inactiveFile(info.cgroupPath)),
      ]);
      series.container_spec_memory_limit_bytes.push([labels, info.memLimit]);
      series.container_network_receive_bytes.push([net, st.NetInput]);
      series.container_network_transmit_bytes.push([net, st.NetOutput]);
      series.container_last_seen.push([labels, now]);
      series.container_start_time_seconds.push([labels, info.startTime]);
      snapshot.push({ c, st, info, workingSet: Math.max(0, st.MemUsage - inactiveFile(info.cgroupPath)) });
    }
    // Logs of every container (also extra ones started by tests, and the last
    // lines of one that stopped since the previous scrape).
    await Promise.all(list.map((c) => readLogs(c).catch(() => {})));
    for (const k of logPos.keys()) if (!list.some((c) => c.Id === k)) logPos.delete(k);
    return series;
  }

  function render(series) {
    const out = [];
    for (const [family, [type, help]] of Object.entries(HELP)) {
      const name = type === "counter" ? `${family}_total` : family;
      out.push(`# HELP ${family} ${help}`, `# TYPE ${family} ${type}`);
      if (family === "http_server_requests") {
        const entries = [...requests.values()].sort((a, b) => fmtLabels(a.labels).localeCompare(fmtLabels(b.labels)));
        for (const e of entries) {
          let line = `${name}${fmtLabels(e.labels)} ${e.count}`;
          const x = e.exemplar;
          if (x)
            line += ` # ${fmtLabels(x.span_id ? { span_id: x.span_id, trace_id: x.trace_id } : { trace_id: x.trace_id })} 1 ${x.ts}.000`;
          out.push(line);
        }
      } else {
        for (const [labels, value] of series[family]) out.push(`${name}${fmtLabels(labels)} ${value}`);
      }
    }
    out.push("# EOF");
    return `${out.join("\n")}\n`;
  }

  // Kubernetes-shaped series for the same containers, from the last collection (no second
  // read of the engine): the kubelet's cAdvisor labels (namespace/pod/container, network on a
  // container="" pod series) and kube-state-metrics families, as if each compose service were
  // a Deployment in namespace "shop" with one pod. Served on /metrics/k8s (job "kubelet").
  function renderKube() {
    const out = [];
    const fam = (name, type, rows) => {
      out.push(`# TYPE ${name.replace(/_total$/, "")} ${type}`);
      for (const [labels, v] of rows) out.push(`${name}${fmtLabels(labels)} ${v}`);
    };
    const rows = {};
    const add = (name, labels, v) => (rows[name] ??= []).push([labels, v]);
    for (const { c, st, info, workingSet } of snapshot) {
      const service = c.Labels?.["com.docker.compose.service"];
      const container = service ?? c.Names[0];
      const rs = service ? `${service}-5d8f7c9b4` : undefined;
      const pod = rs ? `${rs}-${c.Id.slice(0, 5)}` : c.Names[0];
      const podUid = `${c.Id.slice(0, 8)}-${c.Id.slice(8, 12)}-4${c.Id.slice(13, 16)}-8${c.Id.slice(17, 20)}-${c.Id.slice(20, 32)}`;
      const k = { namespace: "shop", pod, container };
      const cad = {
        ...k,
        id: `/kubepods.slice/kubepods-pod${podUid.replaceAll("-", "_")}.slice/cri-containerd-${c.Id}.scope`,
        image: info.image,
        name: c.Id,
      };
      add("container_cpu_usage_seconds_total", { ...cad, cpu: "total" }, st.CPUNano / 1e9);
      add("container_memory_working_set_bytes", cad, workingSet);
      add("container_memory_usage_bytes", cad, st.MemUsage);
      if (info.memLimit) add("container_spec_memory_limit_bytes", cad, info.memLimit);
      const podNet = {
        namespace: "shop",
        pod,
        container: "",
        image: "",
        interface: "eth0",
        id: `/kubepods.slice/kubepods-pod${podUid.replaceAll("-", "_")}.slice`,
      };
      add("container_network_receive_bytes_total", podNet, st.NetInput);
      add("container_network_transmit_bytes_total", podNet, st.NetOutput);
      const ksm = { ...k, uid: podUid };
      add("kube_pod_container_info", { ...ksm, image: info.image, container_id: `containerd://${c.Id}` }, 1);
      add("kube_pod_container_status_restarts_total", ksm, 0);
      if (info.memLimit)
        add(
          "kube_pod_container_resource_limits",
          { ...ksm, resource: "memory", unit: "byte", node: "testenv" },
          info.memLimit,
        );
      add(
        "kube_pod_info",
        {
          namespace: "shop",
          pod,
          uid: podUid,
          node: "testenv",
          created_by_kind: rs ? "ReplicaSet" : "<none>",
          created_by_name: rs ?? "<none>",
        },
        1,
      );
      if (rs) {
        add(
          "kube_pod_owner",
          {
            namespace: "shop",
            pod,
            uid: podUid,
            owner_kind: "ReplicaSet",
            owner_name: rs,
            owner_is_controller: "true",
          },
          1,
        );
        add(
          "kube_replicaset_owner",
          {
            namespace: "shop",
            replicaset: rs,
            owner_kind: "Deployment",
            owner_name: service,
            owner_is_controller: "true",
          },
          1,
        );
      }
    }
    for (const [name, r] of Object.entries(rows)) fam(name, name.endsWith("_total") ? "counter" : "gauge", r);
    out.push("# EOF");
    return `${out.join("\n")}\n`;
  }

  // One collection at a time: concurrent scrapes would double-count log lines.
  let chain = Promise.resolve();
  const scrape = () => {
    const p = chain.then(async () => render(await collect()));
    chain = p.catch(() => {});
    return p;
  };

  const server = http.createServer(async (req, res) => {
    if (!req.url.startsWith("/metrics")) {
      res.writeHead(404).end("not found\n");
      return;
    }
    if (req.url.startsWith("/metrics/k8s")) {
      if (!snapshot.length) await scrape().catch(() => {});
      res.writeHead(200, { "Content-Type": "application/openmetrics-text; version=1.0.0; charset=utf-8" });
      res.end(renderKube());
      return;
    }
    try {
      const body = await scrape();
      res.writeHead(200, { "Content-Type": "application/openmetrics-text; version=1.0.0; charset=utf-8" });
      res.end(body);
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(`collect failed: ${err.message}\n`);
    }
  });
  return { server, scrape };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (n, d) => {
    const i = process.argv.indexOf(`--${n}`);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const socketPath = arg("engine", "").replace(/^unix:\/\//, "");
  const [host, port] = arg("listen", "127.0.0.1:9882").split(":");
  if (!socketPath) {
    console.error("usage: exporter.mjs --engine unix:///path/podman.sock [--listen 127.0.0.1:9882]");
    process.exit(2);
  }
  const { server } = createExporter(socketPath);
  server.listen(Number(port), host, () =>
    console.log(`exporter: http://${host}:${port}/metrics (engine ${socketPath})`),
  );
  for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
}
