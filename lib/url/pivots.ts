// Pivots decided by lib/correlation become hrefs here, and nowhere else. Server code turns
// decisions into links for the API; components complete an ItemPivot with one item's time.
import type { ItemPivot, Pivot, PivotItem, PivotReason, PivotTarget } from "../model/pivot";
import type { TimeRange } from "../model/time";
import { normalizeSpanId, normalizeTraceId } from "../model/trace-id";
import { containerHref, traceHref, withChrome } from "./links";
import type { ChromeState } from "./state";
import { absoluteTime } from "./time";

const abs = (r: TimeRange) => ({ from: absoluteTime(r.from), to: absoluteTime(r.to) });

/** The in-app href of a target. Chrome (theme/embed) is added by the page that shows it. */
export function targetHref(t: PivotTarget, chrome: Partial<ChromeState> = {}): string {
  if (t.view === "trace") {
    return traceHref(t.traceId, {
      spanId: t.spanId,
      ...(t.range ? { from: t.range.from, to: t.range.to } : {}),
      theme: chrome.theme,
      embed: chrome.embed,
    });
  }
  return containerHref(t.ref, {
    ...(t.range ? { range: abs(t.range) } : {}),
    tab: t.tab,
    traceId: t.traceId,
    spanId: t.spanId,
    theme: chrome.theme,
    embed: chrome.embed ?? false,
  });
}

/** A decision from lib/correlation as it travels in the API: a link, or the reason unchanged. */
export function pivotLink(d: { kind: "target"; target: PivotTarget; label: string } | PivotReason): Pivot {
  if (d.kind === "reason") return d;
  return { kind: "link", href: targetHref(d.target), label: d.label };
}

/** A server-made link with the page's theme/embed added (links in the API carry none). */
export function pivotHref(p: Pivot, chrome: ChromeState): string | undefined {
  return p.kind === "link" ? withChrome(p.href, chrome) : undefined;
}

/**
 * One item's href from a decision made for many (span → logs/metrics, line/exemplar/trace row →
 * trace). Undefined when the item lacks what the target needs (no trace ID for a trace link).
 */
export function itemHref(p: ItemPivot, item: PivotItem, chrome: Partial<ChromeState> = {}): string | undefined {
  const range: TimeRange = {
    from: Math.floor(item.startMs - p.marginMs) as TimeRange["from"],
    to: Math.ceil(Math.max(item.endMs, item.startMs) + p.marginMs) as TimeRange["to"],
  };
  const t = p.target;
  if (t.view === "trace") {
    return item.traceId
      ? targetHref({ view: "trace", traceId: item.traceId, spanId: item.spanId, range }, chrome)
      : undefined;
  }
  return targetHref(
    {
      view: "container",
      ref: t.ref,
      range,
      tab: t.tab,
      ...(t.ids
        ? {
            traceId: item.traceId ? (normalizeTraceId(item.traceId) ?? undefined) : undefined,
            spanId: item.spanId ? (normalizeSpanId(item.spanId) ?? undefined) : undefined,
          }
        : {}),
    },
    chrome,
  );
}
