// The HTTP status of a page link: a link the page would answer with its "cannot read this
// link" page is a 400, so a deep-link checker or a monitor sees the failure (the page itself
// cannot set a status in the App Router; the proxy applies this one).
import type { Millis } from "../model/time";
import { normalizeTraceId } from "../model/trace-id";
import { parseGoParams } from "./go";
import { parseContainerView, parseEmbedView, parseInventoryView, parseTraceView } from "./state-parse";

function segment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** 400 when the page at `pathname` would show its URL error page for `sp`; undefined otherwise. */
export function pageUrlStatus(pathname: string, sp: URLSearchParams, now: Millis): 400 | undefined {
  const parts = pathname.split("/").filter(Boolean);
  let ok = true;
  if (parts[0] === "containers" && parts.length === 2) ok = parseContainerView(sp, now).ok;
  else if (parts[0] === "embed" && parts[1] === "containers" && parts.length === 3) ok = parseEmbedView(sp, now).ok;
  else if (parts[0] === "traces" && parts.length === 2)
    ok = normalizeTraceId(segment(parts[1] ?? "")) !== undefined && parseTraceView(sp, now).ok;
  else if (parts[0] === "go" && parts.length === 1) ok = parseGoParams(sp, now).ok;
  // A Kubernetes container is the container page; a workload reads the inventory's range.
  else if (parts[0] === "k8s" && parts[2] === "pods" && parts.length === 5) ok = parseContainerView(sp, now).ok;
  else if (parts[0] === "k8s" && parts.length === 4) ok = parseInventoryView(sp, now).ok;
  return ok ? undefined : 400;
}
