// core/v1 Events → KubeEvents. Only this file knows where the API puts an event's times:
// the kubelet's aggregated form (`count`, `firstTimestamp`, `lastTimestamp`) and the newer
// form (`eventTime`, `series.count`, `series.lastObservedTime`), either of which may be null.
// Reads are scoped to one object by field selector (never a namespace's worth of events),
// bounded in pages, and cached briefly so the panels of one page view share one read.
import { z } from "zod";
import type { KubeEvent, KubeEventList } from "../../model/kube-event";
import { type Millis, millis } from "../../model/time";

const str = z.string();

export const eventSchema = z.looseObject({
  metadata: z.looseObject({ name: str.optional(), creationTimestamp: str.nullish() }).nullish(),
  involvedObject: z
    .looseObject({
      kind: str.nullish(),
      name: str.nullish(),
      namespace: str.nullish(),
      uid: str.nullish(),
      fieldPath: str.nullish(),
    })
    .nullish(),
  reason: str.nullish(),
  message: str.nullish(),
  type: str.nullish(),
  count: z.number().nullish(),
  firstTimestamp: str.nullish(),
  lastTimestamp: str.nullish(),
  eventTime: str.nullish(),
  series: z.looseObject({ count: z.number().nullish(), lastObservedTime: str.nullish() }).nullish(),
  source: z.looseObject({ component: str.nullish(), host: str.nullish() }).nullish(),
  reportingComponent: str.nullish(),
});
export type WireEvent = z.infer<typeof eventSchema>;

const MAX_MESSAGE = 1024;

function time(s: string | null | undefined): Millis | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? millis(t) : undefined;
}

const FIELD_PATH_RE = /^spec\.(?:containers|initContainers|ephemeralContainers)\{([^}]*)\}$/;

/** `spec.containers{web}` → `web`. */
export function containerOfFieldPath(p: string | null | undefined): string | undefined {
  const m = p ? FIELD_PATH_RE.exec(p) : null;
  return m?.[1] || undefined;
}

/** One wire Event → a KubeEvent; undefined when it has no reason or no time at all. */
export function toKubeEvent(e: WireEvent): KubeEvent | undefined {
  const reason = e.reason?.trim();
  if (!reason) return undefined;
  const first = time(e.firstTimestamp) ?? time(e.eventTime) ?? time(e.metadata?.creationTimestamp);
  const last = time(e.series?.lastObservedTime) ?? time(e.lastTimestamp) ?? first;
  if (first === undefined || last === undefined) return undefined;
  const count = Math.max(1, Math.floor(e.series?.count ?? e.count ?? 1));
  const io = e.involvedObject ?? {};
  const out: KubeEvent = {
    reason: reason.slice(0, 128),
    involved: { kind: io.kind ?? "", name: io.name ?? "" },
    firstAt: first <= last ? first : last,
    lastAt: first <= last ? last : first,
    count,
  };
  if (e.message) out.message = e.message.slice(0, MAX_MESSAGE);
  if (e.type) out.type = e.type;
  if (io.namespace) out.involved.namespace = io.namespace;
  if (io.uid) out.involved.uid = io.uid;
  if (io.fieldPath) out.involved.fieldPath = io.fieldPath;
  const c = containerOfFieldPath(io.fieldPath);
  if (c) out.container = c;
  const reporter = e.reportingComponent || e.source?.component;
  if (reporter) out.reporter = reporter;
  return out;
}

/** A field selector value, escaped as the API server's fields.EscapeValue does. */
export function escapeFieldValue(v: string): string {
  return v.replace(/[\\,=]/g, (c) => `\\${c}`);
}

export const podEventsSelector = (pod: string) =>
  `involvedObject.kind=Pod,involvedObject.name=${escapeFieldValue(pod)}`;
export const nodeOomSelector = (node: string) =>
  `involvedObject.kind=Node,involvedObject.name=${escapeFieldValue(node)},reason=OOMKilling`;

/** A small time-bounded cache with in-flight sharing; the oldest entry goes first when full. */
export class EventCache {
  private readonly entries = new Map<string, { at: number; value: Promise<KubeEventList> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<KubeEventList>): Promise<KubeEventList> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { at: t, value });
    // A failure is not kept: the next page view asks again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }
}
