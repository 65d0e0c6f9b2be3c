// LogQL for a container's logs, its volume chart, and trace-ID searches (APIS.md §3).
import { normalizeTraceId } from "../model/trace-id";
import { type ContainerLike, containerKeys, keyValue } from "./keys";
import { type LokiMapping, type LokiMatcherMapping, quoteForMessage as q, type Reason } from "./mapping";
import {
  anyOfRegex,
  durationSeconds,
  type LineFilterMode,
  lineFilter,
  type MatcherText,
  matcher,
  QueryBuildError,
  quote,
  selector,
} from "./quote";

export interface QueryText {
  kind: "query";
  query: string;
}

export interface UserLineFilter {
  text: string;
  mode: LineFilterMode;
}

/** Runs a builder, turning a QueryBuildError (bad value) into a Reason. */
export function guarded<T>(f: () => T | Reason): T | Reason {
  try {
    return f();
  } catch (e) {
    if (e instanceof QueryBuildError) return { kind: "reason", message: e.message };
    throw e;
  }
}

const text = (query: string): QueryText => ({ kind: "query", query });

function valueFor(m: LokiMatcherMapping, v: string): string {
  return m.slash ? `/${v}` : v;
}

export function lokiMatchers(mapping: LokiMapping, c: ContainerLike): MatcherText[] | Reason {
  const k = containerKeys(c);
  const v = keyValue(k, mapping.key);
  if (!v) {
    return {
      kind: "reason",
      message: `Container ${q(k.name)} has no ${mapping.key}, which Loki label ${q(mapping.label)} needs.`,
      suggestion: `Set a Loki mapping on another key in the correlation file, e.g. {"loki":{"label":"container","key":"name"}}.`,
    };
  }
  const out = [matcher(mapping.label, "=", valueFor(mapping, v))];
  const labels = [mapping.label];
  for (const a of mapping.also ?? []) {
    const av = keyValue(k, a.key);
    if (av) {
      out.push(matcher(a.label, "=", valueFor(a, av)));
      labels.push(a.label);
    }
  }
  if (labels.every((l) => SCOPE_ONLY_LABELS.has(l))) {
    return {
      kind: "reason",
      message: `A Loki selector on ${labels.map(q).join(" and ")} alone would read every stream of a namespace or cluster, not container ${q(k.name)}.`,
      suggestion: `Map the container to a pod or container label, e.g. {"loki":{"label":"pod","key":"kubePod","also":[{"label":"namespace","key":"namespace"}]}}.`,
    };
  }
  return out;
}

/** Labels that only scope (a namespace, a cluster): a selector made of these alone selects far too much. */
export const SCOPE_ONLY_LABELS = new Set([
  "namespace",
  "k8s_namespace_name",
  "service_namespace",
  "cluster",
  "k8s_cluster_name",
]);

export function lokiSelector(mapping: LokiMapping, c: ContainerLike): QueryText | Reason {
  return guarded(() => {
    const m = lokiMatchers(mapping, c);
    return Array.isArray(m) ? text(selector(m)) : m;
  });
}

function withFilter(sel: QueryText | Reason, filter: UserLineFilter | undefined): QueryText | Reason {
  if (sel.kind === "reason" || !filter) return sel;
  const f = lineFilter(filter.text, filter.mode);
  if (!f.ok) return { kind: "reason", message: f.error, suggestion: "Fix the filter, or switch it to plain text." };
  return text(f.filter ? `${sel.query} ${f.filter}` : sel.query);
}

/** The container's log query with the user's optional line filter. */
export function logQuery(mapping: LokiMapping, c: ContainerLike, filter?: UserLineFilter): QueryText | Reason {
  return withFilter(lokiSelector(mapping, c), filter);
}

/** Lines per step for the volume chart: `sum(count_over_time(<sel> <filter> [<step>s]))`. */
export function logVolumeQuery(
  mapping: LokiMapping,
  c: ContainerLike,
  stepSeconds: number,
  filter?: UserLineFilter,
): QueryText | Reason {
  const q0 = logQuery(mapping, c, filter);
  if (q0.kind === "reason") return q0;
  return guarded(() => text(`sum(count_over_time(${q0.query} [${durationSeconds(stepSeconds)}]))`));
}

/**
 * The text to search log lines for. A trace ID whose high 64 bits are zero is searched by its
 * 16-char form, which is a substring of the 32-char form, so both spellings match.
 */
export function traceIdNeedle(traceId: string): string | undefined {
  const id = normalizeTraceId(traceId);
  if (!id) return undefined;
  return id.startsWith("0000000000000000") ? id.slice(16) : id;
}

function badTraceId(traceId: string): Reason {
  return { kind: "reason", message: `${q(traceId)} is not a trace ID (1 to 32 hex characters, not all zero).` };
}

export type TraceIdVia = "line" | "metadata";

/**
 * The container's lines that mention a trace. `line` is a substring filter (trace ID in the
 * text: logfmt, JSON, Spring); `metadata` filters structured metadata `trace_id` (OTel logs),
 * which a line filter cannot see (grafana/grafana#90335).
 */
export function traceLogsQuery(
  mapping: LokiMapping,
  c: ContainerLike,
  traceId: string,
  via: TraceIdVia = "line",
): QueryText | Reason {
  const needle = traceIdNeedle(traceId);
  if (!needle) return badTraceId(traceId);
  const sel = lokiSelector(mapping, c);
  if (sel.kind === "reason") return sel;
  const id = normalizeTraceId(traceId) ?? needle;
  return text(via === "line" ? `${sel.query} |= ${quote(needle)}` : `${sel.query} | trace_id=${quote(id)}`);
}

/** One query over several containers: `{label=~"a|b|c"} |= "<id>"`. */
export function traceLogsQueryForContainers(
  mapping: LokiMapping,
  containers: readonly ContainerLike[],
  traceId: string,
): QueryText | Reason {
  const needle = traceIdNeedle(traceId);
  if (!needle) return badTraceId(traceId);
  const values = [
    ...new Set(
      containers.flatMap((c) => {
        const v = keyValue(containerKeys(c), mapping.key);
        return v ? [valueFor(mapping, v)] : [];
      }),
    ),
  ].sort();
  if (values.length === 0) {
    return {
      kind: "reason",
      message: `None of these containers has a ${mapping.key} for Loki label ${q(mapping.label)}.`,
    };
  }
  return guarded(() => {
    const m =
      values.length === 1
        ? matcher(mapping.label, "=", values[0] ?? "")
        : matcher(mapping.label, "=~", anyOfRegex(values));
    return text(`${selector([m])} |= ${quote(needle)}`);
  });
}

/** Extra stream labels a context query may add (each only narrows the container's selector). */
export const MAX_CONTEXT_LABELS = 32;

/**
 * The exact stream of one of this container's log lines, for context queries. The selector is
 * rebuilt from the container's own mapping; the line's other stream labels (as the client sent
 * them) only add equality matchers, so they narrow the container's streams and never widen them.
 * A label that contradicts the mapping is refused rather than silently ignored.
 */
export function containerStreamSelector(
  mapping: LokiMapping,
  c: ContainerLike,
  stream: Record<string, string>,
): QueryText | Reason {
  return guarded(() => {
    const own = lokiMatchers(mapping, c);
    if (!Array.isArray(own)) return own;
    const fixed = new Map<string, string>();
    const k = containerKeys(c);
    for (const m of [mapping, ...(mapping.also ?? [])]) {
      const v = keyValue(k, m.key);
      if (v) fixed.set(m.label, valueFor(m, v));
    }
    const extra = Object.keys(stream)
      .filter((l) => !fixed.has(l))
      .sort();
    for (const [label, value] of fixed) {
      const sent = stream[label];
      if (sent !== undefined && sent !== value)
        return {
          kind: "reason",
          message: `This line's ${q(label)} is ${q(sent)}, not this container's ${q(value)}.`,
          suggestion: "Open the context from the container the line belongs to.",
        };
    }
    if (extra.length > MAX_CONTEXT_LABELS)
      return { kind: "reason", message: `The line has more than ${MAX_CONTEXT_LABELS} stream labels.` };
    return text(selector([...own, ...extra.map((l) => matcher(l, "=", stream[l] ?? ""))]));
  });
}
