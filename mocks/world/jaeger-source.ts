// JaegerSource over the world's requests: a trace ID decodes back to its request slot, and
// a search walks request slots newest first (checkouts and product lookups interleave on
// a 1 s grid), building only the candidates whose services can match.
import type { JaegerSource, TraceQuerySource, TraceSpanSource } from "../sources";
import { posMod } from "./log-gens-apps";
import {
  KIND_CHECKOUT,
  KIND_PRODUCTS,
  type RequestWorld,
  SLOTS_PER_CYCLE,
  checkout,
  decodeTraceId,
  productRequest,
} from "./requests";
import { OPERATIONS, ResourceCache, TRACED_SERVICES, checkoutSpans, productSpans } from "./trace-build";
import { syntheticTrace } from "./trace-synthetic";

const MAX_SCAN = 400_000;
const PRODUCT_OPS = new Set(["GET /api/products", "GET /api/products/:id", "SELECT shop.products"]);

export function normalizeTraceIdHex(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(s) || /^0+$/.test(s)) return undefined;
  return s.padStart(32, "0");
}

function attrMatches(span: TraceSpanSource, key: string, want: string): boolean {
  if (key === "error") return (span.status === "error") === (want === "true");
  if (key === "span.kind") return span.kind === want;
  const hit = (v: unknown) => v !== undefined && String(v) === want;
  if (hit(span.attributes[key]) || hit(span.resource.attributes[key])) return true;
  return span.events.some((e) => hit(e.attributes[key]));
}

export function spanMatches(span: TraceSpanSource, q: TraceQuerySource): boolean {
  if (span.resource.serviceName !== q.service) return false;
  if (q.operation && span.name !== q.operation) return false;
  if (q.spanKind && span.kind !== q.spanKind) return false;
  if (span.startUs < q.startMinUs || span.startUs > q.startMaxUs) return false;
  if (q.durationMinUs !== undefined && span.durationUs < q.durationMinUs) return false;
  if (q.durationMaxUs !== undefined && span.durationUs > q.durationMaxUs) return false;
  for (const [k, v] of Object.entries(q.attributes ?? {})) if (!attrMatches(span, k, v)) return false;
  return true;
}

export function makeJaegerSource(w: RequestWorld, now: () => number): JaegerSource {
  const rc = new ResourceCache(w);
  const visible = (spans: TraceSpanSource[]) => {
    // Spans that have not started yet do not exist; a trace in flight is partial.
    const nowUs = now() * 1000;
    const v = spans.filter((s) => s.startUs <= nowUs);
    return v.length > 0 ? v : undefined;
  };
  const build = (kind: number, k: number) =>
    kind === KIND_CHECKOUT ? checkoutSpans(rc, checkout(w, k)) : productSpans(rc, productRequest(w, k));

  return {
    services: () => [...TRACED_SERVICES],
    operations: (service) => [...(OPERATIONS[service] ?? [])],
    trace(traceId) {
      const id = normalizeTraceIdHex(traceId);
      if (!id) return undefined;
      const d = decodeTraceId(w.seed, id);
      if (d) return visible(build(d.kind, d.k));
      return syntheticTrace(w.seed, id, rc, now());
    },
    findTraces(q) {
      const out: TraceSpanSource[][] = [];
      if (!(TRACED_SERVICES as readonly string[]).includes(q.service) || q.limit <= 0) return out;
      const wantProducts = q.service === "frontend" && (!q.operation || PRODUCT_OPS.has(q.operation));
      const wantCheckout = !q.operation || !PRODUCT_OPS.has(q.operation);
      const hiMs = Math.min(q.startMaxUs / 1000, now());
      const loMs = q.startMinUs / 1000 - 8000;
      const origin = w.schedule.cycleOrigin;
      // Half-slot j: even = checkout k = j/2, odd = product lookup k = (j-1)/2.
      let scanned = 0;
      for (
        let j = Math.floor((hiMs - origin) / 1000);
        j >= Math.floor((loMs - origin) / 1000) && scanned < MAX_SCAN;
        j--
      ) {
        const products = (j & 1) === 1;
        if (products ? !wantProducts : !wantCheckout) continue;
        const k = products ? (j - 1) / 2 : j / 2;
        if (!products && q.service === "worker" && w.fail[posMod(k, SLOTS_PER_CYCLE)]) continue;
        scanned++;
        const spans = visible(build(products ? KIND_PRODUCTS : KIND_CHECKOUT, k));
        if (spans?.some((s) => spanMatches(s, q))) {
          out.push(spans);
          if (out.length >= q.limit) break;
        }
      }
      return out;
    },
  };
}
