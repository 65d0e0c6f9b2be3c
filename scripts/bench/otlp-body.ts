// A big trace's OTLP/JSON body as Jaeger v3 serves it, generated like the mock's synthetic
// traces (a random tree: chains and fan-outs over four services, ~1 % errors, names op-0..49):
// what the offline trace diagnostics (trace-decode.ts, diag-window.ts) decode.
export function otlpBody(n: number): Buffer {
  const SERVICES = ["frontend", "cart", "payments", "worker"];
  const traceId = `feed${"0".repeat(20)}${n.toString(16).padStart(8, "0")}`;
  const hex8 = (x: number) => (x >>> 0).toString(16).padStart(8, "0");
  let seed = 12345;
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const ids: string[] = [];
  const start = new Float64Array(n);
  const dur = new Float64Array(n);
  const svc = new Uint8Array(n);
  const bySvc: string[][] = SERVICES.map(() => []);
  for (let i = 0; i < n; i++) {
    ids[i] = hex8(Math.floor(rnd() * 2 ** 32) | 0x10000000) + hex8(i ^ 0x5a5a5a5a);
    let parent = -1;
    if (i === 0) {
      start[0] = 1_760_000_000_000_000;
      dur[0] = 5e6 + n * 20;
    } else {
      parent = rnd() < 0.3 ? i - 1 : Math.floor(rnd() * i);
      start[i] = Math.round(start[parent]! + rnd() * dur[parent]! * 0.7);
      dur[i] = Math.max(1, Math.round(dur[parent]! * (0.05 + rnd() * 0.25)));
      svc[i] = rnd() < 0.25 ? Math.floor(rnd() * 4) : svc[parent]!;
    }
    const err = i > 0 && i % 97 === 0;
    const attrs = [{ key: "synthetic", value: { boolValue: true } }];
    if (err) attrs.push({ key: "error.type", value: { stringValue: "SyntheticError" } } as never);
    bySvc[svc[i]!]!.push(
      JSON.stringify({
        traceId,
        spanId: ids[i],
        parentSpanId: parent >= 0 ? ids[parent] : "",
        name: i === 0 ? "GET /bench" : `${SERVICES[svc[i]!]} op-${i % 50}`,
        kind: i === 0 ? 2 : 1,
        startTimeUnixNano: `${start[i]}000`,
        endTimeUnixNano: `${start[i]! + dur[i]!}000`,
        attributes: attrs,
        status: err ? { code: 2, message: "synthetic failure" } : {},
      }),
    );
  }
  const parts = SERVICES.map((name, k) => {
    const res = { attributes: [{ key: "service.name", value: { stringValue: name } }] };
    return `{"resource":${JSON.stringify(res)},"scopeSpans":[{"scope":{"name":"sightline-bench"},"spans":[${bySvc[k]!.join(",")}]}]}`;
  });
  return Buffer.from(`{"result":{"resourceSpans":[${parts.join(",")}]}}`);
}
