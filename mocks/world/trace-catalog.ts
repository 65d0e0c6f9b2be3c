// What the shop's instrumentation looks like: SDKs, scopes, operations, the stack trace the
// payments service throws. Shared by traces, logs and the Jaeger operations list.
import type { TraceScope, TraceSpanSource } from "../sources";

export const SDK: Record<string, { language: string; version: string }> = {
  frontend: { language: "go", version: "1.28.0" },
  cart: { language: "nodejs", version: "1.25.1" },
  payments: { language: "java", version: "1.40.0" },
  worker: { language: "python", version: "1.26.0" },
};

export const SCOPES = {
  feHttp: { name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", version: "0.53.0" },
  feSql: { name: "github.com/XSAM/otelsql", version: "0.33.0" },
  cartHttp: { name: "@opentelemetry/instrumentation-http", version: "0.52.1" },
  cartPg: { name: "@opentelemetry/instrumentation-pg", version: "0.43.0" },
  cartRedis: { name: "@opentelemetry/instrumentation-ioredis", version: "0.42.0" },
  payWeb: { name: "io.opentelemetry.spring-webmvc-6.0", version: "2.6.0-alpha" },
  payJdbc: { name: "io.opentelemetry.jdbc", version: "2.6.0-alpha" },
  payHttp: { name: "io.opentelemetry.java-http-client", version: "2.6.0-alpha" },
  workerRedis: { name: "opentelemetry.instrumentation.redis", version: "0.47b0" },
  workerPg: { name: "opentelemetry.instrumentation.psycopg", version: "0.47b0" },
} satisfies Record<string, TraceScope>;

export const TRACED_SERVICES = ["cart", "frontend", "payments", "worker"] as const;

export const STACK_TRACE = [
  "com.shop.payments.gateway.GatewayException: card issuer did not answer within 600 ms",
  "\tat com.shop.payments.gateway.IssuerClient.authorize(IssuerClient.java:88)",
  "\tat com.shop.payments.service.ChargeService.charge(ChargeService.java:57)",
  "\tat com.shop.payments.web.PaymentController.charge(PaymentController.java:34)",
  "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
  "Caused by: java.net.SocketTimeoutException: Read timed out",
  "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
  "\t... 12 common frames omitted",
];

export const OPERATIONS: Record<string, { name: string; spanKind: TraceSpanSource["kind"] }[]> = {
  frontend: [
    { name: "GET /api/products", spanKind: "server" },
    { name: "GET /api/products/:id", spanKind: "server" },
    { name: "POST /api/checkout", spanKind: "server" },
    { name: "SELECT shop.products", spanKind: "client" },
  ],
  cart: [
    { name: "POST /api/cart/checkout", spanKind: "server" },
    { name: "SELECT shop.cart_items", spanKind: "client" },
    { name: "SELECT shop.carts", spanKind: "client" },
    { name: "orders publish", spanKind: "producer" },
  ],
  payments: [
    { name: "INSERT shop.payments", spanKind: "client" },
    { name: "POST", spanKind: "client" },
    { name: "POST /api/payments/charge", spanKind: "server" },
  ],
  worker: [
    { name: "UPDATE shop.orders", spanKind: "client" },
    { name: "orders process", spanKind: "consumer" },
  ],
};
