// Answers of the real Tempo 2.0.1 (../shared/bin/tempo, scripts/testenv/tempo.mjs config) to one
// pushed OTLP trace (0af7651916cd43dd8448eb211c80319c: cart POST /api/cart → redis GET), recorded
// with curl. Used as the wire truth of the client tests and the Tempo stand-in.
export const RECORDED = {
  trace:
    '{"batches":[{"resource":{"attributes":[{"key":"container.id","value":{"stringValue":"abc123"}},{"key":"host.name","value":{"stringValue":"cart"}},{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeSpans":[{"scope":{"name":"shop"},"spans":[{"traceId":"CvdlGRbNQ92ESOshHIAxnA==","spanId":"t61rcWkgMzE=","name":"POST /api/cart","kind":"SPAN_KIND_SERVER","startTimeUnixNano":"1796485768475693852","endTimeUnixNano":"1796485768480693852","attributes":[{"key":"http.status_code","value":{"intValue":"500"}}],"status":{"message":"boom","code":"STATUS_CODE_ERROR"}},{"traceId":"CvdlGRbNQ92ESOshHIAxnA==","spanId":"x61rcWkgMzI=","parentSpanId":"t61rcWkgMzE=","name":"redis GET","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"1796485768476693852","endTimeUnixNano":"1796485768477693852","status":{}}]}]}]}',
  search:
    '{"traces":[{"traceID":"af7651916cd43dd8448eb211c80319c","rootServiceName":"cart","rootTraceName":"POST /api/cart","startTimeUnixNano":"1796485768475693852","durationMs":5,"spanSet":{"spans":[{"spanID":"b7ad6b7169203331","startTimeUnixNano":"1796485768475693852","durationNanos":"5000000","attributes":[{"key":"service.name","value":{"stringValue":"cart"}},{"key":"container.id","value":{"stringValue":"abc123"}}]},{"spanID":"c7ad6b7169203332","startTimeUnixNano":"1796485768476693852","durationNanos":"1000000","attributes":[{"key":"container.id","value":{"stringValue":"abc123"}},{"key":"service.name","value":{"stringValue":"cart"}}]}],"matched":2}}],"metrics":{}}',
  tagsearch:
    '{"traces":[{"traceID":"af7651916cd43dd8448eb211c80319c","rootServiceName":"cart","rootTraceName":"POST /api/cart","startTimeUnixNano":"1796485768475693852","durationMs":5}],"metrics":{"inspectedTraces":1}}',
  empty: '{"metrics":{}}',
  tags: '{"tagNames":["container.id","host.name","http.status_code","name","root.name","root.service.name","service.name"]}',
  vals: '{"tagValues":["cart"]}',
  statusVersion:
    "GET /status/version\ntempo, version  (branch: , revision: )\n  build user:       \n  build date:       \n  go version:       go1.19.8\n  platform:         linux/amd64",
  badTraceql: "invalid TraceQL query: parse error at line 1, col 27: syntax error: unexpected }",
  notFound: "trace not found",
  badId: "trace IDs can only contain hex characters: invalid character 'z' at position 1",
} as const;
