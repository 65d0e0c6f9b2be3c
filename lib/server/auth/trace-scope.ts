// A trace that crosses into containers outside the caller's scope: those spans keep their
// place in the tree (ids, parent, service, name, timing, status) but lose attributes,
// resource, events and links, and the response says how many were hidden.
import { placeSpans } from "../../correlation/trace-containers";
import type { Container } from "../../model/container";
import type { Span, Trace } from "../../model/trace";
import type { StoreScope } from "../trace-store";
import type { Access } from "./access";

export interface Redaction {
  trace: Trace;
  /** Spans shown without their details. */
  hidden: number;
  /** Spans shown in full. */
  shown: number;
}

/** Spans whose container is unknown count as outside: default deny. */
export function redactTrace(trace: Trace, all: Container[], visible: (c: Container) => boolean): Redaction {
  // Which container ran each span: the one placement rule (lib/correlation/trace-containers).
  const placed = placeSpans(trace, all);
  const open = placed.touched.map((t) => visible(t.container));
  let hidden = 0;
  const spans = trace.spans.map((s, i): Span => {
    const at = placed.spanContainer[i] ?? -1;
    if (at >= 0 && open[at]) return s;
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

/**
 * The trace store's view for this caller (lib/server/trace-store.ts): undefined when it sees
 * everything; otherwise its own inventory for placing spans and the redaction above.
 */
export async function storeScope(a: Access): Promise<StoreScope | undefined> {
  if (a.identity.scope.all) return undefined;
  const full = await a.unscopedInventory();
  return {
    key: JSON.stringify(a.identity.scope),
    inventory: () => a.inventory(),
    redact: (t) => redactTrace(t, full.containers, a.visible),
  };
}
