// A trace that crosses into containers outside the caller's scope: those spans keep their
// place in the tree (ids, parent, service, name, timing, status) but lose attributes,
// resource, events and links, and the response says how many were hidden.
import { containerOfSpan } from "../../correlation/span-container";
import type { Container } from "../../model/container";
import type { Span, Trace } from "../../model/trace";
import { groupKey } from "../trace";

export interface Redaction {
  trace: Trace;
  /** Spans shown without their details. */
  hidden: number;
  /** Spans shown in full. */
  shown: number;
}

/** Spans whose container is unknown count as outside: default deny. */
export function redactTrace(trace: Trace, all: Container[], visible: (c: Container) => boolean): Redaction {
  const verdict = new Map<string, boolean>();
  let hidden = 0;
  const spans = trace.spans.map((s): Span => {
    const key = groupKey(s);
    let ok = verdict.get(key);
    if (ok === undefined) {
      const place = containerOfSpan(s, all);
      ok = place.kind !== "reason" && visible(place.container);
      verdict.set(key, ok);
    }
    if (ok) return s;
    hidden++;
    return {
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      service: s.service,
      name: s.name,
      kind: s.kind,
      start: s.start,
      duration: s.duration,
      status: s.status,
      attributes: {},
      events: [],
      links: [],
      resource: {},
      redacted: true,
    };
  });
  return { trace: { ...trace, spans }, hidden, shown: spans.length - hidden };
}
