// In-app links out of the trace page. They keep `theme`/`embed` so an embedded or themed
// view stays that way (Jaeger's embed mode loses it: jaeger-ui#279).
import { type Millis, millis } from "@/lib/model/time";
import { containerHref, traceHref } from "@/lib/url/links";
import type { Tab } from "@/lib/url/params";
import type { ChromeState } from "@/lib/url/state";
import { absoluteTime } from "@/lib/url/time";

const MINUTE = 60_000;
/** Margins around a trace or span for each pivot (DESIGN.md §4). */
export const TRACE_MARGIN_MS = 5 * MINUTE;
export const SPAN_LOGS_MARGIN_MS = 30_000;
export const SPAN_METRICS_MARGIN_MS = 15 * MINUTE;

export function containerLink(
  name: string,
  chrome: ChromeState,
  p: { from: Millis; to: Millis; tab?: Tab; traceId?: string; spanId?: string },
): string {
  return containerHref(name, {
    range: { from: absoluteTime(p.from), to: absoluteTime(p.to) },
    tab: p.tab,
    traceId: p.traceId,
    spanId: p.spanId,
    theme: chrome.theme,
    embed: chrome.embed,
  });
}

export function traceLink(traceId: string, chrome: ChromeState, spanId?: string): string {
  return traceHref(traceId, { ...chrome, spanId });
}

/** [from, to] widened by `marginMs` on both sides. */
export const around = (fromMs: number, toMs: number, marginMs: number) => ({
  from: millis(Math.floor(fromMs - marginMs)),
  to: millis(Math.ceil(toMs + marginMs)),
});

/** Jaeger UI's deep link; `uiFind` is how it highlights one span (no spanId param: jaeger-ui#303). */
export function jaegerTraceUrl(base: string | undefined, traceId: string, spanId?: string): string | undefined {
  if (!base) return undefined;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/trace/${encodeURIComponent(traceId)}`;
  url.search = spanId ? `?uiFind=${encodeURIComponent(spanId)}` : "";
  return url.toString();
}
