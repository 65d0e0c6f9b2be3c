// One trace plus the containers it touched (DESIGN.md §4 "trace → the containers it touched").
// Spans are grouped by the resource attributes that decide their container, so correlation
// runs once per process, not once per span (a 100,000-span trace has a handful of processes).
import type { TracesBackend } from "../backends/types";
import { attrString, containerOfSpan, type SpanContainer } from "../correlation/span-container";
import type { TraceContainerRef, TraceResponse } from "../model/api";
import type { Container } from "../model/container";
import type { ApiErrorBody } from "../model/errors";
import type { TimeRange } from "../model/time";
import type { Span, Trace } from "../model/trace";
import type { Inventory } from "./containers";

export type InventoryOutcome = { ok: true; inventory: Inventory } | { ok: false; error: string };

export type TraceLookup =
  | { kind: "ok"; body: TraceResponse }
  | { kind: "not-configured" }
  | { kind: "not-found"; traceId: string };

/** The attributes containerOfSpan reads, joined: spans with equal keys land in the same container. */
export function groupKey(s: Span): string {
  const r = s.resource;
  return [
    s.service,
    attrString(r, "container.id") ?? "",
    attrString(r, "host.name") ?? "",
    attrString(r, "container.name") ?? "",
    attrString(r, "service.name") ?? "",
  ].join("\u0000");
}

// BackendError messages already start with the backend's name.
const errorText = (errors: ApiErrorBody["error"][]) => errors.map((e) => e.message).join("; ");

interface Acc {
  ref: TraceContainerRef;
  firstStart: number;
  services: Map<string, number>;
}

/** Which inventory containers a trace's spans ran in, and why the other services matched none. */
export function traceContainers(
  trace: Trace,
  outcome: InventoryOutcome,
): Pick<TraceResponse, "containers" | "unmatched"> {
  const services = [...new Set(trace.spans.map((s) => s.service))];
  if (!outcome.ok) {
    return {
      containers: [],
      unmatched: services.map((service) => ({
        service,
        reason: `The container inventory failed (${outcome.error}), so Sightline cannot tell which container ran ${service || "this service"}.`,
      })),
    };
  }
  const { containers, errors } = outcome.inventory;
  if (containers.length === 0 && errors.length > 0) {
    return {
      containers: [],
      unmatched: services.map((service) => ({
        service,
        reason: `The container inventory failed (${errorText(errors)}), so Sightline cannot tell which container ran ${service || "this service"}.`,
      })),
    };
  }
  const partial = errors.length
    ? ` Part of the container inventory failed (${errorText(errors)}); the container may be on an engine that did not answer.`
    : "";

  const groups = new Map<string, SpanContainer<Container>>();
  const byName = new Map<string, Acc>();
  const unmatched = new Map<string, string>();
  for (const s of trace.spans) {
    const key = groupKey(s);
    let place = groups.get(key);
    if (!place) {
      place = containerOfSpan(s, containers);
      groups.set(key, place);
    }
    if (place.kind === "reason") {
      if (!unmatched.has(s.service)) unmatched.set(s.service, `${place.message}${partial}`);
      continue;
    }
    const c = place.container;
    let acc = byName.get(c.name);
    if (!acc) {
      acc = {
        ref: { name: c.name, id: c.id || undefined, service: s.service, spanCount: 0 },
        firstStart: Infinity,
        services: new Map(),
      };
      byName.set(c.name, acc);
    }
    acc.ref.spanCount++;
    acc.services.set(s.service, (acc.services.get(s.service) ?? 0) + 1);
    if (s.start < acc.firstStart) {
      acc.firstStart = s.start;
      acc.ref.firstSpanId = s.spanId;
    }
  }

  const refs = [...byName.values()]
    .sort((a, b) => a.firstStart - b.firstStart || a.ref.name.localeCompare(b.ref.name))
    .map((acc) => {
      // The service with the most spans names the container's role in this trace.
      let best = acc.ref.service;
      let bestCount = -1;
      for (const [svc, count] of acc.services) {
        if (count > bestCount) {
          best = svc;
          bestCount = count;
        }
      }
      return { ...acc.ref, service: best };
    });
  return {
    containers: refs,
    unmatched: [...unmatched].map(([service, reason]) => ({ service, reason })),
  };
}

export interface LoadTraceDeps {
  traces?: TracesBackend;
  inventory(signal?: AbortSignal): Promise<Inventory>;
}

/** Fetch the trace and the inventory in parallel; an inventory failure never hides the trace. */
export async function loadTrace(
  traceId: string,
  deps: LoadTraceDeps,
  opts: {
    signal?: AbortSignal;
    range?: TimeRange;
    /** Hide what the caller may not see (lib/server/auth/trace-scope.ts); none shown → not found. */
    redact?: (t: Trace) => { trace: Trace; hidden: number; shown: number };
  } = {},
): Promise<TraceLookup> {
  if (!deps.traces) return { kind: "not-configured" };
  const inventory: Promise<InventoryOutcome> = deps.inventory(opts.signal).then(
    (inv) => ({ ok: true, inventory: inv }),
    (err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
  const trace = await deps.traces.getTrace(traceId, { signal: opts.signal, range: opts.range });
  if (!trace || trace.spans.length === 0) return { kind: "not-found", traceId };
  if (!opts.redact) {
    const { containers, unmatched } = traceContainers(trace, await inventory);
    return { kind: "ok", body: { trace, containers, unmatched } };
  }
  const r = opts.redact(trace);
  if (r.shown === 0) return { kind: "not-found", traceId };
  const { containers, unmatched } = traceContainers(r.trace, await inventory);
  const open = new Set(r.trace.spans.filter((s) => !s.redacted).map((s) => s.service));
  return {
    kind: "ok",
    body: {
      trace: r.trace,
      containers,
      unmatched: unmatched.filter((u) => open.has(u.service)),
      ...(r.hidden
        ? {
            redacted: {
              spans: r.hidden,
              message: `${r.hidden} of ${r.trace.spans.length} spans ran in containers outside your scope: they are shown without attributes, events and links.`,
            },
          }
        : {}),
    },
  };
}
