import { describe, expect, it } from "vitest";
import type { MetricSeriesSource } from "../sources";
import { createWorld } from "./world";

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

/** The series alive at NOW (older container incarnations have series too). */
function find(series: MetricSeriesSource[], name: string, labels: Record<string, string> = {}) {
  const s = series.find(
    (x) =>
      x.labels.__name__ === name &&
      Object.entries(labels).every(([k, v]) => x.labels[k] === v) &&
      x.valueAt(NOW) !== undefined,
  );
  if (!s) throw new Error(`no series ${name} ${JSON.stringify(labels)}`);
  return s;
}

/** Average rate of a counter over [t - w, t]. */
function rate(s: MetricSeriesSource, t: number, w = 30_000): number {
  return (((s.valueAt(t) ?? 0) - (s.valueAt(t - w) ?? 0)) / w) * 1000;
}

describe("demo world determinism", () => {
  it("gives the same answers for the same seed and time, whatever now is", () => {
    const a = createWorld({ seed: 7, now: () => NOW });
    const b = createWorld({ seed: 7, now: () => NOW + 3 * HOUR });
    expect(a.containers(NOW)).toEqual(b.containers(NOW));
    const sa = a.promSource().series();
    const sb = b.promSource().series();
    for (const t of [NOW - 5 * MIN, NOW - 3 * HOUR, NOW - 6 * 24 * HOUR]) {
      const va = sa.map((s) => [JSON.stringify(s.labels), s.valueAt(t)]);
      const vb = new Map(sb.map((s) => [JSON.stringify(s.labels), s.valueAt(t)]));
      for (const [k, v] of va) if (v !== undefined) expect(vb.get(k as string)).toBe(v);
    }
    const la = a.lokiSource().streams();
    const lb = b.lokiSource().streams();
    expect(la.map((s) => s.labels)).toEqual(lb.map((s) => s.labels));
    const range: [bigint, bigint] = [ns(NOW - 10 * MIN), ns(NOW)];
    expect(la.map((s) => s.entriesIn(...range))).toEqual(lb.map((s) => s.entriesIn(...range)));
    const id = la[4]?.entriesIn(...range)[0]?.line.match(/trace_id=([0-9a-f]{32})/)?.[1] ?? "";
    expect(a.jaegerSource().trace(id)).toEqual(b.jaegerSource().trace(id));
  });

  it("derives different IDs from different seeds", () => {
    const a = createWorld({ seed: 1, now: () => NOW }).containers();
    const b = createWorld({ seed: 2, now: () => NOW }).containers();
    expect(a.map((c) => c.name)).toEqual(b.map((c) => c.name));
    expect(a.map((c) => c.id)).not.toEqual(b.map((c) => c.id));
    for (const c of a) expect(c.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists the shop like the fixtures: compose labels, one exited migration, limits on payments", () => {
    const w = createWorld({ now: () => NOW });
    const cs = w.containers();
    expect(cs.map((c) => c.name).sort()).toEqual([
      "shop-cart-1",
      "shop-db-1",
      "shop-frontend-1",
      "shop-migrate-1",
      "shop-payments-1",
      "shop-queue-1",
      "shop-worker-1",
    ]);
    const pay = cs.find((c) => c.name === "shop-payments-1");
    expect(pay?.memoryLimitBytes).toBe(256 * 1024 * 1024);
    expect(pay?.nanoCpus).toBe(1e9);
    expect(pay?.hostname).toBe(pay?.id.slice(0, 12));
    expect(pay?.labels).toEqual({
      "com.docker.compose.container-number": "1",
      "com.docker.compose.oneoff": "False",
      "com.docker.compose.project": "shop",
      "com.docker.compose.service": "payments",
      "com.docker.compose.version": "2.24.6",
      "org.opencontainers.image.title": "shop-payments",
    });
    const migrate = cs.find((c) => c.name === "shop-migrate-1");
    expect(migrate?.state).toBe("exited");
    expect(migrate?.exitCode).toBe(0);
    expect(NOW - (migrate?.finishedMs ?? NOW)).toBeGreaterThan(HOUR);
    expect(w.allContainerNames()).toContain("legacy-report-1");
    expect(cs.some((c) => c.name === "legacy-report-1")).toBe(false);
    const prom = w.promSource().series();
    expect(prom.some((s) => s.labels.name === "legacy-report-1")).toBe(true);
  });
});

describe("incidents agree across metrics, logs and traces", () => {
  const w = createWorld({ now: () => NOW });
  const incidents = w.incidents(NOW - HOUR, NOW);
  const series = w.promSource().series();
  const cpu = find(series, "container_cpu_usage_seconds_total", { name: "shop-payments-1" });

  it("schedules a 4-minute window every 20 minutes", () => {
    expect(incidents.length).toBeGreaterThanOrEqual(2);
    for (const i of incidents) expect(i.endMs - i.startMs).toBe(4 * MIN);
    const all = w.incidents(NOW - 3 * HOUR, NOW);
    for (let i = 1; i < all.length; i++) expect((all[i]?.startMs ?? 0) - (all[i - 1]?.startMs ?? 0)).toBe(20 * MIN);
  });

  it("shows payments CPU near its 1-core limit, throttling and a memory climb only inside the window", () => {
    const inc = incidents[0];
    if (!inc) throw new Error("no incident");
    const mid = inc.startMs + 2 * MIN;
    expect(rate(cpu, mid)).toBeGreaterThan(0.8);
    expect(rate(cpu, mid)).toBeLessThanOrEqual(1);
    expect(rate(cpu, inc.startMs + 10 * MIN)).toBeLessThan(0.15);
    const thr = find(series, "container_cpu_cfs_throttled_seconds_total", { name: "shop-payments-1" });
    expect(rate(thr, mid)).toBeGreaterThan(0.2);
    expect(rate(thr, inc.startMs + 10 * MIN)).toBeLessThan(0.01);
    const mem = find(series, "container_memory_working_set_bytes", { name: "shop-payments-1" });
    const limit = find(series, "container_spec_memory_limit_bytes", { name: "shop-payments-1" }).valueAt(mid) ?? 0;
    const before = mem.valueAt(inc.startMs + 5000) ?? 0;
    const peak = mem.valueAt(inc.endMs - 5000) ?? 0;
    expect(peak - before).toBeGreaterThan(60 * 1024 * 1024);
    expect(peak).toBeLessThan(limit);
  });

  it("writes ERROR lines with stack traces and 502s only inside windows, with the failing traces' IDs", () => {
    const streams = w.lokiSource().streams();
    const payments = streams.find((s) => s.labels.container === "shop-payments-1");
    const frontend = streams.find((s) => s.labels.container === "shop-frontend-1");
    const entries = payments?.entriesIn(ns(NOW - HOUR), ns(NOW)) ?? [];
    const inWindow = (tMs: number) => incidents.some((i) => tMs >= i.startMs && tMs < i.endMs + 10_000);
    const errors = entries.filter((e) => / ERROR 1 --- /.test(e.line));
    expect(errors.length).toBeGreaterThan(20);
    const jaeger = w.jaegerSource();
    for (const e of errors) {
      expect(inWindow(Number(BigInt(e.ns) / 1_000_000n))).toBe(true);
      const [, trace, span] = /\[([0-9a-f]{32})-([0-9a-f]{16})\]/.exec(e.line) ?? [];
      const t = jaeger.trace(trace ?? "");
      const paySpan = t?.find((s) => s.spanId === span);
      expect(paySpan?.status).toBe("error");
      expect(paySpan?.events[0]?.name).toBe("exception");
      const i = entries.indexOf(e);
      expect(entries[i + 1]?.line).toMatch(/^com\.shop\.payments\.gateway\.GatewayException/);
      expect(entries[i + 8]?.line).toBe("\t... 12 common frames omitted");
    }
    const fe502 = (frontend?.entriesIn(ns(NOW - HOUR), ns(NOW)) ?? []).filter((e) =>
      /level=error .*status=502/.test(e.line),
    );
    expect(fe502.length).toBe(errors.length);
    const failing = jaeger.findTraces({
      service: "payments",
      startMinUs: (NOW - HOUR) * 1000,
      startMaxUs: NOW * 1000,
      attributes: { error: "true" },
      limit: 1000,
    });
    expect(failing.length).toBeGreaterThan(0);
    for (const t of failing) expect(inWindow((t[0]?.startUs ?? 0) / 1000)).toBe(true);
    expect(failing.length).toBe(errors.length);
  });

  it("has slow charges inside the window and fast ones outside", () => {
    const jaeger = w.jaegerSource();
    const inc = incidents[0];
    if (!inc) throw new Error("no incident");
    const slow = jaeger.findTraces({
      service: "payments",
      operation: "POST /api/payments/charge",
      startMinUs: inc.startMs * 1000,
      startMaxUs: inc.endMs * 1000,
      limit: 50,
    });
    for (const t of slow) {
      const d = t.find((s) => s.name === "POST /api/payments/charge")?.durationUs ?? 0;
      expect(d).toBeGreaterThan(600_000);
      expect(d).toBeLessThan(2_600_000);
    }
    const calm = jaeger.findTraces({
      service: "payments",
      startMinUs: (inc.startMs + 8 * MIN) * 1000,
      startMaxUs: (inc.startMs + 12 * MIN) * 1000,
      durationMinUs: 500_000,
      limit: 50,
    });
    expect(calm).toEqual([]);
  });
});

describe("counters", () => {
  it("are monotone within a container's life and O(1) to evaluate", () => {
    const w = createWorld({ now: () => NOW });
    const counters = w
      .promSource()
      .series()
      .filter((s) => s.kind === "counter");
    expect(counters.length).toBeGreaterThan(30);
    const t0 = performance.now();
    for (const s of counters) {
      let prev = -1;
      for (let t = NOW - 2 * HOUR; t <= NOW; t += 5000) {
        const v = s.valueAt(t);
        if (v === undefined) {
          prev = -1;
          continue;
        }
        if (prev >= 0) expect(v).toBeGreaterThanOrEqual(prev);
        prev = v;
      }
    }
    // 2 h at 5 s for every counter, a week after the containers started.
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it("count the same failing requests as the logs show", () => {
    const w = createWorld({ now: () => NOW });
    const c = find(w.promSource().series(), "http_server_requests_total", { service: "payments", status: "502" });
    const inc = w.incidents(NOW - HOUR, NOW)[0];
    if (!inc) throw new Error("no incident");
    const during = (c.valueAt(inc.endMs + 30_000) ?? 0) - (c.valueAt(inc.startMs - 30_000) ?? 0);
    const lines = w
      .lokiSource()
      .streams()
      .find((s) => s.labels.container === "shop-payments-1")
      ?.entriesIn(ns(inc.startMs - 30_000), ns(inc.endMs + 30_000))
      .filter((e) => e.line.includes(" ERROR 1 ---"));
    expect(during).toBe(lines?.length);
    expect(during).toBeGreaterThan(10);
  });
});

describe("exemplars", () => {
  it("lead to existing traces and to log lines", () => {
    const w = createWorld({ now: () => NOW });
    const ex = w.promSource().exemplars(NOW - 5 * MIN, NOW);
    expect(ex.length).toBeGreaterThan(3);
    const fe = w
      .lokiSource()
      .streams()
      .find((s) => s.labels.container === "shop-frontend-1");
    for (const group of ex.slice(0, 4)) {
      expect(group.seriesLabels.__name__).toBe("http_server_requests_total");
      const e = group.exemplars.at(-1);
      if (!e) throw new Error("empty exemplar group");
      const trace = w.jaegerSource().trace(e.labels.trace_id ?? "");
      expect(trace?.some((s) => s.spanId === e.labels.span_id)).toBe(true);
      if (group.seriesLabels.service === "frontend") {
        const around = fe?.entriesIn(ns(e.tMs - 1000), ns(e.tMs + 1000)) ?? [];
        expect(around.some((l) => l.line.includes(`trace_id=${e.labels.trace_id}`))).toBe(true);
      }
    }
  });
});

describe("podman-exporter naming", () => {
  it("puts the short id on every series and the name only on _info", () => {
    const w = createWorld({ now: () => NOW, metricNames: "podman-exporter" });
    const series = w.promSource().series();
    const pay = w.containers().find((c) => c.name === "shop-payments-1");
    const short = pay?.id.slice(0, 12) ?? "";
    const info = find(series, "podman_container_info", { name: "shop-payments-1" });
    expect(info.labels).toMatchObject({ id: short, image: pay?.image, pod_id: "", pod_name: "" });
    const cpu = find(series, "podman_container_cpu_seconds_total", { id: short });
    expect(cpu.labels.name).toBeUndefined();
    expect(find(series, "podman_container_mem_limit_bytes", { id: short }).valueAt(NOW)).toBe(256 * 1024 * 1024);
    for (const n of [
      "podman_container_mem_usage_bytes",
      "podman_container_net_input_total",
      "podman_container_net_output_total",
    ])
      expect(find(series, n, { id: short }).valueAt(NOW)).toBeGreaterThan(0);
    expect(series.some((s) => s.labels.__name__?.startsWith("container_"))).toBe(false);
  });
});
