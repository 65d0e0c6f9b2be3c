// The demo cluster's traffic: every 10 s a checkout goes storefront → checkout → db-0. Each
// request is one trace (its ID encodes its slot, so a trace is rebuilt from its ID) and log
// lines that carry the trace ID, in streams labelled like Grafana Alloy's pod discovery.
import type {
  JaegerSource,
  LokiEntry,
  LokiSource,
  LokiStreamSource,
  TraceQuerySource,
  TraceResource,
  TraceSpanSource,
} from "../../sources";
import { spanMatches } from "../jaeger-source";
import { hash01, hexOf } from "../prng";
import { MINUTE, SECOND } from "../schedule";
import { CLUSTER, type KContainer, type KPod, type KubeWorld, NAMESPACE, runAt } from "./cluster";

export const SLOT_MS = 10 * SECOND;
const TRACE_PREFIX = "6b8e5c1f";
const MAX_SCAN_SLOTS = 50_000;

export interface KubeRequest {
  slot: number;
  tMs: number;
  traceId: string;
  storefront: KPod;
  checkout?: KPod;
  db: KPod;
  ok: boolean;
  durationMs: number;
  orderId: string;
}

export function traceIdOf(slot: number): string {
  return `${TRACE_PREFIX}${slot.toString(16).padStart(24, "0")}`;
}

export function slotOfTraceId(id: string): number | undefined {
  const s = id.trim().toLowerCase().padStart(32, "0");
  if (!s.startsWith(TRACE_PREFIX) || !/^[0-9a-f]{32}$/.test(s)) return undefined;
  const n = Number.parseInt(s.slice(8), 16);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function makeKubeTraffic(seed: number, k: KubeWorld) {
  const byName = (prefix: string, t: number) =>
    k
      .podsAt(t)
      .filter((p) => p.workload.name === prefix)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  const request = (slot: number): KubeRequest | undefined => {
    const tMs = slot * SLOT_MS + Math.floor(hash01(seed, slot, 91) * 3000);
    const fronts = byName("storefront", tMs);
    const storefront = fronts[slot % Math.max(1, fronts.length)];
    const db = k.pods.find((p) => p.name === "db-0");
    if (!storefront || !db) return undefined;
    const checkout = byName("checkout", tMs)[0];
    const cc = checkout?.containers.find((c) => c.name === "checkout");
    const ok = Boolean(cc && runAt(cc, tMs));
    return {
      slot,
      tMs,
      traceId: traceIdOf(slot),
      storefront,
      checkout,
      db,
      ok,
      durationMs: ok ? 35 + Math.floor(hash01(seed, slot, 92) * 60) : 3,
      orderId: `ord-${hexOf(8, seed, slot, 93)}`,
    };
  };
  return { request };
}

function resourceOf(p: KPod, c: KContainer, service: string, t: number): TraceResource {
  return {
    serviceName: service,
    attributes: {
      "service.name": service,
      "service.namespace": NAMESPACE,
      "k8s.cluster.name": CLUSTER,
      "k8s.namespace.name": NAMESPACE,
      "k8s.pod.name": p.name,
      "k8s.pod.uid": p.uid,
      "k8s.container.name": c.name,
      [`k8s.${p.workload.kind.toLowerCase()}.name`]: p.workload.name,
      "k8s.node.name": p.node,
      ...(runAt(c, t) ? { "container.id": runAt(c, t)?.id ?? "" } : {}),
      "telemetry.sdk.language": "go",
    },
  };
}

export function spansOf(seed: number, r: KubeRequest): TraceSpanSource[] {
  const us = r.tMs * 1000;
  const web = r.storefront.containers[0] as KContainer;
  const sid = (n: number) => hexOf(16, seed, r.slot, 100 + n);
  const scope = { name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", version: "0.53.0" };
  const root: TraceSpanSource = {
    traceId: r.traceId,
    spanId: sid(0),
    name: "POST /checkout",
    kind: "server",
    startUs: us,
    durationUs: r.durationMs * 1000 + 2000,
    status: r.ok ? "unset" : "error",
    ...(r.ok ? {} : { statusMessage: "checkout unavailable" }),
    attributes: {
      "http.request.method": "POST",
      "http.route": "/checkout",
      "http.response.status_code": r.ok ? 200 : 503,
    },
    events: [],
    links: [],
    resource: resourceOf(r.storefront, web, "storefront", r.tMs),
    scope,
  };
  const cc = r.checkout?.containers.find((c) => c.name === "checkout");
  if (!r.ok || !r.checkout || !cc) return [root];
  const place: TraceSpanSource = {
    traceId: r.traceId,
    spanId: sid(1),
    parentSpanId: root.spanId,
    name: "PlaceOrder",
    kind: "server",
    startUs: us + 1000,
    durationUs: r.durationMs * 1000,
    status: "unset",
    attributes: { "rpc.system": "grpc", "rpc.service": "shop.Checkout", "order.id": r.orderId },
    events: [],
    links: [],
    resource: resourceOf(r.checkout, cc, "checkout", r.tMs),
    scope,
  };
  const insert: TraceSpanSource = {
    ...place,
    spanId: sid(2),
    parentSpanId: place.spanId,
    name: "INSERT shop.orders",
    kind: "client",
    startUs: us + 3000,
    durationUs: Math.floor(r.durationMs * 400),
    attributes: {
      "db.system": "postgresql",
      "db.namespace": "shop",
      "server.address": "db-0.db.shop.svc",
      "db.operation.name": "INSERT",
    },
    scope: { name: "github.com/jackc/pgx", version: "5.6.0" },
  };
  return [root, place, insert];
}

export function makeKubeJaeger(seed: number, k: KubeWorld, now: () => number) {
  const traffic = makeKubeTraffic(seed, k);
  const build = (slot: number) => {
    const r = traffic.request(slot);
    if (!r || r.tMs > now()) return undefined;
    return spansOf(seed, r);
  };
  const source: JaegerSource = {
    services: () => ["checkout", "storefront"],
    operations: (service) =>
      service === "storefront"
        ? [{ name: "POST /checkout", spanKind: "server" }]
        : service === "checkout"
          ? [
              { name: "PlaceOrder", spanKind: "server" },
              { name: "INSERT shop.orders", spanKind: "client" },
            ]
          : [],
    trace(traceId) {
      const slot = slotOfTraceId(traceId);
      return slot === undefined ? undefined : build(slot);
    },
    findTraces(q: TraceQuerySource) {
      const out: TraceSpanSource[][] = [];
      if (q.service !== "storefront" && q.service !== "checkout") return out;
      const hi = Math.floor(Math.min(q.startMaxUs / 1000, now()) / SLOT_MS);
      const lo = Math.floor(q.startMinUs / 1000 / SLOT_MS) - 1;
      for (let slot = hi; slot >= lo && hi - slot < MAX_SCAN_SLOTS && out.length < q.limit; slot--) {
        const spans = build(slot);
        if (spans?.some((s) => spanMatches(s, q))) out.push(spans);
      }
      return out;
    },
  };
  return { source, owns: (traceId: string) => slotOfTraceId(traceId) !== undefined };
}

// ---------------------------------------------------------------------------------------
// Logs

const nsOf = (ms: number, sub = 0) => (BigInt(ms) * 1_000_000n + BigInt(sub)).toString();
const iso = (ms: number) => new Date(ms).toISOString();

type LineAt = { ms: number; line: string };

class PodContainerStream implements LokiStreamSource {
  constructor(
    readonly labels: Record<string, string>,
    private readonly lines: (fromMs: number, toMs: number) => LineAt[],
    private readonly now: () => number,
  ) {}
  entriesIn(fromNs: bigint, toNs: bigint): LokiEntry[] {
    const nowMs = this.now();
    const fromMs = Number(fromNs / 1_000_000n);
    const toMs = Math.min(Number(toNs / 1_000_000n) + 1, nowMs + 1);
    const out: LokiEntry[] = [];
    let i = 0;
    for (const l of this.lines(fromMs, toMs)) {
      const ns = BigInt(nsOf(l.ms, i++ % 1000));
      if (ns >= fromNs && ns < toNs && l.ms <= nowMs) out.push({ ns: ns.toString(), line: l.line });
    }
    return out.sort((a, b) => (BigInt(a.ns) < BigInt(b.ns) ? -1 : 1));
  }
}

export function makeKubeLoki(seed: number, k: KubeWorld, now: () => number): LokiSource {
  const traffic = makeKubeTraffic(seed, k);
  const slotsIn = function* (fromMs: number, toMs: number) {
    const lo = Math.floor(fromMs / SLOT_MS) - 1;
    const hi = Math.ceil(toMs / SLOT_MS);
    for (let s = Math.max(lo, hi - 60_480); s <= hi; s++) {
      const r = traffic.request(s);
      if (r && r.tMs >= fromMs && r.tMs < toMs) yield r;
    }
  };
  const streams: LokiStreamSource[] = [];
  for (const p of k.pods) {
    for (const c of p.containers) {
      const labels = {
        cluster: CLUSTER,
        namespace: NAMESPACE,
        pod: p.name,
        container: c.name,
        job: `${NAMESPACE}/${c.name}`,
        service_name: p.labels["app.kubernetes.io/name"] ?? c.name,
        node_name: p.node,
      };
      const startup = (fromMs: number, toMs: number): LineAt[] =>
        c.runs
          .filter((r) => r.startMs >= fromMs && r.startMs < toMs)
          .map((r) => ({
            ms: r.startMs + 200,
            line: `level=info msg="starting" container=${c.name} image=${c.image}`,
          }));
      const ends = (fromMs: number, toMs: number): LineAt[] =>
        c.runs
          .filter((r) => r.reason === "OOMKilled" && r.endMs - 500 >= fromMs && r.endMs - 500 < toMs)
          .map((r) => ({
            ms: r.endMs - 500,
            line: `level=error msg="allocating order buffer" err="runtime: out of memory" rss_mb=255`,
          }));
      let lines: (fromMs: number, toMs: number) => LineAt[];
      if (p.workload.name === "storefront") {
        lines = (fromMs, toMs) => {
          const out = startup(fromMs, toMs);
          for (const r of slotsIn(fromMs, toMs)) {
            if (r.storefront !== p) continue;
            out.push({
              ms: r.tMs + r.durationMs + 2,
              line: r.ok
                ? `ts=${iso(r.tMs)} level=info msg="POST /checkout" status=200 duration_ms=${r.durationMs} order_id=${r.orderId} trace_id=${r.traceId}`
                : `ts=${iso(r.tMs)} level=error msg="POST /checkout" status=503 err="upstream connect error: checkout.shop.svc:9090 connection refused" trace_id=${r.traceId}`,
            });
          }
          return out;
        };
      } else if (p.workload.name === "checkout" && c.name === "checkout") {
        lines = (fromMs, toMs) => {
          const out = [...startup(fromMs, toMs), ...ends(fromMs, toMs)];
          for (const r of slotsIn(fromMs, toMs)) {
            if (!r.ok) continue;
            out.push({
              ms: r.tMs + 4,
              line: `level=info msg="order placed" order_id=${r.orderId} trace_id=${r.traceId}`,
            });
          }
          // The leak: a warning each minute of the climb before the kill.
          const oom = c.runs.find((x) => x.reason === "OOMKilled");
          if (oom)
            for (let t = oom.endMs - 30 * MINUTE; t < oom.endMs; t += MINUTE)
              if (t >= fromMs && t < toMs) {
                const rss = Math.round(c.memory(t, oom.startMs) / 1024 / 1024);
                out.push({ ms: t + 30, line: `level=warn msg="heap usage high" rss_mb=${rss} limit_mb=256` });
              }
          return out;
        };
      } else if (c.name === "envoy") {
        lines = (fromMs, toMs) => {
          const out = startup(fromMs, toMs);
          for (const r of slotsIn(fromMs, toMs))
            if (r.ok && r.checkout === p)
              out.push({
                ms: r.tMs + r.durationMs,
                line: `[${iso(r.tMs)}] "POST /shop.Checkout/PlaceOrder HTTP/2" 200 - ${r.durationMs} "${r.traceId}"`,
              });
          return out;
        };
      } else if (p.workload.name === "db") {
        lines = (fromMs, toMs) => {
          const out = startup(fromMs, toMs);
          for (const r of slotsIn(fromMs, toMs))
            if (r.ok && r.slot % 6 === 0)
              out.push({
                ms: r.tMs + 5,
                line: `${iso(r.tMs)} UTC [412] LOG:  duration: ${(r.durationMs / 10).toFixed(3)} ms  statement: INSERT INTO orders VALUES ($1, $2)`,
              });
          return out;
        };
      } else {
        lines = (fromMs, toMs) => {
          const out = startup(fromMs, toMs);
          const run = c.runs[0];
          if (run)
            for (let t = run.startMs + 5 * SECOND, i = 0; t < run.endMs; t += 10 * SECOND, i++)
              if (t >= fromMs && t < toMs)
                out.push({ ms: t, line: `level=info msg="report progress" done=${i * 9}% rows=${i * 1204}` });
          return out;
        };
      }
      streams.push(new PodContainerStream(labels, lines, now));
    }
  }
  return { streams: () => streams };
}
