// The page's time range from its `from` / `to` parameters and a `now`: pure, so the server
// page resolves the same range (and the same API URLs) the browser's useViewRange will.
import { type Millis, millis, type TimeRange } from "@/lib/model/time";
import { parseTimeParam, resolveTime, type TimeExpr } from "@/lib/url/time";

export const DEFAULT_FROM = "now-1h";

/** The two time expressions; a bad value falls back quietly (the server page validated the URL). */
export function viewExprs(
  fromRaw: string | null | undefined,
  toRaw: string | null | undefined,
  now: Millis,
): { fromExpr: TimeExpr; toExpr: TimeExpr } {
  const f = parseTimeParam(fromRaw ?? DEFAULT_FROM, now);
  const t = parseTimeParam(toRaw ?? "now", now);
  return {
    fromExpr: f.ok ? f.value : (parseTimeParam(DEFAULT_FROM, now) as { ok: true; value: TimeExpr }).value,
    toExpr: t.ok ? t.value : (parseTimeParam("now", now) as { ok: true; value: TimeExpr }).value,
  };
}

export function resolveViewRange(fromExpr: TimeExpr, toExpr: TimeExpr, now: Millis): TimeRange {
  return { from: resolveTime(fromExpr, now), to: resolveTime(toExpr, now, { roundUp: true }) };
}

/** The range a page with these search params shows at `now`. */
export function viewRangeOf(sp: { get(k: string): string | null }, now: number): TimeRange {
  const { fromExpr, toExpr } = viewExprs(sp.get("from"), sp.get("to"), millis(now));
  return resolveViewRange(fromExpr, toExpr, millis(now));
}
