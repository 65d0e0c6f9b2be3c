// Spans of the real containers for the real Tempo: the trace IDs the shop containers log (read
// from the real Podman logs API) become spans exactly as the Jaeger stand-in of real-mocks builds
// them (real-mocks/trace-index.ts: one server span per service that logged the ID, resource
// attributes service.name / container.id / container.name / host.name, frontend → cart →
// payments), sent as OTLP/JSON to Tempo's OTLP/HTTP receiver (POST /v1/traces).
// A trace is sent once it has had no new line for SETTLE_MS (or, when it keeps changing like
// web1's constant trace ID, MAX_WAIT_MS after its first unsent change), and again if a later line
// adds to it (Tempo combines the spans of one trace ID).
//   node --import tsx scripts/testenv/span-pusher.ts --engine unix:///…/podman.sock --otlp http://127.0.0.1:N
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { toResourceSpans } from "../../mocks/handlers/jaeger-wire";
import { PodmanLogStore } from "./real-mocks/log-store";
import { TraceIndex } from "./real-mocks/trace-index";
import { parseTraceRef } from "./real-mocks/line-parse";

export const SETTLE_MS = 1500;
export const MAX_WAIT_MS = 4000;
/** Changed traces not yet sent; bounded so an unreachable Tempo cannot grow it without end. */
const MAX_PENDING = 20_000;

export class SpanPusher {
  readonly logs: PodmanLogStore;
  readonly traces = new TraceIndex();
  /** trace ID → times (ms) of its first and last unsent change. */
  private readonly dirty = new Map<string, { first: number; last: number }>();
  sent = 0;

  constructor(
    socketPath: string,
    private readonly otlpUrl: string,
    private readonly now: () => number = Date.now,
  ) {
    this.logs = new PodmanLogStore(socketPath);
    this.logs.onLine((origin, ns, line) => {
      this.traces.add(origin, ns, line);
      const ref = parseTraceRef(line);
      if (!ref) return;
      const now = this.now();
      this.dirty.set(ref.traceId, { first: this.dirty.get(ref.traceId)?.first ?? now, last: now });
      if (this.dirty.size > MAX_PENDING) {
        const oldest = this.dirty.keys().next().value;
        if (oldest !== undefined) this.dirty.delete(oldest);
      }
    });
  }

  /** Reads new lines, then sends every settled trace in one OTLP request. */
  async pass(): Promise<number> {
    await this.logs.refresh();
    const now = this.now();
    const ready = [...this.dirty]
      .filter(([, d]) => d.last <= now - SETTLE_MS || d.first <= now - MAX_WAIT_MS)
      .map(([id]) => id);
    const spans = ready.flatMap((id) => this.traces.trace(id) ?? []);
    if (spans.length === 0) return 0;
    const r = await fetch(`${this.otlpUrl}/v1/traces`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ resourceSpans: toResourceSpans(spans) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!r.ok) throw new Error(`OTLP push: HTTP ${r.status} ${(await r.text()).slice(0, 300)}`);
    for (const id of ready) this.dirty.delete(id);
    this.sent += spans.length;
    return spans.length;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: "string" },
      otlp: { type: "string" },
      "interval-ms": { type: "string", default: "500" },
      "state-dir": { type: "string" },
    },
    strict: true,
  });
  if (!values.engine?.startsWith("unix://") || !values.otlp) {
    throw new Error("usage: span-pusher.ts --engine unix:///…/podman.sock --otlp http://127.0.0.1:N");
  }
  const pusher = new SpanPusher(values.engine.slice("unix://".length), values.otlp);
  const interval = Number(values["interval-ms"]);
  let lastErr = "";
  for (;;) {
    try {
      await pusher.pass();
      lastErr = "";
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (msg !== lastErr) process.stderr.write(`[span-pusher] ${new Date().toISOString()} ${msg}\n`);
      lastErr = msg;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`[span-pusher] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  });
}
