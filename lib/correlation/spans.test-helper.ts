// Test-only: spans shaped as lib/backends produces them, with just the fields under test set.
import { micros } from "../model/time";
import type { Attributes, Span } from "../model/trace";

export const TRACE_ID = "2c4d87704d15565aa38c99f600db6813";

let n = 0;
export function makeSpan(service: string, resource: Attributes, extra: Partial<Span> = {}): Span {
  n += 1;
  return {
    traceId: TRACE_ID,
    spanId: n.toString(16).padStart(16, "0"),
    service,
    name: "op",
    kind: "server",
    // 2026-11-21T22:34:50Z, the fixture scenario's time, in µs.
    start: micros(1_795_300_490_000_000),
    duration: micros(210_000),
    status: "unset",
    attributes: {},
    events: [],
    links: [],
    resource: { "service.name": service, ...resource },
    ...extra,
  };
}
