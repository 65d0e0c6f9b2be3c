// TraceQL and `tags=` (logfmt) text for a container's traces. Values are quoted, so hostile
// service names or IDs cannot change the query.
import type { TraceSearchParams } from "../types";

const ATTR_NAME_RE = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;

/** A TraceQL string literal (Go strconv.Unquote syntax: JSON's escaping is a subset). */
export function traceqlString(v: string): string {
  return JSON.stringify(v);
}

function attrName(name: string): string {
  if (!ATTR_NAME_RE.test(name)) throw new Error(`${JSON.stringify(name)} cannot be used as a TraceQL attribute name`);
  return name;
}

/**
 * `{ resource.service.name = "cart" && resource.container.id = "…" && name = "op" }`: the
 * correlation attributes are resource attributes (container.id, host.name…), as with Jaeger.
 */
export function traceqlFor(p: Pick<TraceSearchParams, "service" | "operation" | "attributes">): string {
  const conds: string[] = [];
  if (p.service) conds.push(`resource.service.name = ${traceqlString(p.service)}`);
  for (const [k, v] of Object.entries(p.attributes ?? {})) conds.push(`resource.${attrName(k)} = ${traceqlString(v)}`);
  if (p.operation) conds.push(`name = ${traceqlString(p.operation)}`);
  return conds.length ? `{ ${conds.join(" && ")} }` : "{ }";
}

function logfmtValue(v: string): string {
  return /^[^\s"=\\]+$/.test(v) ? v : JSON.stringify(v);
}

/** The pre-TraceQL search: `tags=service.name=cart container.id=…` (logfmt). */
export function tagsFor(p: Pick<TraceSearchParams, "service" | "operation" | "attributes">): string {
  const pairs: [string, string][] = [];
  if (p.service) pairs.push(["service.name", p.service]);
  for (const [k, v] of Object.entries(p.attributes ?? {})) pairs.push([attrName(k), v]);
  if (p.operation) pairs.push(["name", p.operation]);
  return pairs.map(([k, v]) => `${k}=${logfmtValue(v)}`).join(" ");
}
