// A small LokiSource for the handler tests, modelled on the recorded scenario: a logfmt frontend,
// a JSON cart with bare "Terminated" lines, Spring-style payments with stack traces, and web1.
import type { Labels, LokiEntry, LokiSource, LokiStreamSource } from "../sources";

export const START_S = 1795300413;
export const END_S = 1795300593;
export const TRACE = "2c4d87704d15565aa38c99f600db6813";
export const WEB_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

function streamLabels(service: string, container: string): Labels {
  return { compose_project: "shop", compose_service: service, container, job: "podman" };
}

const iso = (s: number): string => new Date(s * 1000).toISOString().replace(".000Z", "Z");
const hex = (n: number, len: number): string => n.toString(16).padStart(len, "0").slice(-len);

function frontend(s: number): string {
  const status = s === 1795300490 ? 200 : s % 10 === 3 ? 404 : s % 17 === 0 ? 500 : 200;
  const level = status === 404 ? "warn" : status === 500 ? "error" : "info";
  const msg = status === 404 ? "route not found" : status === 500 ? "upstream call failed" : "request completed";
  const trace = s === 1795300490 ? TRACE : hex(s * 7919, 32);
  return `ts=${iso(s)} level=${level} caller=http.go:88 msg="${msg}" method=POST route=/api/checkout status=${status} duration_ms=${s % 97} trace_id=${trace} span_id=${hex(s, 16)}`;
}

function cart(s: number): string {
  const status = s === 1795300490 ? 200 : s % 7 === 0 ? 409 : s % 13 === 0 ? 500 : 200;
  const level = status === 409 ? "warn" : status === 500 ? "error" : "info";
  const trace = s === 1795300490 ? TRACE : hex(s * 104729, 32);
  return JSON.stringify({
    time: iso(s),
    level,
    service: "cart",
    msg: "request handled",
    method: "POST",
    route: "/api/cart/checkout",
    status,
    duration_ms: s % 50,
    traceId: trace,
    spanId: hex(s, 16),
  });
}

function payments(s: number): string[] {
  const failed = s === 1795300490 || s % 30 === 3;
  const trace = s === 1795300490 ? TRACE : hex(s * 31, 32);
  const head = `${iso(s).replace("Z", ".000Z")} ${failed ? "ERROR" : " INFO"} 1 --- [payments] [nio-8080-exec-1] [${trace}-${hex(s, 16)}] c.s.payments.web.PaymentController      : POST /api/payments/charge ${failed ? "failed status=502" : "completed status=200"} duration=${s % 300}ms`;
  return failed
    ? [
        head,
        "com.shop.payments.gateway.GatewayException: card issuer unavailable",
        "\tat com.shop.payments.Gateway.charge(Gateway.java:42)",
      ]
    : [head];
}

export interface TestStream extends LokiStreamSource {
  entries: LokiEntry[];
  countCalls: number;
}

function stream(labels: Labels, entries: LokiEntry[], withCount: boolean): TestStream {
  const lower = (ns: bigint): number => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (BigInt((entries[mid] as LokiEntry).ns) < ns) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const s: TestStream = {
    labels,
    entries,
    countCalls: 0,
    entriesIn: (fromNs, toNs) => entries.slice(lower(fromNs), lower(toNs)),
  };
  if (withCount) {
    return Object.assign(s, {
      countIn: (fromNs: bigint, toNs: bigint): number => {
        s.countCalls++;
        return Math.max(0, lower(toNs) - lower(fromNs));
      },
    });
  }
  return s;
}

/** Entries from START_S-120 to END_S inclusive (the recorder's "now"), one or more per second. */
export function testLokiSource(): { src: LokiSource; streams: TestStream[] } {
  const fe: LokiEntry[] = [];
  const ca: LokiEntry[] = [];
  const pa: LokiEntry[] = [];
  const web: LokiEntry[] = [];
  const ns = (s: number, extra = 0): string => (BigInt(s) * 1_000_000_000n + BigInt(extra)).toString();
  for (let s = START_S - 120; s <= END_S; s++) {
    fe.push({ ns: ns(s), line: frontend(s) });
    ca.push({ ns: ns(s), line: cart(s) });
    if (s % 20 === 14) ca.push({ ns: ns(s, 1), line: "Terminated" });
    if (s % 2 === 1 || s === 1795300490) {
      for (const [i, line] of payments(s).entries()) pa.push({ ns: ns(s, i), line });
    }
    web.push({
      ns: ns(s),
      line: `level=info msg="GET /cart" trace_id=${WEB_TRACE}`,
      structuredMetadata: { trace_id: WEB_TRACE },
    });
  }
  const streams = [
    stream(streamLabels("cart", "shop-cart-1"), ca, false),
    stream(streamLabels("frontend", "shop-frontend-1"), fe, false),
    stream(streamLabels("payments", "shop-payments-1"), pa, false),
    stream(streamLabels("web", "web1"), web, true),
  ];
  return { src: { streams: () => streams }, streams };
}
