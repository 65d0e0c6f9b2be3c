// Optional history for long time ranges: synthetic samples for the real
// containers (same ids and labels as the live series) written as OpenMetrics
// and turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics`.
// Only data older than 3 h is backfilled: newer samples would overlap the head
// block of the running Prometheus (see APIS.md §1). promtool ignores exemplars,
// so exemplars only come from the live scrapes.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";

const STEP_S = 15;
const MiB = 1024 * 1024;

// Request mix per service: [route, status, requests per second].
const ROUTES = {
  frontend: [
    ["/", "200", 0.2],
    ["/api/products", "200", 0.4],
    ["/api/products/:id", "200", 0.2],
    ["/api/products", "404", 0.03],
    ["/api/cart", "200", 0.2],
    ["/api/checkout", "200", 0.18],
    ["/api/checkout", "500", 0.01],
  ],
  cart: [
    ["/api/cart", "200", 0.35],
    ["/api/cart/items", "200", 0.35],
    ["/api/cart/items/:id", "200", 0.3],
    ["/api/cart/checkout", "200", 0.18],
    ["/api/cart/items", "409", 0.08],
    ["/api/cart", "500", 0.02],
  ],
  payments: [
    ["/api/payments/:id", "200", 0.6],
    ["/api/payments/refund", "200", 0.6],
    ["/api/payments/charge", "200", 0.16],
    ["/api/payments/charge", "502", 0.02],
    ["/api/payments/:id", "502", 0.06],
  ],
};

const esc = (v) => String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"');
const fmt = (labels) =>
  `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}="${esc(labels[k])}"`)
    .join(",")}}`;

/** Cumulative CPU seconds at time t: cart burns a core 5 s of every 20 s, the others idle. */
function cpuAt(service, t) {
  if (service !== "cart") return t * 0.004;
  const full = Math.floor(t / 20) * 5 + Math.min(t % 20, 5);
  return full + t * 0.003;
}

/** Memory bytes at time t: payments climbs in 4 MiB steps and drops, others are flat-ish. */
function memAt(service, t) {
  if (service === "payments") return 4.5 * MiB + (Math.floor(t / 5) % 7) * 4 * MiB;
  return 600_000 + (Math.floor(t / 60) % 5) * 40_960;
}

/**
 * Writes the history file and creates the blocks directly in dataDir (Prometheus
 * must not be running yet). containers: [{ name, id, cgroupPath, image, labels, memLimit }].
 */
export async function backfill({ workDir, dataDir, containers, hours, now = Math.floor(Date.now() / 1000) }) {
  mkdirSync(workDir, { recursive: true });
  const end = now - 3 * 3600 - 10 * 60; // well clear of the head block
  const start = end - Math.round(hours * 3600);
  const file = join(workDir, "history.om");
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? null : new Promise((r) => out.once("drain", r)));
  const times = [];
  for (let t = start; t <= end; t += STEP_S) times.push(t);

  const ctrLabels = (c) => {
    const l = { id: c.cgroupPath, name: c.name, image: c.image };
    for (const [k, v] of Object.entries(c.labels)) l[`container_label_${k.replace(/[^a-zA-Z0-9_]/g, "_")}`] = v;
    return l;
  };
  const svc = (c) => c.labels["com.docker.compose.service"] ?? c.name;
  // family -> [type, [labels, (t, rel) => value][]]; rel = seconds since the history start.
  const families = {
    container_cpu_usage_seconds: ["counter", [[{ cpu: "total", id: "/" }, (_t, r) => 40 + r * 0.05]]],
    container_memory_usage_bytes: ["gauge", [[{ id: "/" }, () => 800 * MiB]]],
    container_memory_working_set_bytes: ["gauge", [[{ id: "/" }, () => 790 * MiB]]],
    container_spec_memory_limit_bytes: ["gauge", []],
    container_network_receive_bytes: ["counter", []],
    container_network_transmit_bytes: ["counter", []],
    container_last_seen: ["gauge", []],
    container_start_time_seconds: ["gauge", []],
    http_server_requests: ["counter", []],
  };
  for (const c of containers) {
    const l = ctrLabels(c);
    const s = svc(c);
    const net = { ...l, interface: "eth0" };
    families.container_cpu_usage_seconds[1].push([{ ...l, cpu: "total" }, (_t, r) => cpuAt(s, r)]);
    families.container_memory_usage_bytes[1].push([l, (_t, r) => memAt(s, r)]);
    families.container_memory_working_set_bytes[1].push([l, (_t, r) => memAt(s, r)]);
    families.container_spec_memory_limit_bytes[1].push([l, () => c.memLimit]);
    families.container_network_receive_bytes[1].push([net, (_t, r) => 936 + Math.floor(r / 30) * 90]);
    families.container_network_transmit_bytes[1].push([net, (_t, r) => 2500 + Math.floor(r / 30) * 70]);
    families.container_last_seen[1].push([l, (t) => t]);
    families.container_start_time_seconds[1].push([l, () => start]);
    for (const [route, status, rps] of ROUTES[s] ?? []) {
      families.http_server_requests[1].push([{ service: s, route, status }, (_t, r) => Math.floor(r * rps)]);
    }
  }
  // Each series' samples must be contiguous and in time order for promtool.
  for (const [family, [type, series]] of Object.entries(families)) {
    await write(`# HELP ${family} Backfilled history.\n# TYPE ${family} ${type}\n`);
    const name = type === "counter" ? `${family}_total` : family;
    for (const [labels, fn] of series) {
      const prefix = `${name}${fmt(labels)} `;
      let chunk = "";
      for (const t of times) chunk += `${prefix}${fn(t, t - start)} ${t}\n`;
      await write(chunk);
    }
  }
  await write("# EOF\n");
  await new Promise((r) => out.end(r));

  const r = spawnSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--quiet", file, dataDir], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`promtool backfill failed: ${(r.stderr || r.stdout).trim()}`);
  return { start, end, samples: times.length };
}
