// The apps' own counter http_server_requests_total{service,route,status}: it counts the
// world's requests (by slot arithmetic), and its exemplars are those requests' trace and
// span IDs at their end times, so an exemplar always opens an existing trace.
import type { ExemplarPoint, Labels, MetricSeriesSource } from "../sources";
import { type ContainerSpec, incarnationAt, specByKey } from "./containers";
import { type LineGen, linesBeforeSlot } from "./log-gen";
import { posMod } from "./log-gens-apps";
import { series } from "./prom-cadvisor";
import type { PromCtx } from "./prom-ctx";
import {
  type Checkout,
  KIND_CHECKOUT,
  KIND_PRODUCTS,
  type ProductRequest,
  REQUEST_MAX_LAG_MS,
  REQ_SLOT_MS,
  type RequestKind,
  type RequestWorld,
  SLOTS_PER_CYCLE,
  type Timed,
  cachedCheckout,
  cachedProductRequest,
  endUs,
  originOf,
  slotAt,
  spanId,
} from "./requests";
import { HOUR, SCRAPE_MS } from "./schedule";

/**
 * A request is counted COUNT_LAG_MS after its slot starts (nearly all have ended by then):
 * pure slot arithmetic, no request is built, so a week of samples stays cheap.
 */
export const COUNT_LAG_MS = 4000;

/** Prometheus keeps a bounded exemplar buffer; older exemplars are gone. */
export const EXEMPLAR_RETENTION_MS = 12 * HOUR;

export const APP_INSTANCES: Record<string, string> = {
  frontend: "frontend:8080",
  cart: "cart:7070",
  payments: "payments:8080",
};

interface AppSeriesDef {
  service: "frontend" | "cart" | "payments";
  route: string;
  status: string;
  kind: RequestKind;
  match(w: RequestWorld, pos: number): boolean;
  span(w: RequestWorld, k: number): { traceId: string; idBase: number; t: Timed };
}

const co = (pick: (c: Checkout) => Timed) => (w: RequestWorld, k: number) => {
  const c = cachedCheckout(w, k);
  return { traceId: c.traceId, idBase: c.idBase, t: pick(c) };
};
const pr = (w: RequestWorld, k: number) => {
  const p: ProductRequest = cachedProductRequest(w, k);
  return { traceId: p.traceId, idBase: p.idBase, t: p.fe };
};
const ok = (w: RequestWorld, pos: number) => w.fail[pos] === 0;
const failed = (w: RequestWorld, pos: number) => w.fail[pos] === 1;

const DEFS: AppSeriesDef[] = [
  { service: "frontend", route: "/api/checkout", status: "200", kind: KIND_CHECKOUT, match: ok, span: co((c) => c.fe) },
  {
    service: "frontend",
    route: "/api/checkout",
    status: "502",
    kind: KIND_CHECKOUT,
    match: failed,
    span: co((c) => c.fe),
  },
  {
    service: "frontend",
    route: "/api/products",
    status: "200",
    kind: KIND_PRODUCTS,
    match: (w, p) => w.productItem[p] === 0,
    span: pr,
  },
  {
    service: "frontend",
    route: "/api/products/:id",
    status: "200",
    kind: KIND_PRODUCTS,
    match: (w, p) => w.productItem[p] === 1 && w.productMissing[p] === 0,
    span: pr,
  },
  {
    service: "frontend",
    route: "/api/products/:id",
    status: "404",
    kind: KIND_PRODUCTS,
    match: (w, p) => w.productMissing[p] === 1,
    span: pr,
  },
  {
    service: "cart",
    route: "/api/cart/checkout",
    status: "200",
    kind: KIND_CHECKOUT,
    match: ok,
    span: co((c) => c.cart),
  },
  {
    service: "cart",
    route: "/api/cart/checkout",
    status: "502",
    kind: KIND_CHECKOUT,
    match: failed,
    span: co((c) => c.cart),
  },
  {
    service: "payments",
    route: "/api/payments/charge",
    status: "200",
    kind: KIND_CHECKOUT,
    match: ok,
    span: co((c) => c.pay),
  },
  {
    service: "payments",
    route: "/api/payments/charge",
    status: "502",
    kind: KIND_CHECKOUT,
    match: failed,
    span: co((c) => c.pay),
  },
];

interface Built {
  def: AppSeriesDef;
  spec: ContainerSpec;
  labels: Labels;
  gen: LineGen;
}

function build(w: RequestWorld, def: AppSeriesDef): Built {
  const counts = new Int32Array(SLOTS_PER_CYCLE);
  for (let p = 0; p < SLOTS_PER_CYCLE; p++) counts[p] = def.match(w, p) ? 1 : 0;
  const gen: LineGen = {
    originMs: originOf(w, def.kind),
    widthMs: REQ_SLOT_MS,
    maxLagMs: REQUEST_MAX_LAG_MS,
    counts,
    times: (k) => (counts[posMod(k, SLOTS_PER_CYCLE)] ? [endUs(def.span(w, k).t)] : []),
    lines: () => [],
  };
  const labels: Labels = {
    __name__: "http_server_requests_total",
    instance: APP_INSTANCES[def.service] ?? def.service,
    job: "shop",
    route: def.route,
    service: def.service,
    status: def.status,
  };
  return { def, labels, gen, spec: specByKey(def.service) };
}

export class AppMetrics {
  private readonly built: Built[];
  constructor(private readonly ctx: PromCtx) {
    this.built = DEFS.map((d) => build(ctx.w, d));
  }

  series(): MetricSeriesSource[] {
    return this.built.map((b) =>
      series(b.labels, "counter", (t) => {
        if (t > this.ctx.now()) return undefined;
        // The counter restarts with the process (a new container each deploy epoch).
        const inc = incarnationAt(this.ctx.w.schedule, b.spec, t);
        const g = b.gen;
        const kMin = Math.ceil((inc.startedMs - g.originMs) / g.widthMs);
        const kEnd = Math.floor((t - COUNT_LAG_MS - g.originMs) / g.widthMs);
        return kEnd < kMin ? 0 : linesBeforeSlot(g.counts, kEnd + 1) - linesBeforeSlot(g.counts, kMin);
      }),
    );
  }

  /** One exemplar per series per scrape interval: its latest request, like OpenMetrics scrapes. */
  exemplars(fromMs: number, toMs: number): { seriesLabels: Labels; exemplars: ExemplarPoint[] }[] {
    const now = this.ctx.now();
    const from = Math.max(fromMs, now - EXEMPLAR_RETENTION_MS);
    const to = Math.min(toMs, now);
    const out: { seriesLabels: Labels; exemplars: ExemplarPoint[] }[] = [];
    if (to < from) return out;
    for (const b of this.built) {
      const w = this.ctx.w;
      const byBucket = new Map<number, ExemplarPoint>();
      const k0 = slotAt(w, b.def.kind, from - REQUEST_MAX_LAG_MS);
      const k1 = slotAt(w, b.def.kind, to);
      for (let k = k0; k <= k1; k++) {
        if (!b.gen.counts[posMod(k, SLOTS_PER_CYCLE)]) continue;
        const s = b.def.span(w, k);
        const tMs = Math.floor(endUs(s.t) / 1000);
        if (tMs < from || tMs > to) continue;
        const bucket = Math.ceil(tMs / SCRAPE_MS);
        const prev = byBucket.get(bucket);
        if (!prev || prev.tMs <= tMs)
          byBucket.set(bucket, { labels: { span_id: spanId(s, s.t), trace_id: s.traceId }, value: 1, tMs });
      }
      if (byBucket.size > 0)
        out.push({ seriesLabels: b.labels, exemplars: [...byBucket.values()].sort((x, y) => x.tMs - y.tMs) });
    }
    return out;
  }
}

export function upSeries(ctx: PromCtx, targets: { job: string; instance: string }[]): MetricSeriesSource[] {
  return targets.map((x) =>
    series({ __name__: "up", instance: x.instance, job: x.job }, "gauge", (t) => (t <= ctx.now() ? 1 : undefined)),
  );
}
