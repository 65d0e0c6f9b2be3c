#!/usr/bin/env node
// Log shipper of the test environment: follows every container's log through the real Podman
// API and pushes each line to the real Loki (`POST /loki/api/v1/push`, tenant X-Scope-OrgID),
// with the stream labels Grafana Alloy's discovery.docker + discovery.relabel give (the same as
// the fixtures' shipper, shared/fixtures/README.md "Logs in Loki"):
//   container (name without "/"), compose_service, compose_project (only when the container has
//   the compose labels), job="podman".
// Podman's API gives whole-second timestamps; every further line of a second gets 1 ns more.
//
// OTel-style streams: lines of the containers whose compose service is in --otel-services (default
// cart) are shipped the way an OTel log pipeline delivers them to Loki 2.9+: the trace context
// is no longer in the body but in structured metadata (trace_id, span_id). The JSON's traceId and
// spanId fields are moved out of the line. So for those lines the trace ID exists only in
// structured metadata.
//
// Usage: node shipper.mjs --engine unix:///…/podman.sock --loki http://127.0.0.1:N --tenant shop
//          [--otel-services cart] [--interval-ms 500]
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { engineJson, engineRequest } from "./lib.mjs";
import { logsPath, newCursor, unseenLines } from "./log-cursor.mjs";

export { parseTimestamp } from "./log-cursor.mjs";

/** Alloy's labels: a label whose source meta label is absent is dropped. */
export function streamLabels(c) {
  const labels = { container: c.name, job: "podman" };
  const service = c.labels["com.docker.compose.service"];
  const project = c.labels["com.docker.compose.project"];
  if (service) labels.compose_service = service;
  if (project) labels.compose_project = project;
  return labels;
}

/**
 * An OTel pipeline's view of a JSON log line: traceId/spanId leave the body and become
 * structured metadata trace_id/span_id. Lines without them (or not JSON) are unchanged.
 */
export function otelEntry(line) {
  if (!line.startsWith("{")) return { line, meta: undefined };
  let obj;
  try {
    obj = JSON.parse(line);
  } catch {
    return { line, meta: undefined };
  }
  if (typeof obj !== "object" || obj === null || typeof obj.traceId !== "string") return { line, meta: undefined };
  const meta = { trace_id: obj.traceId };
  if (typeof obj.spanId === "string") meta.span_id = obj.spanId;
  const { traceId: _t, spanId: _s, ...rest } = obj;
  return { line: JSON.stringify(rest), meta };
}

export class Shipper {
  constructor({ socketPath, lokiUrl, tenant, otelServices = ["cart"], onLine }) {
    this.socketPath = socketPath;
    this.lokiUrl = lokiUrl;
    this.tenant = tenant;
    this.otel = new Set(otelServices);
    this.onLine = onLine;
    /** container id → { sec, seen, lastNs } */
    this.pos = new Map();
    this.pushed = 0;
    /** Streams read but not yet accepted by Loki (kept for the next pass when a push fails). */
    this.pending = [];
  }

  async containers() {
    const list = await engineJson(this.socketPath, "/v1.41/containers/json?all=1");
    return list.map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ""), labels: c.Labels ?? {} }));
  }

  /** New lines of one container since the last pass, as Loki entries. */
  async read(c) {
    const pos = this.pos.get(c.id) ?? { ...newCursor(), lastNs: 0n };
    this.pos.set(c.id, pos);
    const r = await engineRequest(this.socketPath, logsPath(c.id, pos));
    if (r.status !== 200) return [];
    const otel = this.otel.has(c.labels["com.docker.compose.service"]);
    const values = [];
    for (const { ns, text } of unseenLines(r.body, pos)) {
      const at = ns <= pos.lastNs ? pos.lastNs + 1n : ns;
      pos.lastNs = at;
      this.onLine?.(c, at, text);
      const { line, meta } = otel ? otelEntry(text) : { line: text, meta: undefined };
      values.push(meta ? [at.toString(), line, meta] : [at.toString(), line]);
    }
    return values;
  }

  async push(streams) {
    if (streams.length === 0) return;
    const r = await fetch(`${this.lokiUrl}/loki/api/v1/push`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Scope-OrgID": this.tenant },
      body: JSON.stringify({ streams }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!r.ok) throw new Error(`loki push: HTTP ${r.status} ${(await r.text()).slice(0, 300)}`);
    this.pushed += streams.reduce((n, s) => n + s.values.length, 0);
  }

  /** One pass over every container (stopped ones too: their last lines still go out). */
  async pass() {
    const list = await this.containers();
    const streams = this.pending;
    this.pending = [];
    for (const c of list) {
      const values = await this.read(c);
      if (values.length) streams.push({ stream: streamLabels(c), values });
    }
    try {
      await this.push(streams);
    } catch (err) {
      this.pending = streams.slice(-200); // bounded: a long outage drops the oldest batches
      throw err;
    }
    return streams.length;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      engine: { type: "string" },
      loki: { type: "string" },
      tenant: { type: "string" },
      "otel-services": { type: "string", default: "cart" },
      "interval-ms": { type: "string", default: "500" },
      "state-dir": { type: "string" },
    },
  });
  if (!values.engine?.startsWith("unix://") || !values.loki || !values.tenant) {
    throw new Error("usage: shipper.mjs --engine unix:///…/podman.sock --loki http://… --tenant T");
  }
  const shipper = new Shipper({
    socketPath: values.engine.slice("unix://".length),
    lokiUrl: values.loki,
    tenant: values.tenant,
    otelServices: values["otel-services"].split(",").filter(Boolean),
  });
  const interval = Number(values["interval-ms"]);
  let lastErr = "";
  for (;;) {
    try {
      await shipper.pass();
      lastErr = "";
    } catch (err) {
      // One line per distinct failure, so a long outage does not flood the log.
      if (err.message !== lastErr) console.error(`[shipper] ${new Date().toISOString()} ${err.message}`);
      lastErr = err.message;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`[shipper] ${err.stack ?? err}`);
    process.exit(2);
  });
}
