// Big synthetic traces for benchmarks: `feed` + 20 hex + 8 hex span count, e.g.
// feed00000000000000000000000003e8 = 1,000 spans. A random recursive tree (~ln n deep) with
// long chains and wide hubs, over the world's services, about 1 % errors.
import type { TraceResource, TraceSpanSource } from "../sources";
import { hash, hash01, hex8, strHash } from "./prng";
import type { ResourceCache } from "./trace-build";
import { HOUR } from "./schedule";

export const SYNTHETIC_RE = /^feed[0-9a-f]{20}([0-9a-f]{8})$/;
export const SYNTHETIC_MAX_SPANS = 1_000_000;

export function syntheticTraceId(spans: number, tag = 0): string {
  return `feed${hex8(tag).padStart(20, "0")}${hex8(spans)}`;
}

export function syntheticSpanCount(traceId: string): number | undefined {
  const m = SYNTHETIC_RE.exec(traceId);
  if (!m?.[1]) return undefined;
  const n = Number.parseInt(m[1], 16);
  return n > 0 && n <= SYNTHETIC_MAX_SPANS ? n : undefined;
}

const SERVICES = ["frontend", "cart", "payments", "worker"] as const;
const MAX_CHAIN_DEPTH = 60;

export function syntheticTrace(
  seed: number,
  traceId: string,
  rc: ResourceCache,
  nowMs: number,
): TraceSpanSource[] | undefined {
  const n = syntheticSpanCount(traceId);
  if (n === undefined) return undefined;
  const s = (seed ^ strHash(traceId)) >>> 0;
  // Anchored to the hour so repeated fetches agree and the trace is always recent.
  const rootStartUs = (Math.floor(nowMs / HOUR) * HOUR - HOUR / 2) * 1000;
  const resources: TraceResource[] = SERVICES.map((k) => rc.at(k, rootStartUs / 1000));
  const start = new Float64Array(n);
  const dur = new Float64Array(n);
  const depth = new Uint16Array(n);
  const svc = new Uint8Array(n);
  const ids: string[] = new Array(n);
  const spans: TraceSpanSource[] = new Array(n);
  const shared = { synthetic: true };
  for (let i = 0; i < n; i++) {
    ids[i] = hex8(hash(s, 0x5f, i) | 0x10000000) + hex8((i ^ 0x5a5a5a5a) >>> 0);
    let parent = -1;
    if (i === 0) {
      start[0] = rootStartUs;
      dur[0] = 5_000_000 + n * 20;
      svc[0] = 0;
    } else {
      const prev = i - 1;
      const r = hash01(s, 0xc4, i);
      const chain = r < 0.3 && (depth[prev] ?? 0) < MAX_CHAIN_DEPTH;
      // A quarter of the spans hang off "hub" spans (fan-out of ~100, like a batch loop).
      const hub = r >= 0.3 && r < 0.55;
      parent = chain ? prev : hub ? Math.floor((i - 1) / 400) * 400 : Math.floor(hash01(s, 0x9a, i) * i);
      depth[i] = (depth[parent] ?? 0) + 1;
      const ps = start[parent] ?? rootStartUs;
      const pd = dur[parent] ?? 1;
      start[i] = Math.round(ps + hash01(s, 0x57, i) * pd * 0.7);
      dur[i] = Math.max(1, Math.round(pd * (0.05 + hash01(s, 0xd0, i) * 0.25)));
      svc[i] = hash(s, 0x5e, i) % 4 === 0 ? hash(s, 0x5d, i) % SERVICES.length : (svc[parent] ?? 0);
    }
    const error = i > 0 && hash(s, 0xee, i) % 97 === 0;
    const service = SERVICES[svc[i] ?? 0] ?? "frontend";
    const crossing = parent >= 0 && svc[parent] !== svc[i];
    const span: TraceSpanSource = {
      traceId,
      spanId: ids[i] ?? "",
      parentSpanId: parent >= 0 ? ids[parent] : undefined,
      name: i === 0 ? "GET /bench" : `${service} op-${i % 50}`,
      kind: i === 0 || crossing ? "server" : "internal",
      startUs: start[i] ?? 0,
      durationUs: dur[i] ?? 1,
      status: error ? "error" : "unset",
      statusMessage: error ? "synthetic failure" : undefined,
      attributes: error ? { synthetic: true, "error.type": "SyntheticError" } : shared,
      events: error
        ? [
            {
              timeUs: (start[i] ?? 0) + 1,
              name: "exception",
              attributes: { "exception.type": "SyntheticError", "exception.message": `span ${i} failed` },
            },
          ]
        : [],
      links: [],
      resource: resources[svc[i] ?? 0] ?? (resources[0] as TraceResource),
      scope: { name: "sightline-bench" },
    };
    spans[i] = span;
  }
  return spans;
}
