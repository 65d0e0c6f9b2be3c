// core/v1 Events as the API server returns them: the kubelet's aggregated form (count,
// firstTimestamp, lastTimestamp, eventTime null), the newer form (eventTime + series, first/last
// null), node-problem-detector's OOMKilling on a Node (in namespace `default`), and the
// field selectors the server registers for events (anchors/kubernetes.md §1.1).
import type { KubeObject } from "./kubernetes-state";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, "000Z");

export interface EventSpec {
  namespace: string;
  involved: { kind: "Pod" | "Node"; name: string; uid: string; namespace?: string; fieldPath?: string };
  reason: string;
  message: string;
  type?: "Normal" | "Warning";
  /** First and last occurrence (ms). */
  firstMs: number;
  lastMs?: number;
  count?: number;
  /** kubelet (aggregated, default), or a newer reporter writing eventTime + series. */
  form?: "aggregated" | "series";
  component?: string;
  host?: string;
  /** Distinguishes two events of one object in the same nanosecond (names must be unique). */
  salt?: number;
}

export function eventObject(e: EventSpec): KubeObject {
  const last = e.lastMs ?? e.firstMs;
  const count = e.count ?? 1;
  // Like the client-go recorder: `<object>.<hex UnixNano of the first occurrence>`.
  const name = `${e.involved.name}.${(BigInt(e.firstMs) * 1_000_000n + BigInt(e.salt ?? 0)).toString(16)}`;
  const component = e.component ?? "kubelet";
  const involvedObject = {
    kind: e.involved.kind,
    ...(e.involved.kind === "Pod" ? { namespace: e.involved.namespace ?? e.namespace } : {}),
    name: e.involved.name,
    uid: e.involved.uid,
    apiVersion: "v1",
    ...(e.involved.fieldPath ? { fieldPath: e.involved.fieldPath } : {}),
  };
  const base = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: e.namespace, creationTimestamp: iso(e.firstMs) },
    involvedObject,
    reason: e.reason,
    message: e.message,
    source: { component, ...(e.host ? { host: e.host } : {}) },
    type: e.type ?? "Normal",
    reportingComponent: component,
    reportingInstance: e.host ?? "",
  };
  if (e.form === "series")
    return {
      ...base,
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: micro(e.firstMs),
      ...(count > 1 ? { series: { count, lastObservedTime: micro(last) } } : {}),
      action: e.reason,
    };
  return { ...base, firstTimestamp: iso(e.firstMs), lastTimestamp: iso(last), count, eventTime: null };
}

/** Fields an events fieldSelector may name (kubernetes/kubernetes pkg/apis/core/v1/conversion.go). */
const EVENT_FIELDS: Record<string, (o: KubeObject) => string | undefined> = {
  "metadata.name": (o) => o.metadata.name,
  "metadata.namespace": (o) => o.metadata.namespace,
  "involvedObject.kind": (o) => inv(o).kind,
  "involvedObject.namespace": (o) => inv(o).namespace,
  "involvedObject.name": (o) => inv(o).name,
  "involvedObject.uid": (o) => inv(o).uid,
  "involvedObject.apiVersion": (o) => inv(o).apiVersion,
  "involvedObject.resourceVersion": (o) => inv(o).resourceVersion,
  "involvedObject.fieldPath": (o) => inv(o).fieldPath,
  reason: (o) => str(o.reason),
  reportingComponent: (o) => str(o.reportingComponent),
  source: (o) => str((o.source as { component?: string } | undefined)?.component),
  type: (o) => str(o.type),
};
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const inv = (o: KubeObject) => (o.involvedObject ?? {}) as Record<string, string | undefined>;

interface Requirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** Splits on unescaped commas and reads `f=v`, `f==v`, `f!=v` with `\` escapes, like fields.ParseSelector. */
export function parseFieldSelector(sel: string): Requirement[] | string {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < sel.length; i++) {
    const ch = sel[i];
    if (ch === "\\" && i + 1 < sel.length) {
      cur += ch + sel[i + 1];
      i++;
    } else if (ch === ",") {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  const out: Requirement[] = [];
  for (const p of parts) {
    if (!p) continue;
    const m = /^([^=!]+)(!=|==|=)(.*)$/.exec(p);
    if (!m?.[1] || !m[2]) return `invalid selector: '${sel}'; can't understand '${p}'`;
    const value = (m[3] ?? "").replace(/\\(.)/g, "$1");
    out.push({ field: m[1], op: m[2] === "!=" ? "!=" : "=", value });
  }
  return out;
}

/** Filter events by a field selector; a string is the API server's error for a bad one. */
export function filterEvents(objs: KubeObject[], sel: string | null): KubeObject[] | string {
  if (!sel) return objs;
  const reqs = parseFieldSelector(sel);
  if (typeof reqs === "string") return reqs;
  for (const r of reqs) if (!EVENT_FIELDS[r.field]) return `field label not supported: ${r.field}`;
  return objs.filter((o) =>
    reqs.every((r) => {
      const v = EVENT_FIELDS[r.field]?.(o) ?? "";
      return r.op === "=" ? v === r.value : v !== r.value;
    }),
  );
}
