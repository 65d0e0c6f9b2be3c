// Requests → OTLP-like spans. Resource attributes tie each span to the container (the
// incarnation alive at that instant): container.id, container.name, host.name = short id.
import type { TraceAttributes, TraceResource, TraceScope, TraceSpanSource } from "../sources";
import { type ServiceKey, incarnationAt, specByKey } from "./containers";
import { type Checkout, type ProductRequest, type RequestWorld, type Timed, endUs, spanId } from "./requests";
import { SCOPES, SDK, STACK_TRACE } from "./trace-catalog";

export { OPERATIONS, STACK_TRACE, TRACED_SERVICES } from "./trace-catalog";

export class ResourceCache {
  private readonly cache = new Map<string, TraceResource>();
  constructor(private readonly w: RequestWorld) {}

  at(key: ServiceKey, tMs: number): TraceResource {
    const spec = specByKey(key);
    const inc = incarnationAt(this.w.schedule, spec, tMs);
    const hit = this.cache.get(inc.id);
    if (hit) return hit;
    const sdk = SDK[key] ?? { language: "unknown", version: "0" };
    const res: TraceResource = {
      serviceName: spec.service,
      attributes: {
        "service.name": spec.service,
        "service.namespace": "shop",
        "service.version": spec.image.split(":").pop() ?? "latest",
        "deployment.environment": "demo",
        "container.id": inc.id,
        "container.name": spec.name,
        "container.image.name": spec.image.split(":")[0] ?? spec.image,
        "host.name": inc.shortId,
        "telemetry.sdk.name": "opentelemetry",
        "telemetry.sdk.language": sdk.language,
        "telemetry.sdk.version": sdk.version,
      },
    };
    if (this.cache.size > 256) this.cache.clear();
    this.cache.set(inc.id, res);
    return res;
  }
}

interface SpanInit {
  t: Timed;
  parent?: string;
  name: string;
  kind: TraceSpanSource["kind"];
  key: ServiceKey;
  scope: TraceScope;
  attributes: TraceAttributes;
  error?: string;
}

function mk(r: { traceId: string; idBase: number }, rc: ResourceCache, s: SpanInit): TraceSpanSource {
  return {
    traceId: r.traceId,
    spanId: spanId(r, s.t),
    parentSpanId: s.parent,
    name: s.name,
    kind: s.kind,
    startUs: s.t.startUs,
    durationUs: s.t.durUs,
    status: s.error ? "error" : "unset",
    statusMessage: s.error,
    attributes: s.attributes,
    events: [],
    links: [],
    resource: rc.at(s.key, s.t.startUs / 1000),
    scope: s.scope,
  };
}

function dbAttrs(statement: string): TraceAttributes {
  return {
    "db.system": "postgresql",
    "db.namespace": "shop",
    "db.query.text": statement,
    "server.address": "db",
    "server.port": 5432,
    "peer.service": "db",
  };
}

function httpServer(method: string, route: string, path: string, status: number): TraceAttributes {
  return {
    "http.request.method": method,
    "http.route": route,
    "url.path": path,
    "url.scheme": "http",
    "http.response.status_code": status,
  };
}

export function checkoutSpans(rc: ResourceCache, c: Checkout): TraceSpanSource[] {
  const t = c.traceId;
  const status = c.failed ? 502 : 200;
  const err = c.failed ? "502 Bad Gateway" : undefined;
  const spans: TraceSpanSource[] = [
    mk(c, rc, {
      t: c.fe,
      name: "POST /api/checkout",
      kind: "server",
      key: "frontend",
      scope: SCOPES.feHttp,
      attributes: httpServer("POST", "/api/checkout", "/api/checkout", status),
      error: err,
    }),
    mk(c, rc, {
      t: c.cart,
      parent: spanId(c, c.fe),
      name: "POST /api/cart/checkout",
      kind: "server",
      key: "cart",
      scope: SCOPES.cartHttp,
      attributes: httpServer("POST", "/api/cart/checkout", "/api/cart/checkout", status),
      error: err,
    }),
    mk(c, rc, {
      t: c.selCart,
      parent: spanId(c, c.cart),
      name: "SELECT shop.carts",
      kind: "client",
      key: "cart",
      scope: SCOPES.cartPg,
      attributes: dbAttrs("SELECT id, customer_id, version FROM carts WHERE id = $1"),
    }),
    mk(c, rc, {
      t: c.selItems,
      parent: spanId(c, c.cart),
      name: "SELECT shop.cart_items",
      kind: "client",
      key: "cart",
      scope: SCOPES.cartPg,
      attributes: dbAttrs("SELECT sku, qty, price_cents FROM cart_items WHERE cart_id = $1"),
    }),
  ];
  const pay = mk(c, rc, {
    t: c.pay,
    parent: spanId(c, c.cart),
    name: "POST /api/payments/charge",
    kind: "server",
    key: "payments",
    scope: SCOPES.payWeb,
    attributes: httpServer("POST", "/api/payments/charge", "/api/payments/charge", status),
    error: c.failed ? "GatewayException: card issuer did not answer within 600 ms" : undefined,
  });
  const issuer = mk(c, rc, {
    t: c.issuer,
    parent: spanId(c, c.pay),
    name: "POST",
    kind: "client",
    key: "payments",
    scope: SCOPES.payHttp,
    attributes: {
      "http.request.method": "POST",
      "url.full": "https://issuer.example.net/v1/authorize",
      "server.address": "issuer.example.net",
      "server.port": 443,
      ...(c.failed ? { "error.type": "java.net.SocketTimeoutException" } : { "http.response.status_code": 200 }),
    },
    error: c.failed ? "Read timed out" : undefined,
  });
  if (c.failed) {
    pay.events.push({
      timeUs: endUs(c.issuer),
      name: "exception",
      attributes: {
        "exception.type": "com.shop.payments.gateway.GatewayException",
        "exception.message": "card issuer did not answer within 600 ms",
        "exception.stacktrace": STACK_TRACE.join("\n"),
      },
    });
  }
  spans.push(pay, issuer);
  if (c.insert)
    spans.push(
      mk(c, rc, {
        t: c.insert,
        parent: spanId(c, c.pay),
        name: "INSERT shop.payments",
        kind: "client",
        key: "payments",
        scope: SCOPES.payJdbc,
        attributes: dbAttrs("INSERT INTO payments (order_id, amount_cents, status) VALUES (?, ?, ?)"),
      }),
    );
  if (c.publish && c.worker && c.workerUpdate) {
    const msg = {
      "messaging.system": "redis",
      "messaging.destination.name": "orders",
      "messaging.message.id": c.orderId,
    };
    spans.push(
      mk(c, rc, {
        t: c.publish,
        parent: spanId(c, c.cart),
        name: "orders publish",
        kind: "producer",
        key: "cart",
        scope: SCOPES.cartRedis,
        attributes: { ...msg, "messaging.operation.type": "publish", "peer.service": "queue" },
      }),
    );
    // The consumer starts later and is tied to the producer by a link (v1: FOLLOWS_FROM).
    const worker = mk(c, rc, {
      t: c.worker,
      name: "orders process",
      kind: "consumer",
      key: "worker",
      scope: SCOPES.workerRedis,
      attributes: { ...msg, "messaging.operation.type": "process", "peer.service": "queue" },
    });
    worker.links.push({ traceId: t, spanId: spanId(c, c.publish) });
    spans.push(
      worker,
      mk(c, rc, {
        t: c.workerUpdate,
        parent: spanId(c, c.worker),
        name: "UPDATE shop.orders",
        kind: "client",
        key: "worker",
        scope: SCOPES.workerPg,
        attributes: dbAttrs("UPDATE orders SET status = 'paid' WHERE id = %s"),
      }),
    );
  }
  return spans;
}

export function productSpans(rc: ResourceCache, p: ProductRequest): TraceSpanSource[] {
  return [
    mk(p, rc, {
      t: p.fe,
      name: `GET ${p.route}`,
      kind: "server",
      key: "frontend",
      scope: SCOPES.feHttp,
      attributes: httpServer("GET", p.route, p.path, p.status),
    }),
    mk(p, rc, {
      t: p.select,
      parent: spanId(p, p.fe),
      name: "SELECT shop.products",
      kind: "client",
      key: "frontend",
      scope: SCOPES.feSql,
      attributes: dbAttrs(
        p.route === "/api/products"
          ? "SELECT id, name, price_cents FROM products ORDER BY name LIMIT 50"
          : "SELECT id, name, price_cents, stock FROM products WHERE id = $1",
      ),
    }),
  ];
}
