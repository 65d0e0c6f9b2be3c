// Log generators of the traced services. Each request writes its line when its span ends,
// carrying the same trace/span IDs as the trace, in the format of the fixture README.
import { hash, hashInt } from "./prng";
import type { GenLine, LineGen } from "./log-gen";
import {
  type Checkout,
  KIND_CHECKOUT,
  KIND_PRODUCTS,
  type ProductRequest,
  REQUEST_MAX_LAG_MS,
  type RequestWorld,
  SLOTS_PER_CYCLE,
  checkout,
  endUs,
  originOf,
  productRequest,
  spanId,
} from "./requests";
import { CYCLE_MS } from "./schedule";
import { STACK_TRACE } from "./trace-build";
import { isoMillis, isoSeconds } from "./time-format";

export function posMod(k: number, n: number): number {
  return ((k % n) + n) % n;
}

function memo<T>(f: (k: number) => T): (k: number) => T {
  let lastK = Number.NaN;
  let last: T | undefined;
  return (k) => {
    if (k !== lastK || last === undefined) {
      last = f(k);
      lastK = k;
    }
    return last;
  };
}

function requestGen<T>(
  w: RequestWorld,
  kind: typeof KIND_CHECKOUT | typeof KIND_PRODUCTS,
  counts: Int32Array,
  get: (k: number) => T,
  at: (r: T) => number,
  render: (r: T, tUs: number) => string[],
): LineGen {
  const g = memo(get);
  return {
    originMs: originOf(w, kind),
    widthMs: 2000,
    maxLagMs: REQUEST_MAX_LAG_MS,
    counts,
    times(k) {
      const n = counts[posMod(k, counts.length)] ?? 0;
      if (n === 0) return [];
      const t = at(g(k));
      return new Array<number>(n).fill(t);
    },
    lines(k) {
      if ((counts[posMod(k, counts.length)] ?? 0) === 0) return [];
      const r = g(k);
      const t = at(r);
      return render(r, t).map((line): GenLine => ({ tUs: t, line }));
    },
  };
}

function perPos(f: (pos: number) => number): Int32Array {
  const a = new Int32Array(SLOTS_PER_CYCLE);
  for (let p = 0; p < SLOTS_PER_CYCLE; p++) a[p] = f(p);
  return a;
}

const ms = (us: number) => Math.round(us / 1000);

export function frontendGens(w: RequestWorld): LineGen[] {
  const one = perPos(() => 1);
  const co = requestGen(
    w,
    KIND_CHECKOUT,
    one,
    (k) => checkout(w, k),
    (c) => endUs(c.fe),
    (c, t) => [
      c.failed
        ? `ts=${isoSeconds(t / 1000)} level=error caller=http.go:88 msg="upstream call failed" method=POST route=/api/checkout status=502 duration_ms=${ms(c.fe.durUs)} trace_id=${c.traceId} span_id=${spanId(c, c.fe)}`
        : `ts=${isoSeconds(t / 1000)} level=info caller=http.go:88 msg="request completed" method=POST route=/api/checkout status=200 duration_ms=${ms(c.fe.durUs)} trace_id=${c.traceId} span_id=${spanId(c, c.fe)}`,
    ],
  );
  const pr = requestGen(
    w,
    KIND_PRODUCTS,
    one,
    (k) => productRequest(w, k),
    (p) => endUs(p.fe),
    (p: ProductRequest, t) => [
      p.status === 404
        ? `ts=${isoSeconds(t / 1000)} level=warn caller=http.go:88 msg="route not found" method=GET route=${p.route} status=404 duration_ms=${ms(p.fe.durUs)} trace_id=${p.traceId} span_id=${spanId(p, p.fe)}`
        : `ts=${isoSeconds(t / 1000)} level=info caller=http.go:88 msg="request completed" method=GET route=${p.route} status=200 duration_ms=${ms(p.fe.durUs)} trace_id=${p.traceId} span_id=${spanId(p, p.fe)}`,
    ],
  );
  return [co, pr];
}

export function cartGens(w: RequestWorld): LineGen[] {
  const one = perPos(() => 1);
  const co = requestGen(
    w,
    KIND_CHECKOUT,
    one,
    (k) => checkout(w, k),
    (c) => endUs(c.cart),
    (c: Checkout, t) => [
      JSON.stringify({
        time: isoSeconds(t / 1000),
        level: c.failed ? "error" : "info",
        service: "cart",
        msg: c.failed ? "payment failed" : "request handled",
        method: "POST",
        route: "/api/cart/checkout",
        status: c.failed ? 502 : 200,
        duration_ms: ms(c.cart.durUs),
        traceId: c.traceId,
        spanId: spanId(c, c.cart),
      }),
    ],
  );
  // Warn lines without trace fields, like the recorded cart.
  const warnCounts = new Int32Array(120);
  for (let p = 0; p < 120; p++) warnCounts[p] = hash(w.seed, 0xca7, p) % 4 === 0 ? 1 : 0;
  const warn: LineGen = {
    originMs: w.schedule.cycleOrigin + 3000,
    widthMs: 10_000,
    maxLagMs: 9000,
    counts: warnCounts,
    times: (k) => ((warnCounts[posMod(k, 120)] ?? 0) ? [warnTime(w, k)] : []),
    lines: (k) => {
      if (!(warnCounts[posMod(k, 120)] ?? 0)) return [];
      const t = warnTime(w, k);
      const latency = hashInt(50, 140, w.seed, 0xca8, k);
      return [
        {
          tUs: t,
          line: `{"time":"${isoSeconds(t / 1000)}","level":"warn","service":"cart","msg":"redis latency above threshold","latency_ms":${latency}}`,
        },
      ];
    },
  };
  // The CPU burst (see metrics) is killed by `timeout`, and the shell prints this.
  const terminated: LineGen = {
    originMs: cartBurstOrigin(w),
    widthMs: 20_000,
    maxLagMs: 6000,
    counts: Int32Array.of(1),
    times: (k) => [terminatedTime(w, k)],
    lines: (k) => [{ tUs: terminatedTime(w, k), line: "Terminated" }],
  };
  return [co, warn, terminated];
}

function warnTime(w: RequestWorld, k: number): number {
  return (w.schedule.cycleOrigin + 3000 + k * 10_000) * 1000 + hashInt(0, 8_000_000, w.seed, 0xca9, k);
}

export function cartBurstOrigin(w: RequestWorld): number {
  return w.schedule.cycleOrigin + 7000;
}

function terminatedTime(w: RequestWorld, k: number): number {
  return (cartBurstOrigin(w) + k * 20_000 + 5000) * 1000 + hashInt(2000, 40_000, w.seed, 0x7e, k);
}

// Spring Boot 3 console pattern as recorded: level right-aligned in 5, thread in 15 (cut from
// the left when longer), logger padded so " : " starts at the fixture's column.
function spring(tUs: number, level: string, thread: string, ctx: string, logger: string, msg: string): string {
  const th = thread.length > 15 ? thread.slice(-15) : thread.padStart(15);
  return `${isoMillis(tUs / 1000)} ${level.padStart(5)} 1 --- [payments] [${th}] [${ctx}] ${logger.padEnd(39)} : ${msg}`;
}

export const NO_TRACE_CTX = " ".repeat(49);

export function paymentsGens(w: RequestWorld): LineGen[] {
  const counts = perPos((p) => (w.fail[p] ? 1 + STACK_TRACE.length : 1));
  const co = requestGen(
    w,
    KIND_CHECKOUT,
    counts,
    (k) => checkout(w, k),
    (c) => endUs(c.pay),
    (c: Checkout, t) => {
      const ctx = `${c.traceId}-${spanId(c, c.pay)}`;
      const th = `nio-8080-exec-${c.thread}`;
      const d = ms(c.pay.durUs);
      if (!c.failed)
        return [
          spring(
            t,
            "INFO",
            th,
            ctx,
            "c.s.payments.web.PaymentController",
            `POST /api/payments/charge completed status=200 duration=${d}ms`,
          ),
        ];
      return [
        spring(
          t,
          "ERROR",
          th,
          ctx,
          "c.s.payments.web.PaymentController",
          `POST /api/payments/charge failed status=502 duration=${d}ms`,
        ),
        ...STACK_TRACE,
      ];
    },
  );
  // Two warnings per incident, outside any request.
  const warnAt = [40_000, 200_000];
  const incidentWarn: LineGen = {
    originMs: w.schedule.cycleOrigin,
    widthMs: CYCLE_MS,
    maxLagMs: 230_000,
    counts: Int32Array.of(2),
    times: (k) => warnAt.map((o) => (w.schedule.cycleOrigin + k * CYCLE_MS + o) * 1000),
    lines: (k) => {
      const t0 = w.schedule.cycleOrigin + k * CYCLE_MS;
      const p99 = hashInt(1500, 2400, w.seed, 0x99, k);
      return [
        {
          tUs: (t0 + (warnAt[0] ?? 0)) * 1000,
          line: spring(
            (t0 + (warnAt[0] ?? 0)) * 1000,
            "WARN",
            "issuer-health-1",
            NO_TRACE_CTX,
            "c.s.payments.gateway.IssuerClient",
            `issuer latency p99=${p99}ms above SLO 500ms`,
          ),
        },
        {
          tUs: (t0 + (warnAt[1] ?? 0)) * 1000,
          line: spring(
            (t0 + (warnAt[1] ?? 0)) * 1000,
            "WARN",
            "HikariPool-1 housekeeper",
            NO_TRACE_CTX,
            "com.zaxxer.hikari.pool.HikariPool",
            "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m4s).",
          ),
        },
      ];
    },
  };
  return [co, incidentWarn];
}

export { spring as springLine };

export function workerGens(w: RequestWorld): LineGen[] {
  const counts = perPos((p) => (w.fail[p] ? 0 : 1));
  const co = requestGen(
    w,
    KIND_CHECKOUT,
    counts,
    (k) => checkout(w, k),
    (c) => (c.worker ? endUs(c.worker) : 0),
    (c: Checkout, t) => [
      `${isoMillis(t / 1000)} INFO worker.consumer: order processed queue=orders order_id=${c.orderId} attempt=1 duration_ms=${ms(c.worker?.durUs ?? 0)} traceparent=00-${c.traceId}-${c.worker ? spanId(c, c.worker) : ""}-01`,
    ],
  );
  const heartbeat: LineGen = {
    originMs: w.schedule.cycleOrigin + 30_000,
    widthMs: 60_000,
    maxLagMs: 1000,
    counts: Int32Array.of(1),
    times: (k) => [(w.schedule.cycleOrigin + 30_000 + k * 60_000) * 1000 + 250],
    lines: (k) => {
      const t = (w.schedule.cycleOrigin + 30_000 + k * 60_000) * 1000 + 250;
      const depth = hashInt(0, 3, w.seed, 0xdee, k);
      return [{ tUs: t, line: `${isoMillis(t / 1000)} INFO worker.consumer: heartbeat queue=orders depth=${depth}` }];
    },
  };
  return [co, heartbeat];
}
